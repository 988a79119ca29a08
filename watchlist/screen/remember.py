"""Finish a batch report: drop cleared false positives, and remember the screening for re-screens.

``watchlist batch`` (either engine) writes its raw report to a temporary file;
:func:`finish_report` copies it to the real destination through
:func:`watchlist.screen.cleared.filter_report` and records what was screened
(every distinct name of the input, every alert key reported before clearing,
the list versions) with :func:`watchlist.store.screenings.record_screening`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO

from watchlist.screen.cleared import ReviewStats, filter_report
from watchlist.screen.inputs import read_rows
from watchlist.store.core import Store
from watchlist.store.decisions import Clearances
from watchlist.store.screenings import record_screening

__all__ = ["finish_report"]


def finish_report(store: Store, raw: Path, dst: IO[str], *, input_file: Path, column: str,
                  id_column: str | None, encoding: str, versions: Mapping[str, int],
                  show_cleared: bool = False, remember: bool = True) -> ReviewStats:
    """Copy the raw report at ``raw`` to ``dst`` without cleared alerts; record the screening."""
    with open(raw, encoding="utf-8", newline="") as src:
        stats = filter_report(src, dst, Clearances(store), show_cleared=show_cleared)
    if remember:
        queries = (r.name for r in read_rows(input_file, column, id_column, encoding) if r.name.strip())
        record_screening(store, input_file, column, versions, queries, stats.keys)
    return stats
