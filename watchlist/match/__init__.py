"""Name comparison: a 0..100 score, a decision and a part-by-part explanation.

``compare(query, candidate)`` uses exactly the scorer of
:class:`watchlist.index.NameIndex`; the only difference is the word weights:
the index knows how common each word is among its names, ``compare`` uses the
shipped common-word table. See :mod:`watchlist.match.score` for the bands.
"""

from __future__ import annotations

from .score import DEFAULT_THRESHOLD, MATCH_THRESHOLD, Explanation, PartMatch, explain_names

__all__ = ["DEFAULT_THRESHOLD", "MATCH_THRESHOLD", "compare", "explain", "Explanation", "PartMatch"]


def compare(query: str, candidate: str) -> float:
    """Score two names 0..100 (100 = equal after normalization)."""
    return explain_names(query, candidate).score


def explain(query: str, candidate: str) -> Explanation:
    """Score two names and say which query part met which listed part, by what rule."""
    return explain_names(query, candidate)
