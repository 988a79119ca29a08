"""The local, versioned store of lists (one SQLite file in a store folder)."""

from watchlist.store.bundle import bundle_folder, bundled_lists, ensure_lists
from watchlist.store.core import ImportResult, Store, Version, default_store_folder
from watchlist.store.diff import EntityChange, ListDiff, diff_versions

__all__ = [
    "Store",
    "Version",
    "ImportResult",
    "default_store_folder",
    "EntityChange",
    "ListDiff",
    "diff_versions",
    "bundle_folder",
    "bundled_lists",
    "ensure_lists",
]
