"""Names: the one normalizer, transliteration, word features and curated variant sets."""

from __future__ import annotations

import importlib

__all__ = ["release_caches"]

# modules whose functions keep per-word caches (functools.lru_cache)
_CACHED = ("watchlist.names.normalize", "watchlist.names.translit", "watchlist.names.variants",
           "watchlist.names.tokens", "watchlist.match.score", "watchlist.match.acronyms", "watchlist.engine")


def release_caches() -> None:
    """Empty the per-word caches (they refill as words come): after indexing a very large list."""
    for name in _CACHED:
        for value in vars(importlib.import_module(name)).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()
