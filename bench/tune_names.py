"""Dev benchmark in-process: name_eval.py's data screened through NameIndex (no CLI).

    python bench/tune_names.py --n 2000 --seed 1 [--suites uk,un] [--show-misses 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import name_eval as ne  # noqa: E402

from watchlist.index import NameIndex  # noqa: E402
from watchlist.models import EntityType  # noqa: E402

TYPE = {"individual": EntityType.PERSON, "entity": EntityType.ORGANIZATION, "vessel": EntityType.VESSEL}


def dev_data(suites: list[str], n: int, seed: int) -> tuple[dict, list]:
    """name_eval.py's suites: {suite: (listed (id, name, type), positive queries)} and the negatives."""
    uk = ne.load_uk() if "uk" in suites else []
    un = ne.load_un() if "un" in suites else []
    forbidden = set()
    for g in uk:
        forbidden.add(ne.token_set(g["primary"]))
        forbidden.update(ne.token_set(v) for v in g["variants"])
    forbidden.update(ne.token_set(r["name"]) for r in un)
    negs, _ = ne.negatives(n, seed, forbidden)
    data = {}
    if uk:
        data["uk"] = ([(g["id"], g["primary"], g["type"]) for g in uk], ne.uk_queries(uk, n, seed))
    if un:
        data["un"] = ([(r["id"], r["name"], r["type"]) for r in un], ne.un_queries(un)[0])
    return data, negs


def _dump(out, name, idx, lst, queries, hits) -> None:
    """One line per miss (split, query, expected name, its score and whether retrieval found it) and false alert."""
    from watchlist.names.tokens import analyze
    ids = {gid: i for i, (gid, _, _) in enumerate(lst)}
    for q, hs in zip(queries, hits):
        top = f"{hs[0].score} {lst[hs[0].group][1]!r}" if hs else "-"
        if q["kind"] == "negative":
            if hs:
                out.write(f"{name}\tFALSE\tneg {q['script']}\t{q['query']!r}\t{top}\t{hs[0].explanation}\n")
            continue
        if any(lst[h.group][0] in q["expected"] for h in hs):
            if lst[hs[0].group][0] not in q["expected"]:
                out.write(f"{name}\tRANK\t{q.get('overlap', q.get('treatment'))} {q['type']}\t{q['query']!r}\t{top}\n")
            continue
        toks = analyze(q["query"])
        cands = set(idx.candidates(q["query"])) if toks else set()
        best = None
        for gid in q["expected"]:
            nid = ids[gid]
            s, _ = idx.score_name(q["query"], nid) if toks else (0.0, [])
            if best is None or s > best[0]:
                best = (s, nid, nid in cands)
        s, nid, found = best
        split = q.get("overlap", q.get("treatment"))
        out.write(f"{name}\tMISS\t{split} {q['type']}\t{q['query']!r}\texp {s} {lst[nid][1]!r}"
                  f" {'retrieved' if found else 'NOT-RETRIEVED'}\ttop {top}\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--suites", default="uk,un")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--show-false", type=int, default=0)
    ap.add_argument("--reference", action="store_true",
                    help="search with the Python reference (watchlist.index.reference), not the compiled engine;"
                         " implied by --set, whose constants only the Python code reads")
    ap.add_argument("--dump", help="write every miss and false alert, with its split and scores, to this file")
    ap.add_argument("--set", action="append", default=[], help="module.CONST=value overrides, e.g. score._ALPHA_LISTED=0.4")
    a = ap.parse_args()
    import importlib
    for item in a.set:
        target, value = item.split("=")
        mod, const = target.rsplit(".", 1)
        setattr(importlib.import_module("watchlist.match." + mod), const, float(value))
    data, negs = dev_data(a.suites.split(","), a.n, a.seed)
    rows = []
    dump = open(a.dump, "w", encoding="utf-8") if a.dump else None
    for name, (lst, pos) in data.items():
        t0 = time.perf_counter()
        idx = NameIndex.build([(i, n, TYPE[t]) for i, (_, n, t) in enumerate(lst)])
        t1 = time.perf_counter()
        blob = idx.dumps()
        t2 = time.perf_counter()
        idx = NameIndex.loads(blob)
        t3 = time.perf_counter()
        if a.reference or a.set:
            idx.use_engine = False
        queries = pos + negs
        t4 = time.perf_counter()
        hits = idx.search_many([q["query"] for q in queries], limit=a.limit, threshold=a.threshold)
        t5 = time.perf_counter()
        res = {q["id"]: [lst[h.group][0] for h in hs] for q, hs in zip(queries, hits) if hs}
        m = ne.metrics(queries, res)
        rows.append([name, len(pos), ne.fmt(m["positives"]["recall"]), ne.fmt(m["positives"]["recall_at_1"]),
                     ne.fmt(m["positives"]["rank1_precision"]), len(negs),
                     ne.fmt(m["negatives"]["false_alert_rate"]), ne.fmt(m["negatives"]["alerts_per_query"], 3),
                     f"{len(queries) / (t5 - t4):.0f}", f"{t1 - t0:.2f}", f"{t3 - t2:.3f}", len(blob) // 1024])
        print(f"{name}: " + ", ".join(f"{k} {v['n']}:{v.get('recall', v.get('false_alert_rate'))}"
                                       for k, v in m["by"].items()))
        if dump:
            _dump(dump, name, idx, lst, queries, hits)
        shown = 0
        for q, hs in zip(queries, hits):
            if q["kind"] == "positive" and shown < a.show_misses and not any(lst[h.group][0] in q["expected"] for h in hs):
                shown += 1
                exp = [n for i, n, _ in lst if i in q["expected"]]
                top = f"{hs[0].score} {lst[hs[0].group][1]}" if hs else "-"
                print(f"  MISS {q['query']!r} -> {exp[:1]} | top: {top}")
        shown = 0
        for q, hs in zip(queries, hits):
            if q["kind"] == "negative" and hs and shown < a.show_false:
                shown += 1
                print(f"  FALSE {q['query']!r} -> {hs[0].score} {lst[hs[0].group][1]!r} :: {hs[0].explanation}")
    print(ne.table(["list", "pos", "recall%", "recall@1%", "rank1 prec%", "neg", "false-alert%", "alerts/neg",
                    "names/s", "build s", "load s", "KB"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
