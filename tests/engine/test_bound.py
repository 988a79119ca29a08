"""The engine's two shortcuts never change a result: a candidate score_bound (csrc/score.c) leaves
unscored always scores under the threshold, and a word pair token_sim_may (csrc/wordsim.c) settles
without measuring it is always under the similarity asked for."""

from __future__ import annotations

import random

from watchlist import _engine as E
from watchlist.engine import word
from watchlist.index.core import _query
from watchlist.match.features import MIN_SIM, compound_pairs, token_sim
from watchlist.names.tokens import analyze, join

from .conftest import perturbed

NEED_COMPOUND = 0.85


def test_pruned_candidates_score_under_the_threshold(un_index, un_listed) -> None:
    """Every candidate of 3,000 perturbed and 15 unlisted queries, at thresholds from 30 to 95."""
    queries = perturbed([n for n, _ in un_listed], 3000, 11)
    checked = pruned = 0
    for threshold in (30.0, 60.0, 72.0, 90.0, 95.0):
        for q in queries:
            toks, args = _query(q)
            if not toks:
                continue
            for nid, cut, score in un_index._engine.bounds(*args, threshold):
                checked += 1
                if cut:
                    pruned += 1
                    assert score < threshold, (q, un_index.name_text(nid), score, threshold)
    assert checked > 100_000
    assert pruned > checked // 2  # the bound does its work: most candidates are never aligned


def _units(toks):
    return list(toks) + [join(toks[i], toks[j]) for i, j in compound_pairs(toks)]


def test_may_never_settles_a_pair_that_reaches_the_need(un_index, un_listed, un_queries) -> None:
    """Query words and compounds against the listed words and compounds their keys reach and
    against random ones (every script of the UN list), at both needs the engine asks."""
    vocab = list(un_index.vocabulary)
    rng = random.Random(7)
    listed_units = [u for n, _ in rng.sample(un_listed, 1500) for u in _units(analyze(n))]
    settled = asked = 0
    for q in un_queries:
        for a in _units(analyze(q)):
            wa = word(a)
            near = [vocab[v] for v, _ in un_index._matches(a)]
            for b in near + rng.sample(listed_units, 40):
                wb = word(b)
                sim = None
                for need in (MIN_SIM, NEED_COMPOUND):
                    asked += 1
                    if E.token_sim_may(wa, wb, need):
                        continue
                    settled += 1
                    sim = token_sim(a, b)[0] if sim is None else sim
                    assert sim < need, (a.text, b.text, need, sim)
    assert settled > asked // 2
