"""csrc/wordsim.c: token_sim gives features.token_sim's similarity and rule for every word pair.

Checked on word pairs of real listed names (random pairs, and the near pairs retrieval finds,
where most rules fire), on words of every script, and in cut mode (a similarity under MIN_SIM
may be 0, nothing else changes)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist import _engine as E
from watchlist.engine import RULES, word
from watchlist.match.features import MIN_SIM, token_sim
from watchlist.names.tokens import analyze


def _check(a, b) -> None:
    py = token_sim(a, b)
    s, r = E.token_sim(word(a), word(b))
    assert (s, RULES[r]) == py, (a.text, b.text)
    for need in (MIN_SIM, 0.85):
        cs, cr = E.token_sim(word(a), word(b), need)
        if py[0] >= need:
            assert (cs, RULES[cr]) == py, (a.text, b.text, need)
        else:
            assert cs < need, (a.text, b.text, need)


def test_random_pairs_of_listed_words(un_index) -> None:
    words = list(un_index.vocabulary)
    rng = random.Random(4)
    for _ in range(60_000):
        _check(rng.choice(words), rng.choice(words))


def test_near_pairs_of_listed_words(un_index) -> None:
    words = list(un_index.vocabulary)
    rng = random.Random(5)
    checked = 0
    for a in rng.sample(words, 2500):
        for v, _ in un_index._matches(a):
            _check(a, words[v])
            checked += 1
    assert checked > 10_000


def test_queries_against_listed_words(un_index, un_queries) -> None:
    """Perturbed query words (typos the list does not hold) against the words their keys reach."""
    words = list(un_index.vocabulary)
    for q in un_queries:
        for a in analyze(q):
            for v, _ in un_index._matches(a):
                _check(a, words[v])


scripts = st.text(alphabet=st.sampled_from(list("abdehiklmnorsuyz' -ابتحدرسعقلمنهويپکگ年李金ПаеоклнрсвийКОЛЯ")), max_size=20)


@settings(max_examples=1500)
@given(scripts, scripts)
def test_any_words(x: str, y: str) -> None:
    for a in analyze(x)[:3]:
        for b in analyze(y)[:3]:
            _check(a, b)


def test_doubled_letters() -> None:
    """A doubled letter written once is no typo (features._squeezed_typo), where it is in both words."""
    def sim(x: str, y: str) -> tuple[float, str]:
        a, b = analyze(x)[0], analyze(y)[0]
        _check(a, b)
        return token_sim(a, b)
    assert sim("mawwaz", "mawas") == (0.88, "fuzzy")  # mawaz / mawas: one typo
    assert sim("gatdeet", "gadet") == (0.92, "fuzzy")  # gatdet / gadet
    assert sim("balli", "badi")[0] < 0.88  # the doubled l is not in badi: two typos
    assert sim("carrasco", "parasca")[0] < 0.8  # two typos once squeezed


def test_ing_form() -> None:
    """The -ing form of a word whose final e it drops meets it as a truncation would (features._ing_form)."""
    def sim(x: str, y: str) -> tuple[float, str]:
        a, b = analyze(x)[0], analyze(y)[0]
        _check(a, b)
        return token_sim(a, b)
    assert sim("stevedoring", "stevedore") == (0.8, "truncation")
    assert sim("manufacture", "manufacturing") == (0.8, "truncation")
    assert sim("claude", "claudia")[1] != "truncation"  # another ending than -ing
    assert sim("rose", "rosing")[1] != "truncation"  # a 4-letter word: too short


def test_words_with_doubled_letters() -> None:
    """Pairs made to be near once squeezed: a word, and it with a letter doubled and one edit."""
    from watchlist.match.features import _squeezed_typo
    rng = random.Random(6)
    letters = "abdehiklmnorstuwyz"
    fired = 0
    for _ in range(5000):
        x = "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
        i = rng.randrange(len(x))
        y = x[:i + 1] + x[i] + x[i + 1:]  # a letter doubled
        j = rng.randrange(len(y))
        y = rng.choice([y[:j] + y[j + 1:], y[:j] + rng.choice(letters) + y[j + 1:], y[:j] + rng.choice(letters) + y[j:]])
        a, b = analyze(x), analyze(y)
        if len(a) == len(b) == 1:
            _check(a[0], b[0])
            fired += _squeezed_typo(a[0].latin, b[0].latin) > 0
    assert fired > 1000
