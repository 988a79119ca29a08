"""The compiled module (``csrc/``, ``watchlist._engine``), imported here once and refused when stale.

The matcher (:mod:`watchlist.engine`) and the word analyzer (:mod:`watchlist.names.translit`'s
skeletons) both use it; either import checks that a source checkout's module was built from the
C sources beside it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

try:
    from . import _engine
except ImportError as exc:  # a source checkout used without building it
    raise ImportError(f"watchlist's compiled engine is not built ({exc}). Install the project: "
                      "pip install -e . (needs a C compiler)") from None

__all__ = ["_engine"]


def _check_build() -> None:
    """In a source checkout, refuse a module built from other C sources than csrc/ holds (setup.py)."""
    csrc = Path(__file__).resolve().parents[1] / "csrc"
    paths = sorted(csrc.glob("*.[ch]"))
    if not _engine.SOURCES or not paths:
        return  # an installed package: its sources are not beside it
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    if h.hexdigest()[:16] != _engine.SOURCES:
        raise ImportError("watchlist's compiled engine was built from other sources than csrc/ holds. "
                          "Rebuild it: pip install -e .")


_check_build()
