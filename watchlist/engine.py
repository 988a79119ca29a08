"""The compiled name matcher (``csrc/``, module ``watchlist._engine``) and its Python face.

The C code is a statement-by-statement port of :func:`watchlist.match.features.token_sim`,
:func:`~watchlist.match.features.align`, :func:`watchlist.match.score.score_tokens` and the
retrieval of :class:`watchlist.index.NameIndex`, and :func:`compound_word` computes the compound of two
ASCII words in C (``csrc/compound.c``). The Python functions stay the reference and
the documentation of every rule; ``tests/engine`` checks that both give the same similarities,
pairs and scores, to the last bit, on real list names and random ones.

:func:`word` packs the features of a :class:`~watchlist.names.tokens.Token` the C code reads:
its strings, kind, variant sets, abjad alternative skeletons and the flags computed by Python
(given name, organisation word, "abu", English translation form, script).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import methodcaller

from .compiled import _engine
from .match.features import _SQUEEZE, _VOWELLESS, abjad_onsets
from .match.score import _COMMON, _KIND_WEIGHT, default_weight, table_weight, weight_key
from .names import tokens as _tokens
from .names import translit as _translit
from .names import variants as _variants
from .names.tokens import KINDS, LOW_KINDS, Token, is_given_name, is_org_word, join, latin_parts
from .names.translit import abjad_alt_skeletons, is_syllabic, latinize
from .names.variants import _N_VARIANT_SETS, is_english, variant_key

__all__ = ["RULES", "Word", "compound_word", "word", "word_features", "weight_basis", "to_pairs", "MAX_WORDS"]

#: Rule names by the engine's rule id (csrc/engine.h).
RULES = ("exact", "number", "initial", "compound", "transliteration", "fuzzy", "translation", "variant",
         "syllables", "acronym", "article", "phonetic", "truncation", "distinct")
Word = _engine.Word
MAX_WORDS: int = _engine.MAX_WORDS

_KIND_ID = {k: i for i, k in enumerate(KINDS)}
# the replacement r"\1" as a call: Python 3.11 expands a template string in Python code at every match
_GROUP_1 = methodcaller("group", 1)
# flags (csrc/engine.h)
F_ABJAD, F_SYLLABIC, F_ENGLISH, F_GIVEN, F_ORGWORD, F_ABU, F_TEXT_ASCII, F_VOWELLESS = 1, 2, 4, 8, 16, 32, 64, 128
F_ONSET_VOWEL, F_ONSET_CONS = 256, 512

_engine.set_variant_sets(_N_VARIANT_SETS)
# what csrc/compound.c reads: the curated tables, and the functions it leaves to Python where their
# regular expressions may apply
_engine.set_compound_tables(
    _variants._WORDS, _variants._IDS, _variants._T_WORDS, _variants._STEM_HEADS, _variants._ENGLISH,
    _tokens._ORG_WORDS, _variants._KEYS, _tokens._NOT_GIVEN, _COMMON, _translit._SLAVIC_LAST2,
    _variants.canonical_latin, _translit.is_slavic, _variants.translation_ids,
    _translit.latin_skeleton_c, _translit.slavic_skeleton_c, _translit.interdental_skeleton_c)


def _weight_basis(t: Token) -> tuple[float, str | None]:
    """A word's table weight, and the key its rarity among an index's names is counted under (names only).

    An index's weight of the word is the lower of the two (:func:`watchlist.index.build.idf_weight`;
    the engine computes it the same way for query words).
    """
    if t.kind != "name":
        return _default_weight(t), None
    key = weight_key(t)  # default_weight(t), with the key looked up once
    return _default_weight(t) if t.kind in _KIND_WEIGHT else table_weight(key, t.latin), key


_default_weight = default_weight.__wrapped__  # word_features is called once per word: no cache in between
weight_basis = lru_cache(maxsize=200_000)(_weight_basis)


def word_features(t: Token) -> tuple:
    """The arguments of :class:`Word` for a token (also what an index stores per vocabulary word)."""
    flags = ((F_ABJAD if t.abjad else 0) | (F_SYLLABIC if is_syllabic(t.text) else 0)
             | (F_ENGLISH if is_english(t.latin) else 0) | (F_GIVEN if is_given_name(t) else 0)
             | (F_ORGWORD if is_org_word(t.latin) else 0)
             | (F_ABU if t.variants and variant_key(t.variants[0]) == "abu" else 0)
             | (F_TEXT_ASCII if t.text.isascii() else 0) | (F_VOWELLESS if _VOWELLESS.match(t.latin) else 0))
    if t.abjad:
        vowel, cons = abjad_onsets(t.text)
        flags |= (F_ONSET_VOWEL if vowel else 0) | (F_ONSET_CONS if cons else 0)
    alts = abjad_alt_skeletons(t.text) if t.abjad else ()
    ra = t.text if t.text.isascii() else latinize(t.text)  # (latinize gives an ASCII word itself)
    return (t.text, t.latin, t.skel, t.loose, t.core, t.core_skel, ra, _SQUEEZE.sub(_GROUP_1, t.latin),
            _KIND_ID[t.kind], flags, tuple(t.variants), tuple(alts), *_weight_basis(t))


def compound_word(a: Token, b: Token) -> Word:
    """``Word(*word_features(join(a, b)))``, not cached: the compound of two adjacent name words.

    The engine computes it itself (``csrc/compound.c``, some 3x faster than the Python between;
    tests/engine/test_compound.py checks both agree) for two ASCII words, and for two words of
    other alphabets that join compounds in their Latin forms (Cyrillic, Greek, Devanagari ...; not
    abjad or Han/kana words, which join in their own script).
    """
    parts = latin_parts(a, b)  # what join joins
    w = None if parts is None else _engine.compound_word(*parts)
    return Word(*word_features(join(a, b))) if w is None else w


@lru_cache(maxsize=200_000)
def word(t: Token) -> Word:
    """The engine's packed form of a token (cached)."""
    return Word(*word_features(t))


def to_pairs(raw: list[tuple[int, int, int, int, float, int]],
             listed: Sequence[Token]) -> list[tuple[tuple[int, ...], tuple[int, ...], float, str]]:
    """The engine's pairs (qi, qj, ci, cj, similarity, rule id) as score_tokens gives them.

    A query acronym's pair (rule "acronym") spans the listed words from ci to cj: its positions are
    the name words among them (``listed``: the listed name's tokens).
    """
    out = []
    for qi, qj, ci, cj, s, r in raw:
        if RULES[r] == "acronym":
            cpos = tuple(j for j in range(ci, cj + 1) if listed[j].kind not in LOW_KINDS)
        else:
            cpos = (ci,) if cj < 0 else (ci, cj)
        out.append(((qi,) if qj < 0 else (qi, qj), cpos, s, RULES[r]))
    return out
