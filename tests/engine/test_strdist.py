"""csrc/strdist.c: the metrics give rapidfuzz's values to the last bit; CRC-32 is zlib's; py_round is round()."""

from __future__ import annotations

import random
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from watchlist import _engine as E

words = st.text(alphabet="abcdehiklmnorsty0", max_size=20)


@settings(max_examples=2000)
@given(words, words, st.integers(0, 6))
def test_metrics_equal_rapidfuzz(a: str, b: str, cutoff: int) -> None:
    assert E.osa_distance(a, b, cutoff) == OSA.distance(a, b, score_cutoff=cutoff)
    assert E.osa_similarity(a, b) == OSA.normalized_similarity(a, b)
    assert E.jaro_winkler(a, b) == JaroWinkler.normalized_similarity(a, b)
    assert E.levenshtein_similarity(a, b) == Levenshtein.normalized_similarity(a, b)


def test_metrics_on_long_and_near_words() -> None:
    """Words over 64 letters (the dynamic-programming path) and one-edit neighbours."""
    rng = random.Random(1)
    for _ in range(3000):
        a = "".join(rng.choice("abcdefgh") for _ in range(rng.randint(1, 90)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):
            if not b:
                break
            i = rng.randrange(len(b))
            op = rng.random()
            if op < 0.3:
                b[i] = rng.choice("abcdefgh")
            elif op < 0.6 and i + 1 < len(b):
                b[i], b[i + 1] = b[i + 1], b[i]
            elif op < 0.8:
                del b[i]
            else:
                b.insert(i, rng.choice("abcdefgh"))
        b = "".join(b)
        assert E.osa_distance(a, b, 200) == OSA.distance(a, b)
        assert E.jaro_winkler(a, b) == JaroWinkler.normalized_similarity(a, b)
        assert E.levenshtein_similarity(a, b) == Levenshtein.normalized_similarity(a, b)


@given(st.binary(max_size=60))
def test_crc32_is_zlib(data: bytes) -> None:
    assert E.crc32(data) == zlib.crc32(data)


@settings(max_examples=3000)
@given(st.floats(0, 100, allow_nan=False), st.sampled_from([1, 4]))
def test_round_is_python_round(x: float, n: int) -> None:
    assert E.py_round(x, n) == round(x, n)


def test_round_ties_go_to_even_like_python() -> None:
    for x in (0.125, 0.375, 72.25, 72.35, 0.00005, 2.5, 0.45, 99.95, 89.95, 0.5, 1.5):
        for n in (1, 4):
            assert E.py_round(x, n) == round(x, n), (x, n)


def test_non_ascii_is_refused() -> None:
    try:
        E.osa_distance("قاسم", "qasem")
    except ValueError as exc:
        assert "ASCII" in str(exc)
    else:
        raise AssertionError("non-ASCII accepted")
