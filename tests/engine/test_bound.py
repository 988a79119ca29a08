"""The engine's two shortcuts never change a result: a candidate score_bound (csrc/score.c) leaves
unscored always scores under the threshold, and a word pair token_sim_may (csrc/wordsim.c) settles
without measuring it is always under the similarity asked for."""

from __future__ import annotations

import random
import re

import pytest

from watchlist import _engine as E
from watchlist.engine import word
from watchlist.index import NameIndex
from watchlist.index.core import _query
from watchlist.match import features as F
from watchlist.match.features import MIN_SIM, compound_pairs, token_sim
from watchlist.models import EntityType as T
from watchlist.names.tokens import analyze, join
from watchlist.sources import read_list

from .conftest import perturbed

NEED_COMPOUND = 0.85


def _bounds(index: NameIndex, query: str, threshold: float) -> list:
    """(name id, pruned by the bound, exact score) of every candidate of a query (none for a query with no words)."""
    toks, args = _query(query)
    return index._engine.bounds(*args, threshold) if toks else []


def test_pruned_candidates_score_under_the_threshold(un_index, un_listed) -> None:
    """Every candidate of 3,000 perturbed and 15 unlisted queries, at thresholds from 30 to 95."""
    queries = perturbed([n for n, _ in un_listed], 3000, 11)
    checked = pruned = 0
    for threshold in (30.0, 60.0, 72.0, 90.0, 95.0):
        for q in queries:
            for nid, cut, score in _bounds(un_index, q, threshold):
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


# ---------------------------------------------------------------- the UK list's own shapes

_LOW = {"OF", "THE", "FOR", "AND", "IN", "ON", "DE", "DU", "LA", "AL", "EL", "BIN", "IBN", "CO", "LLC", "LTD", "JSC",
        "OOO", "PJSC", "OJSC", "AO", "LIMITED", "COMPANY", "&", "-"}


@pytest.fixture(scope="module")
def uk_listed(raw) -> list[tuple[str, T]]:
    """Every name of the UK OFSI consolidated list (persons, organisations, ships) with its type."""
    parsed = read_list([raw / "uk-ofsi" / "ConList.xlsx"], "uk-ofsi")
    return [(n.text, e.type) for e in parsed.entities for n in e.names]


@pytest.fixture(scope="module")
def uk_index(uk_listed) -> NameIndex:
    return NameIndex.loads(NameIndex.build([(i, n, t) for i, (n, t) in enumerate(uk_listed)]).dumps())


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.isalpha() and w.upper() not in _LOW)


def uk_queries(listed: list[tuple[str, T]], seed: int) -> dict[str, list[str]]:
    """Queries built from real UK rows so that the rules added since the bound was written apply:
    acronyms of organisations (alone, beside other words, the query's own acronym in parentheses),
    a listed name inside a longer query, -ing forms and the words they come from, doubled letters
    written once, parentheses read as names, joined and dropped articles, vowel onsets, compounds,
    and the perturbed names of the UN test."""
    rng = random.Random(seed)
    names = [n for n, _ in listed]
    orgs = [n for n, t in listed if t is T.ORGANIZATION]
    people = [n for n, t in listed if t is T.PERSON]
    words = sorted({w for n in names for w in n.split() if w.isalpha() and len(w) >= 4})
    out: dict[str, list[str]] = {}

    def add(kind: str, q: str) -> None:
        if q.strip():
            out.setdefault(kind, []).append(q)

    long_orgs = [n for n in orgs if len(_initials(n.split())) >= 3 and "(" not in n]
    for n in rng.sample(long_orgs, 150):
        ws = n.split()
        sig = [i for i, w in enumerate(ws) if w.isalpha() and w.upper() not in _LOW]
        k = rng.randrange(0, len(sig) - 2)
        run = sig[k:k + rng.randint(3, min(6, len(sig) - k))]
        acr = "".join(ws[i][0] for i in run)
        rest = [w for i, w in enumerate(ws) if i < run[0] or i > run[-1]]
        add("acronym", acr)
        add("acronym", " ".join(rest + [acr]))
        add("acronym", " ".join([rng.choice(words)] + rest + [acr]))
        mine = list(ws)
        mine[rng.choice(sig)] = rng.choice(words)  # a word the list does not have, said by the acronym too
        add("own acronym", f"{' '.join(mine)} ({_initials(mine)})")
        add("own acronym", f"{' '.join(ws[:-1])} ({_initials(ws)})")
    for n in rng.sample(names, 150):
        extra = [rng.choice(words) for _ in range(rng.randint(1, 2))]
        add("whole in longer", " ".join(extra + [n]) if rng.random() < 0.5 else " ".join([n] + extra))
    for n in [n for n in names if re.search(r"[A-Za-z]{4,}ING\b|[A-Za-z]{4,}E\b", n, re.IGNORECASE)][:400:2]:
        ws = n.split()
        for i, w in enumerate(ws):
            if re.fullmatch(r"[A-Za-z]{4,}ING", w, re.IGNORECASE):
                ws[i] = w[:-3] + "E"
            elif re.fullmatch(r"[A-Za-z]{4,}E", w, re.IGNORECASE):
                ws[i] = w[:-1] + "ING"
        add("ing", " ".join(ws))
    doubled = [n for n in names if re.search(r"([A-Za-z])\1", n)]
    for n in rng.sample(doubled, 200):
        q = re.sub(r"([A-Za-z])\1", r"\1", n, count=1)
        if rng.random() < 0.5:  # and one typo more
            i = rng.randrange(len(q))
            q = q[:i] + rng.choice("aeiouyklmnrst") + q[i + 1:]
        add("doubled", q)
    for n in rng.sample([n for n in names if not re.search(r"([A-Za-z])\1", n) and len(n) > 6], 100):
        i = rng.randrange(1, len(n) - 1)
        add("doubled", n[:i] + n[i] + n[i:] if n[i].isalpha() else n)
    for n in [n for n in names if "(" in n and ")" in n]:
        inside = n[n.index("(") + 1:n.index(")")]
        outside = (n[:n.index("(")] + n[n.index(")") + 1:]).strip()
        add("parentheses", inside)
        add("parentheses", outside)
        add("parentheses", f"{inside} {rng.choice(words)}")
    articled = [n for n in names if re.search(r"\b(AL|EL)[- ]\w", n, re.IGNORECASE)]
    for n in rng.sample(articled, 150):
        joined = re.sub(r"\b(AL|EL)[- ](\w)", r"\1\2", n, count=1, flags=re.IGNORECASE)
        add("article", joined)
        dropped = re.sub(r"\b(AL|EL)[- ](\w)", r"\2", n, count=1, flags=re.IGNORECASE)
        add("article", re.sub(r"[aeiou]", "o", dropped, count=1))
    for n in rng.sample(people, 150):
        ws = n.split()
        i = rng.randrange(len(ws))
        w = ws[i]
        if w[:1].upper() in "AEIOU" and len(w) > 3:
            ws[i] = w[1:]
        else:
            ws[i] = rng.choice("AEIOU") + w
        add("onset", " ".join(ws))
    for n in rng.sample([n for n in people if len(n.split()) >= 2], 150):
        ws = n.split()
        i = rng.randrange(len(ws) - 1)
        joined = ws[i] + ws[i + 1].lower()
        if joined[:1].upper() in "OU":
            joined = {"O": "U", "U": "O", "o": "u", "u": "o"}[joined[0]] + joined[1:]
        add("compound", " ".join(ws[:i] + [joined] + ws[i + 2:]))
        long_ = [k for k, w in enumerate(ws) if len(w) >= 8]
        if long_:
            k = long_[0]
            add("compound", " ".join(ws[:k] + [ws[k][:4], ws[k][4:]] + ws[k + 1:]))
    out["perturbed"] = perturbed(names, 400, seed)
    return out


def test_pruned_uk_candidates_score_under_the_threshold(uk_index, uk_listed) -> None:
    """The bound on every candidate of some 2,500 queries built from UK rows (uk_queries), at four
    thresholds: a pruned candidate scores under the threshold, whatever rule scored it; each kind of
    query yields hits the bound left to be scored."""
    queries = uk_queries(uk_listed, 5)
    checked = pruned = 0
    hits = dict.fromkeys(queries, 0)
    for threshold in (30.0, 60.0, 72.0, 90.0):
        for kind, qs in queries.items():
            for q in qs:
                for nid, cut, score in _bounds(uk_index, q, threshold):
                    checked += 1
                    if cut:
                        pruned += 1
                        assert score < threshold, (kind, q, uk_index.name_text(nid), score, threshold)
                    elif score >= threshold:
                        hits[kind] += 1
    assert checked > 100_000
    assert pruned > checked // 2
    assert min(hits.values()) > 20, hits


def test_may_never_settles_a_uk_pair_that_reaches_the_need(uk_index, uk_listed) -> None:
    """token_sim_may on the words of the UK queries against the words their keys reach and random
    listed words: every pair it settles is under the need; and the pairs of the rules added since it
    was written (-ing forms, doubled letters written once, a core's skeleton) are among those asked."""
    vocab = list(uk_index.vocabulary)
    rng = random.Random(13)
    queries = [q for qs in uk_queries(uk_listed, 6).values() for q in qs]
    listed_units = [u for n, _ in rng.sample(uk_listed, 1500) for u in _units(analyze(n))]
    settled = asked = 0
    reached: dict[str, int] = {"ing": 0, "squeezed": 0, "core skeleton": 0}
    for q in rng.sample(queries, 1200):
        for a in _units(analyze(q)):
            wa = word(a)
            near = [vocab[v] for v, _ in uk_index._matches(a)]
            for b in near + rng.sample(listed_units, 20):
                wb = word(b)
                sim, rule = token_sim(a, b)
                if rule == "truncation" and not (a.latin.startswith(b.latin) or b.latin.startswith(a.latin)):
                    reached["ing"] += 1
                elif rule == "fuzzy" and sim >= 0.88 and F._squeezed_typo(a.latin, b.latin) == sim \
                        and abs(len(a.latin) - len(b.latin)) > 1:
                    reached["squeezed"] += 1
                elif rule == "article" and sim == 0.9:
                    reached["core skeleton"] += 1
                for need in (MIN_SIM, NEED_COMPOUND):
                    asked += 1
                    if E.token_sim_may(wa, wb, need):
                        continue
                    settled += 1
                    assert sim < need, (a.text, b.text, need, sim, rule)
    assert settled > asked // 2
    assert min(reached.values()) > 0, reached
