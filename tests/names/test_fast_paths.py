"""The analyzer's shortcuts give what the steps they skip give: each is checked against the plain
definition on real list names (UN and UK, their non-Latin-script names too) and on random text.

The shortcuts: normalize's ASCII path and its per-character translate tables; canonical_latin
tries a rewrite only where its anchored pattern can match; translation_ids tests an ending only
after a stem; is_slavic searches the last letters only (a Slavic ending is short); is_abjad and
is_slavic's script tests pass ASCII words by.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from watchlist.names import normalize as N
from watchlist.names import translit as T
from watchlist.names import variants as V
from watchlist.names.tokens import analyze
from watchlist.sources import read_list


def normalize_definition(text: str) -> str:
    """normalize() as its docstring says it, one step after the other, character by character."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = "".join(c for c in s if unicodedata.category(c) != "Cf" and c != "\u0640")
    out = []
    for ch in s.casefold():
        if ch in N._KEEP_MARKED or ord(ch) < 0x80 or "\u3040" <= ch <= "\u30ff":
            out.append(ch)
            continue
        ch = N._LATIN_EXTRA.get(ch, ch)
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    s = unicodedata.normalize("NFC", "".join(out))
    s = N._POSSESSIVE.sub("", s)  # step 5: an English possessive after a consonant
    s = s.translate(N._APOSTROPHES).replace("&", " and ")
    words = [N._fix_confusables(w) for w in re.sub(r"[\W_]+", " ", s).split()]
    if not any(c.isalpha() for w in words for c in w):
        return ""
    return " ".join(words)


def canonical_definition(latin: str) -> str:
    """canonical_latin with every rewrite tried."""
    if latin in V._WORDS:
        return V._WORDS[latin]
    s = V._ALLAH.sub("allah", latin)
    s = V._ABD_SUN.sub(r"abd\1", s)
    s = V._ABD_L.sub("abd", s)
    return V._DIN.sub("din", s)


def translation_definition(word: str, latin: str) -> tuple[int, ...]:
    """translation_ids testing every ending."""
    ids = set(V._T_WORDS.get(word, ()))
    if not word.isascii():
        ids.update(V._T_WORDS.get(V._abjad_key(word), ()))
    for form in {word, latin}:
        shortest = 5 if form.isascii() else 3
        for k in range(len(form), max(shortest - 1, len(form) - 4), -1):
            if form[k:] in V._ENDINGS or unidecode(form[k:]).lower() in V._ENDINGS:
                ids.update(V._T_STEMS.get(form[:k], ()))
    return tuple(sorted(ids))


def slavic_definition(word: str, latin: str) -> bool:
    """is_slavic searching the whole word."""
    if any("\u0400" <= c <= "\u04ff" for c in word):
        return True
    m = T._SLAVIC_END.search(latin)
    return bool(m) and not (latin.endswith("ou") and latin[-4:-3] == latin[-3:-2])


def _strings(seq) -> set[str]:
    """Every string a parsed regular expression matches, its lookarounds and anchors left out (finite patterns)."""
    from re import _constants as C

    out = {""}
    for op, av in seq:
        if op is C.LITERAL:
            opts = {chr(av)}
        elif op is C.IN:
            opts = set()
            for o, a in av:
                assert o in (C.LITERAL, C.RANGE), o
                opts.update({chr(a)} if o is C.LITERAL else {chr(c) for c in range(a[0], a[1] + 1)})
        elif op is C.MAX_REPEAT:
            lo, hi, sub = av
            one, cur, opts = _strings(sub), {""}, set()
            for k in range(hi + 1):
                if k >= lo:
                    opts |= cur
                cur = {a + b for a in cur for b in one}
        elif op is C.SUBPATTERN:
            opts = _strings(av[-1])
        elif op is C.BRANCH:
            opts = set().union(*(_strings(b) for b in av[1]))
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        else:
            raise AssertionError(f"not read: {op}")
        out = {a + b for a in out for b in opts}
    return out


def test_slavic_last_letters_read_off_the_pattern() -> None:
    """is_slavic searches only words that end with the last two letters of some ending _SLAVIC_END matches,
    and only their last 8 letters (an ending is at most 6)."""
    from re import _parser

    endings = _strings(_parser.parse(T._SLAVIC_END.pattern))
    assert len(endings) > 50 and min(map(len, endings)) >= 2 and max(map(len, endings)) <= 6
    assert {e[-2:] for e in endings} == T._SLAVIC_LAST2


def test_data_the_shortcuts_assume() -> None:
    """is_abjad skips ASCII words: the abjad letter table holds no ASCII character."""
    assert T._ABJAD and not any(k.isascii() for k in T._ABJAD)


def check_word(word: str) -> None:
    latin = T.latinize(word)
    assert V.canonical_latin.__wrapped__(latin) == canonical_definition(latin), word
    assert V.translation_ids.__wrapped__(word, latin) == translation_definition(word, latin), word
    assert T.is_slavic(word, latin) == slavic_definition(word, latin), word
    assert T.is_slavic(word, word) == slavic_definition(word, word), word


@pytest.fixture(scope="module")
def real_names(raw) -> list[str]:
    names = {n.text for e in read_list([raw / "un-sc" / "consolidated.xml"], "un-sc").entities for n in e.names}
    names |= {n.text for e in read_list([raw / "uk-ofsi" / "ConList.xlsx"], "uk-ofsi").entities for n in e.names}
    return sorted(names)


def test_real_names(real_names) -> None:
    assert len(real_names) > 15000 and sum(not n.isascii() for n in real_names) > 2000
    words = set()
    for name in real_names:
        assert N.normalize(name) == normalize_definition(name), name
        words.update(N.normalize(name).split())
        words.update(t.text for t in analyze(name))
    for w in words:
        check_word(w)


# Latin with its diacritics, Cyrillic, Greek, Arabic, kana, CJK, format characters, punctuation, digits
_CHARS = st.sampled_from(list("aAbcdeéÉhiklmnoöpqrstuwxyzßŁøæ 0129-_.,&'`’ʿ\t\n")
                         + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўАЕО")
                         + list("αβγοικ") + list("علي محمد الدين ة ى ـ ً ُ") + list("カザンパ习近平")
                         + ["\u200b", "\u200f", "\u00ad", "\u0301", "\u0308", "\uff21", "\ufb01", "\u2160"])


@settings(max_examples=3000)
@given(st.text(alphabet=_CHARS, max_size=30))
def test_random_text(text: str) -> None:
    assert N.normalize(text) == normalize_definition(text)
    for w in N.normalize(text).split():
        check_word(w)


# pieces of the words the patterns rewrite or read: abd-, -allah, -din, Slavic endings, a last newline
_PIECES = st.sampled_from(["abd", "abdu", "abdel", "abdou", "ou", "u", "e", "a", "o", "i", "l", "ll", "ah", "allah",
                           "llah", "din", "dine", "deen", "deene", "eddin", "uddeen", "ed", "ov", "ova", "enko", "vich",
                           "vic", "sk", "iy", "au", "eu", "chuk", "ets", "t", "r", "s", "n", "z", "k", "y", "\n"])


@settings(max_examples=5000)
@given(st.text(alphabet="abdeilnorstuhcvwyzk\n", max_size=16) | st.lists(_PIECES, max_size=6).map("".join))
@example("abdllah\n")
@example("nasreddeene")
@example("nasreddeene\n")
@example("abdourrahman")
@example("charnyshou\n")
def test_random_latin_words(word: str) -> None:
    """Random words, and words made of the pieces the patterns read."""
    assert V.canonical_latin.__wrapped__(word) == canonical_definition(word)
    assert T.is_slavic(word, word) == slavic_definition(word, word)
    assert V.translation_ids.__wrapped__(word, word) == translation_definition(word, word)
