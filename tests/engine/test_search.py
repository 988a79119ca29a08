"""csrc/search.c: the engine's search is the Python reference's (watchlist.index.reference): the same
candidates, hits, scores and explanations, at every threshold, query type and group subset."""

from __future__ import annotations

import random

from watchlist.index import NameIndex, reference
from watchlist.models import EntityType as T
from watchlist.names.tokens import analyze, join


def _rows(results):
    return [[(h.group, h.name_id, h.score, h.decision, h.explanation) for h in hits] for hits in results]


def _both(idx: NameIndex, queries, **kw):
    idx.use_engine = True
    engine = _rows(idx.search_many(queries, **kw))
    idx.use_engine = False
    try:
        ref = _rows(idx.search_many(queries, **kw))
    finally:
        idx.use_engine = True
    return engine, ref


def test_candidates_equal_reference(un_index, un_queries) -> None:
    for q in un_queries:
        toks = analyze(q)
        assert un_index.candidates(q) == (reference.candidates(un_index, toks) if toks else []), q


def test_matches_equal_reference(un_index, un_queries) -> None:
    for q in un_queries[:200]:
        for t in analyze(q):
            assert un_index._matches(t) == reference.matches(un_index, t), t.text


def test_search_equals_reference(un_index, un_queries) -> None:
    for threshold in (None, 0.0, 90.0):
        engine, ref = _both(un_index, un_queries, threshold=threshold)
        assert engine == ref
        assert sum(map(len, engine)) > len(un_queries) // 3


def test_query_types_limits_and_groups(un_index, un_queries) -> None:
    rng = random.Random(2)
    groups = set(rng.sample(range(len(un_index)), 400))
    for kw in ({"query_type": T.PERSON}, {"query_type": T.ORGANIZATION}, {"limit": 1}, {"groups": groups},
               {"groups": frozenset()}, {"limit": 0}):
        engine, ref = _both(un_index, un_queries[:250], threshold=60.0, **kw)
        assert engine == ref, kw


def test_results_do_not_depend_on_query_order(un_index, un_queries) -> None:
    first = _rows(un_index.search_many(un_queries))
    again = _rows(NameIndex.loads(un_index.dumps()).search_many(un_queries[::-1]))[::-1]
    assert again == first


def test_query_word_weights_equal_the_index_weight(un_index, un_queries) -> None:
    """The engine weighs a query word as NameIndex.weight does: the table weight or its rarity here."""
    from watchlist.engine import word
    from watchlist.names.tokens import join

    words = list(un_index.vocabulary)[:5000]
    for q in un_queries:
        toks = analyze(q)
        words += list(toks) + [join(a, b) for a, b in zip(toks, toks[1:])]
    for t in words:
        assert un_index._engine.weight(word(t)) == un_index.weight(t), t.text


def test_search_many_is_search_of_each_query(un_index, un_queries) -> None:
    """search_many has the engine search all its queries in one call: the hits are search()'s, query by query
    (repeated and empty queries, thresholds, types, limits, group subsets, alternates of parentheses)."""
    qs = un_queries[:300] + un_queries[:25] + ["", "  ", "()"]
    groups = set(random.Random(3).sample(range(len(un_index)), 300))
    read_as = 0
    for kw in ({}, {"threshold": 0.0}, {"query_type": T.PERSON, "limit": 3}, {"query_type": T.ORGANIZATION},
               {"groups": groups}, {"groups": list(groups)[:50]}, {"limit": 0}):
        many = _rows(un_index.search_many(qs, **kw))
        assert many == _rows([un_index.search(q, **kw) for q in qs]), kw
        read_as += sum("listed name read as" in h[4] for hits in many for h in hits)
    assert read_as  # hits on a reading of a listed name's parentheses are among them


def test_compound_words_cache_bound(un_index, un_queries, monkeypatch) -> None:
    """_query remembers the engine's words of query compounds by the two words' texts in a bounded
    dict: emptied when full, it holds no more than its bound and the hits stay the reference's."""
    from watchlist.index import core

    qs = un_queries[:200]
    monkeypatch.setattr(core, "_COMPOUNDS_MAX", 5)
    core._query.cache_clear()
    core._COMPOUNDS.clear()
    sizes, n_comps = set(), 0
    for q in qs:
        toks, args = core._query(q)
        n_comps += len(args[1])
        sizes.add(len(core._COMPOUNDS))
        assert [w.text for _, _, w in args[1]] == [join(toks[i], toks[j]).text for i, j, _ in args[1]]
    assert n_comps > 50 and max(sizes) <= 5
    engine, ref = _both(un_index, qs)
    core._query.cache_clear()
    assert engine == ref
