"""csrc/skeleton.c: the compiled Latin skeletons give translit's Python functions' result for every word."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.match.features import compound_pairs
from watchlist.names import translit as T
from watchlist.names.tokens import analyze, join

# the reference functions themselves, not their caches
LATIN, SLAVIC, INTERDENTAL = T.latin_skeleton.__wrapped__, T.slavic_skeleton.__wrapped__, T.interdental_skeleton.__wrapped__
# every letter a rule names, a letter no rule names, a digit: dense enough to meet each rule often
latin_words = st.text(alphabet="aeiouyhwxcszdjtkgqvbfpnlmr0", max_size=24)


def check(word: str) -> None:
    assert T.latin_skeleton_c(word) == LATIN(word), word
    assert T.latin_skeleton_c(word, False) == LATIN(word, False), word
    assert T.latin_skeleton_c(word, across_vowels=False) == LATIN(word, across_vowels=False), word
    assert T.slavic_skeleton_c(word) == SLAVIC(word), word
    assert T.interdental_skeleton_c(word) == INTERDENTAL(word), word


@settings(max_examples=5000)
@given(latin_words)
def test_skeletons_equal_reference(word: str) -> None:
    check(word)


@settings(max_examples=500)
@given(st.text(max_size=12))
def test_other_text_goes_to_reference(word: str) -> None:
    """Capitals, a newline (the reference's $ matches before it), other scripts: the Python function answers."""
    check(word)
    check(word + "\n")
    check(word.upper())


def test_long_words() -> None:
    """Words longer than the compiled functions' stack buffers, and ones that grow (x -> ks, c -> ts)."""
    rng = random.Random(5)
    for n in (31, 32, 33, 64, 200, 1000):
        for _ in range(50):
            check("".join(rng.choice("aeiouyhwxcszdjtkgqv") for _ in range(n)))
        check("x" * n)
        check("c" * n)
        check("vic" * (n // 3) + "c")


def test_real_words(un_listed) -> None:
    """Every word of the UN list and every compound of two of its words, as the analyzer takes their skeletons."""
    words = set()
    for name, _ in un_listed:
        toks = analyze(name)
        words.update(t.latin for t in toks)
        words.update(t.core for t in toks)
        words.update(join(toks[i], toks[j]).latin for i, j in compound_pairs(toks))
    assert len(words) > 5000
    for w in words:
        check(w)


def test_signature() -> None:
    with pytest.raises(TypeError):
        T.latin_skeleton_c()
    with pytest.raises(TypeError):
        T.latin_skeleton_c("abc", across=False)
    with pytest.raises(TypeError):
        T.latin_skeleton_c("abc", True, across_vowels=True)
