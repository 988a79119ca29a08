"""csrc/score.c, explain.c: the engine's alignment and score are score_tokens' to the last bit, pairs
included, and its explanation is explain_tokens' text."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from watchlist import _engine as E
from watchlist.engine import to_pairs, word
from watchlist.match.acronyms import acronyms
from watchlist.match.features import compound_pairs
from watchlist.match.score import default_weight, explain_tokens, score_tokens
from watchlist.names.normalize import normalize
from watchlist.names.tokens import analyze, join

PAIRS = list(csv.DictReader(open(Path(__file__).parents[1] / "fixtures" / "name_pairs.csv", encoding="utf-8")))


def _args(toks):
    return (tuple(word(t) for t in toks), [default_weight(t) for t in toks],
            tuple((i, j, word(join(toks[i], toks[j]))) for i, j in compound_pairs(toks)))


def _check(query: str, listed: str) -> float:
    q, c = analyze(query), analyze(listed)
    equal = bool(q) and normalize(query) == normalize(listed)
    py = score_tokens(q, c, weight=default_weight, equal=equal)
    score, pairs, text = E.score(*_args(q), tuple(acronyms(q)), *_args(c), tuple(acronyms(c)), equal)
    assert (score, to_pairs(pairs, c)) == py, (query, listed)
    assert text == explain_tokens(q, c, py[0], py[1]).text, (query, listed)
    return score


def test_golden_pairs() -> None:
    """Every rule of tests/fixtures/name_pairs.csv."""
    for row in PAIRS:
        _check(row["query"], row["candidate"])


def test_real_names(un_listed, un_queries) -> None:
    """Perturbed and unlisted queries against listed names: the same one, another, one sharing a word."""
    names = [n for n, _ in un_listed]
    rng = random.Random(8)
    scores = []
    for q in un_queries:
        for c in (rng.choice(names), rng.choice(names)):
            scores.append(_check(q, c))
        words = q.split()
        if words:
            share = [n for n in rng.sample(names, 200) if words[-1].lower() in n.lower()]
            for c in share[:3]:
                scores.append(_check(q, c))
    assert max(scores) == 100.0 and sum(s > 0 for s in scores) > 100


def test_acronyms_and_organisations() -> None:
    for q, c in [("IRGC", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)"), ("IRGC Air Force", "IRGC AIR FORCE"),
                 ("Sberbank", "PJSC SBERBANK (PUBLIC JOINT-STOCK COMPANY SBERBANK)"),
                 ("Institute of Applied Physics", "INSTITUTE OF APPLIED PHYSICS (IAP)"),
                 ("Mohammed Hamcho", "HAMCHO GROUP"), ("Abu Yasser", "YASSER, Ali"), ("Nadra", "NADERI, Mohammad"),
                 ("SPECIAL INDUSTRIES ORGANIZATION (SIO)", "SPECIAL INDUSTRIES GROUP (SIG)"),  # the query's acronyms
                 ("IRGC (ISLAMIC REVOLUTIONARY GUARD CORPS) AIR FORCE", "IRGC AEROSPACE FORCE"),
                 ("PJSC SBERBANK (PUBLIC JOINT-STOCK COMPANY SBERBANK)", "SBERBANK")]:
        _check(q, c)
