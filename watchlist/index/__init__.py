"""Candidate retrieval and scoring over the names of one list version: :class:`NameIndex`.

``build`` writes the flat arrays (:mod:`watchlist.index.build`), ``core`` searches them with
the compiled engine, ``reference`` is the same search in Python (the tests' reference).
"""

from .core import INDEX_FORMAT, Hit, IndexFormatError, NameIndex, analyze_queries

__all__ = ["Hit", "IndexFormatError", "NameIndex", "INDEX_FORMAT", "analyze_queries"]
