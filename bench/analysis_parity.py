#!/usr/bin/env python3
"""Parity of the name analyzer across two builds: every output a query or an index is made of.

For each name of a corpus it records normalize(name), analyze(name) (every Token field), the
engine arguments of each word (:func:`watchlist.engine.word_features`) and of each compound
(:func:`watchlist.names.tokens.join` of :func:`watchlist.match.features.compound_pairs`), and
the retrieval keys of each (:func:`watchlist._engine.word_keys`); and the digest of the index each
list builds (:meth:`watchlist.index.NameIndex.build`, every byte of it). ``dump`` writes them to a
pickle; ``check`` recomputes them with the installed code and lists every difference.

Corpus: the listed names of a store's latest versions (the four bundled lists), the names of
the UN and UK files in ../shared/lists-raw (with their non-Latin-script names), and query files.

    python bench/analysis_parity.py dump  OUT.pkl --store DIR --queries Q.csv [Q.csv ...]
    python bench/analysis_parity.py check OUT.pkl --store DIR --queries Q.csv [Q.csv ...]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "lists-raw"


def corpus(store: Path, queries: list[str]) -> list[str]:
    from watchlist.sources import read_list
    from watchlist.store import Store

    names: dict[str, None] = {}
    st = Store(store)
    for v in st.latest_versions():
        names.update((n, None) for _, n, _ in st.names(v))
    st.close()
    raw_lists = [([RAW / "un-sc" / "consolidated.xml"], "un-sc")]
    raw_lists += [([p], "uk-ofsi") for p in sorted((RAW / "uk-ofsi").iterdir())]
    for paths, fmt in raw_lists:
        for e in read_list(paths, fmt).entities:
            names.update((n.text, None) for n in e.names)
    for q in queries:
        with open(q, newline="", encoding="utf-8") as f:
            names.update((row["name"], None) for row in csv.DictReader(f))
    return list(names)


def outputs(names: list[str]) -> dict[str, tuple]:
    from watchlist import _engine
    from watchlist.engine import word_features
    from watchlist.match.features import compound_pairs
    from watchlist.names.normalize import normalize
    from watchlist.names.tokens import analyze, join

    def packed(t):
        f = word_features(t)
        return (tuple(getattr(t, k) for k in t.__slots__), f, tuple(_engine.word_keys(_engine.Word(*f))))

    out = {}
    for name in names:
        toks = analyze(name)
        comps = tuple((i, j, packed(join(toks[i], toks[j]))) for i, j in compound_pairs(toks))
        out[name] = (normalize(name), tuple(packed(t) for t in toks), comps)
    return out


def index_digests(store: Path) -> dict[str, str]:
    """sha256 of the index each latest list version of the store builds (NameIndex.build(...).dumps())."""
    from watchlist.index import NameIndex
    from watchlist.store import Store

    st = Store(store)
    out = {}
    for v in st.latest_versions():
        t0 = time.process_time()
        out[v.list] = hashlib.sha256(NameIndex.build(st.names(v)).dumps()).hexdigest()
        print(f"index of {v.list} built in {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    st.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("pickle")
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", nargs="*", default=[])
    a = ap.parse_args()
    names = corpus(Path(a.store), a.queries)
    t0 = time.process_time()
    got = outputs(names)
    print(f"{len(names)} names analyzed in {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    digests = index_digests(Path(a.store))
    if a.mode == "dump":
        Path(a.pickle).write_bytes(pickle.dumps({"names": got, "indexes": digests}, protocol=5))
        return 0
    old = pickle.loads(Path(a.pickle).read_bytes())
    want = old["names"]
    bad = [n for n in want if got.get(n) != want[n]]
    missing = [n for n in want if n not in got]
    for n in bad[:20]:
        print(f"DIFF {n!r}\n  old {want[n]}\n  new {got.get(n)}")
    print(f"{len(want)} names compared: {len(bad)} differ, {len(missing)} not in this corpus")
    other = sorted(k for k in old["indexes"] if digests.get(k) != old["indexes"][k])
    print(f"{len(old['indexes'])} list indexes built and compared: {', '.join(other) or 'none'} differ")
    return 1 if bad or other else 0


if __name__ == "__main__":
    sys.exit(main())
