"""Article screening speed: ms per 850-word article after start-up, without and with spaCy NER.

Usage: python bench/article_speed.py [--store DIR] [--ner]
Start-up (store, list indexes, lexicon; spaCy model with --ner) is timed apart. Then the
corpus articles (../shared/corpora/articles) are cut or joined to 850 words each and screened
once each, after one warm-up article; the median and the 90th percentile are printed, and how
many names were searched per article (each list once per name; texts searched earlier in the
run are not searched again).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "articles"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=None)
    ap.add_argument("--ner", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    from watchlist.screen.articles import ArticleScreener
    from watchlist.screen.documents import make_document
    from watchlist.screen.screener import Screener
    from watchlist.store import Store, ensure_lists

    store = Store(args.store)
    ensure_lists(store)
    ner = None
    if args.ner:
        from watchlist.screen.ner import load_ner

        ner = load_ner()
    names = Screener(store)
    screener = ArticleScreener(names, ner)
    queries: list[int] = []  # name texts searched (not found in the run's cache), per screen_many call
    search = names.screen_many

    def counted(texts, **kwargs):
        queries.append(len(texts))
        return search(texts, **kwargs)

    names.screen_many = counted
    print(f"start-up: {time.perf_counter() - t0:.2f} s (NER: {'on' if ner else 'off'})")
    words = [w for f in sorted(CORPUS.glob("0*.txt")) for w in f.read_text(encoding="utf-8").split(" ")]
    docs = [make_document(f"bench-{i}", " ".join(words[i * 850:(i + 1) * 850]), "text")
            for i in range(len(words) // 850)]
    screener.screen(make_document("warm-up", (ROOT / "examples" / "article.txt").read_text(encoding="utf-8"), "text"))
    times, searched = [], []
    for doc in docs:
        queries.clear()
        t = time.perf_counter()
        screener.screen(doc)
        times.append((time.perf_counter() - t) * 1000)
        searched.append(sum(queries))
    times.sort()
    print(f"{len(docs)} articles of 850 words: median {statistics.median(times):.0f} ms, "
          f"p90 {times[int(len(times) * 0.9)]:.0f} ms, max {times[-1]:.0f} ms; "
          f"names searched per article: mean {statistics.mean(searched):.1f}, median {statistics.median(searched):.0f}")


if __name__ == "__main__":
    main()
