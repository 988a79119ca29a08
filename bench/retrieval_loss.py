#!/usr/bin/env python3
"""Retrieval loss: the share of hits an exhaustive scan finds that the index misses.

On the dev benchmark's data (the UK and UN suites of ../shared/bench/name_eval.py,
as in bench/tune_names.py), a sample of queries (positives and negatives) is
screened two ways with the same scorer and word weights, at the default threshold:

* index: ``NameIndex.search`` (key retrieval, top candidates, exact scores);
* exhaustive: every listed name that has at least one word pair that can reach
  ``MIN_SIM`` is scored with ``score_tokens``; a name with no such pair has no
  aligned pair and scores 0. The word pairs are found over the whole vocabulary
  without the retrieval keys: equal Latin form, skeleton, core, variant set or
  squeezed form (dict look-ups), typos by OSA distance (rapidfuzz ``cdist``,
  the bound of features._fuzzy), truncation, and ``token_sim`` itself for
  abjad words, initials and numbers.

A hit is a (query, listed group) pair at or above the threshold. Printed: the
exhaustive hits, those the index misses (and their share), and the index hits
the exhaustive scan does not have (must be 0).

    python bench/retrieval_loss.py --n 300 --seed 1 [--show 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import name_eval as ne
from tune_names import TYPE, dev_data

from watchlist.index import NameIndex
from watchlist.index.reference import alternate_met
from watchlist.match.features import _SQUEEZE, MIN_SIM, token_sim
from watchlist.match.score import DEFAULT_THRESHOLD
from watchlist.names.tokens import LOW_KINDS, analyze, join
from watchlist.names.translit import latinize


def _squeeze(s: str) -> str:
    return _SQUEEZE.sub(r"\1", s)


class Exhaustive:
    """Every listed name that shares a possibly similar word with a query, scored exactly."""

    def __init__(self, idx: NameIndex) -> None:
        self.idx = idx
        self.words = list(idx.vocabulary)
        self.by: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for v, t in enumerate(self.words):
            for field, value in (("latin", t.latin), ("latin", t.core), ("skel", t.skel), ("loose", t.loose),
                                 ("skel", t.core_skel), ("squeeze", _squeeze(t.latin)), ("text", t.text)):
                if value:
                    self.by[field][value].append(v)
            for x in t.variants:
                self.by["variant"][str(x)].append(v)
        self.forms = [[t.latin for t in self.words], [t.core or t.latin for t in self.words],
                      [latinize(t.text) for t in self.words]]
        self.lens = np.array([len(x) for x in self.forms[0]])
        self.special = [v for v, t in enumerate(self.words)
                        if t.abjad or t.kind not in ("name", "patronymic")]

    def similar_words(self, t) -> set[int]:
        """Vocabulary ids whose similarity with word t may reach MIN_SIM (a superset)."""
        if t.kind in LOW_KINDS:
            return set()
        out: set[int] = set()
        if t.abjad or t.kind not in ("name", "patronymic"):
            return {v for v, w in enumerate(self.words) if token_sim(t, w)[0] >= MIN_SIM}
        for field, value in (("latin", t.latin), ("latin", t.core), ("skel", t.skel), ("loose", t.loose),
                             ("skel", t.core_skel), ("squeeze", _squeeze(t.latin)), ("text", t.text)):
            if value:
                out.update(self.by[field].get(value, ()))
        for x in t.variants:
            out.update(self.by["variant"].get(str(x), ()))
        qforms = [t.latin, t.core or t.latin, latinize(t.text)]
        for qf in qforms:
            for forms in self.forms:
                d = process.cdist([qf], forms, scorer=OSA.distance, dtype=np.int32, workers=1)[0]
                n = np.maximum(len(qf), self.lens)
                ub = np.where((d == 1) & (n >= 4), 0.92, np.where((d == 2) & (n >= 7), 0.86, 1 - 1.25 * d / n))
                out.update(np.nonzero(ub >= MIN_SIM)[0].tolist())
        lat = t.latin
        if len(lat) >= 4:
            out.update(v for v, w in enumerate(self.forms[0]) if len(w) >= 4 and (w.startswith(lat) or lat.startswith(w)))
        out.update(v for v in self.special if token_sim(t, self.words[v])[0] >= MIN_SIM)
        return out

    def search(self, query: str, threshold: float) -> dict[int, float]:
        """group -> best score, over every name that can score above 0."""
        idx = self.idx
        q = analyze(query)
        if not q:
            return {}
        units = list(q) + [join(q[i], q[j]) for i, j in _pairs(q)]
        vids: set[int] = set()
        for t in units:
            vids |= self.similar_words(t)
        nids: set[int] = set()
        po, pn = idx._state["post_off"], idx._state["post_nid"]
        for v in vids:
            nids.update(pn[po[v]:po[v + 1]].tolist())
        best: dict[int, float] = {}
        for nid in nids:  # the queries have no type: every listed type is compatible
            score, pairs = idx.score_name(query, nid)
            if nid >= len(idx) and not alternate_met(idx._name_tokens(nid), pairs):
                continue  # a one-word reading of a listed name's parentheses counts only met exactly
            if score >= threshold:
                g = idx._group(nid)
                best[g] = max(best.get(g, 0.0), score)
        return best


def _pairs(q):
    from watchlist.match.features import compound_pairs

    return list(compound_pairs(q))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="queries per suite (half positives, half negatives)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--suites", default="uk,un")
    ap.add_argument("--show", type=int, default=10, help="print this many misses")
    a = ap.parse_args()
    threshold = DEFAULT_THRESHOLD
    suites = a.suites.split(",")
    data, negs = dev_data(suites, 2000, a.seed)
    rng = random.Random(a.seed)
    total_ex = total_missed = total_extra = 0
    rows = []
    for name, (lst, pos) in data.items():
        idx = NameIndex.build([(i, n, TYPE[t]) for i, (_, n, t) in enumerate(lst)])
        sample = rng.sample(pos, min(len(pos), a.n // 2)) + rng.sample(negs, a.n - min(len(pos), a.n // 2))
        queries = [q["query"] for q in sample]
        ex = Exhaustive(idx)
        t0 = time.perf_counter()
        got = idx.search_many(queries, limit=10_000, threshold=threshold)
        t1 = time.perf_counter()
        n_ex = n_missed = n_extra = 0
        shown = 0
        for query, hits in zip(queries, got):
            found = {h.group: h.score for h in hits}
            full = ex.search(query, threshold)
            n_ex += len(full)
            missed = {g: s for g, s in full.items() if g not in found}
            n_missed += len(missed)
            n_extra += sum(1 for g in found if g not in full)
            for g, s in missed.items():
                if shown < a.show:
                    shown += 1
                    print(f"  {name} MISS {query!r} -> {lst[g][1]!r} ({s})")
        t2 = time.perf_counter()
        rows.append([name, len(queries), n_ex, n_missed, f"{100 * n_missed / max(1, n_ex):.2f}", n_extra,
                     f"{t1 - t0:.1f}", f"{t2 - t1:.1f}"])
        total_ex += n_ex
        total_missed += n_missed
        total_extra += n_extra
    rows.append(["all", sum(r[1] for r in rows), total_ex, total_missed,
                 f"{100 * total_missed / max(1, total_ex):.2f}", total_extra, "", ""])
    print(ne.table(["suite", "queries", "exhaustive hits", "index misses", "loss %", "index-only hits",
                    "index s", "exhaustive s"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
