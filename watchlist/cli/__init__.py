"""The ``watchlist`` command: a thin typer layer over the library.

stdout carries data only; progress, warnings and errors go to stderr.
Exit codes: 0 done (hits or not), 1 an error (``Error: <what>. <how to fix>``),
2 a usage error, 3 with ``--fail-on-match`` when anything matched.
Library exceptions become exit codes here, in this package, and nowhere else.
Each module registers its commands on ``app`` (or ``lists_app``) when imported.
"""

from __future__ import annotations

import csv
import os

# numpy holds the indexes' arrays and never multiplies matrices here: without this its OpenBLAS
# starts a thread per core at import, which spins beside the screening workers (1 % of a batch's CPU)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from watchlist.cli import lists as _lists  # noqa: F401  (registers commands)
from watchlist.cli import review as _review  # noqa: F401
from watchlist.cli import screening as _screening  # noqa: F401
from watchlist.cli import articles as _articles  # noqa: F401
from watchlist.cli import update as _update  # noqa: F401
from watchlist.cli._common import app, lists_app

__all__ = ["app", "lists_app", "main"]


def main() -> None:
    """Console-script entry point."""
    csv.field_size_limit(1_000_000)
    app()


