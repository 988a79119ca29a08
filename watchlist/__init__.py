"""watchlist: screen names, files of names and news articles against public designation lists.

The public API (imported lazily, so the command line starts fast)::

    from watchlist import Store, Screener, compare, explain
    store = Store("~/my-store")              # a folder; one SQLite file inside
    ensure_lists(store)                      # imports the bundled lists into an empty store
    Screener(store).screen("Hashim Safi al-Din")
    compare("Qasem Soleimani", "SOLEIMANI, Qasem")   # 0..100
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Store": "watchlist.store",
    "Version": "watchlist.store",
    "ensure_lists": "watchlist.store",
    "diff_versions": "watchlist.store",
    "read_list": "watchlist.sources",
    "Screener": "watchlist.screen.screener",
    "Alert": "watchlist.screen.screener",
    "screen_file": "watchlist.screen.batch",
    "compare": "watchlist.match",
    "explain": "watchlist.match",
    "DEFAULT_THRESHOLD": "watchlist.match",
    "MATCH_THRESHOLD": "watchlist.match",
    "normalize": "watchlist.names.normalize",
    "Entity": "watchlist.models",
    "EntityType": "watchlist.models",
    "Name": "watchlist.models",
    "NameKind": "watchlist.models",
    "WatchlistError": "watchlist.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'watchlist' has no attribute {name!r}")
