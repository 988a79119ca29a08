"""The one normalizer: list names and query names go through the same steps.

``normalize`` keeps each word in its own script (transliteration is a
separate, lossy step in :mod:`watchlist.names.translit`), so "Путин" stays
Cyrillic here and "José" becomes "jose".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["NORMALIZER_VERSION", "normalize", "normalize_cached", "tokenize"]

#: Bump whenever normalized output, token features or index keys change.
NORMALIZER_VERSION = "24"

# Apostrophes, ayn/hamza signs and backticks: dropped so "ka'bi" == "kabi".
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘‛ʼʻʿʾ`´′＇ʹ"), None)
# An English possessive after a consonant (IRGC's, Children's): the 's is no part of the name. After a
# vowel the apostrophe may write an ayn or hamza (Ra's al-Khaimah), so it is only dropped, as everywhere.
_POSSESSIVE = re.compile(r"(?<=[b-df-hj-np-tv-z])['’]s\b")
# Latin letters with no Unicode decomposition.
_LATIN_EXTRA = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k"}
# Cyrillic/Greek letters that look like Latin ones (lowercase, after casefold).
_CYR_TO_LAT = {"а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
               "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j",
               "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l",
               "α": "a", "ο": "o", "ρ": "p", "ν": "v", "κ": "k", "ι": "i", "τ": "t",
               "υ": "u", "χ": "x", "ε": "e"}
_LAT_TO_CYR = {"a": "а", "b": "в", "e": "е", "k": "к", "m": "м", "h": "н", "o": "о",
               "p": "р", "c": "с", "t": "т", "y": "у", "x": "х", "i": "і"}
# Cyrillic letters whose diacritic is part of the letter (й must not become и).
_KEEP_MARKED = frozenset("йўїЙЎЇ")
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_LETTER = re.compile(r"[a-z]")
_ASCII_ALPHA = re.compile(r"[A-Za-z]")  # what _is_latin says of a character


def _strip_char(ch: str) -> str:
    """One character of a casefolded text without its combining marks (see :func:`normalize`, step 4)."""
    if ch in _KEEP_MARKED or ord(ch) < 0x80 or "\u3040" <= ch <= "\u30ff":  # kana voicing marks make letters
        return ch
    ch = _LATIN_EXTRA.get(ch, ch)
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


class _CharTable(dict):
    """A str.translate table that computes a character's replacement the first time it is met."""

    def __init__(self, fn) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code: int) -> str | None:
        out = self[code] = self._fn(chr(code))
        return out


# what step 4 makes of each character, and step 2: format characters and the tatweel dropped
_STRIP = _CharTable(_strip_char)
_DROP_FORMAT = _CharTable(lambda c: None if c == "\u0640" or unicodedata.category(c) == "Cf" else c)


def _strip_marks(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_STRIP))


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff" or "\u0370" <= ch <= "\u03ff"


def _fix_confusables(word: str) -> str:
    """Map look-alike letters of a mixed Latin/Cyrillic word to its majority script."""
    if word.isascii() or not _ASCII_ALPHA.search(word):  # one script only
        return word
    lat = sum(1 for c in word if _is_latin(c))
    cyr = sum(1 for c in word if _is_cyrillic(c))
    if not lat or not cyr:
        return word
    if lat >= cyr:
        if all(c in _CYR_TO_LAT for c in word if _is_cyrillic(c)):
            return "".join(_CYR_TO_LAT.get(c, c) for c in word)
    elif all(c in _LAT_TO_CYR for c in word if _is_latin(c)):
        return "".join(_LAT_TO_CYR.get(c, c) for c in word)
    return word


def normalize(text: str) -> str:
    """Normalize a name for comparison and indexing.

    Steps, in this order:

    1. Unicode NFKC (full-width letters, ligatures, compatibility forms).
    2. Drop format characters (zero-width spaces/joiners, bidi controls, soft
       hyphen) and the Arabic tatweel.
    3. Casefold (``ß`` -> ``ss``).
    4. Strip combining marks (Latin diacritics, Arabic harakat) except where
       the mark makes a distinct letter (Cyrillic й, ў, ї; kana ザ, パ); map ł ø đ æ œ ı.
    5. Drop an English possessive 's after a consonant (IRGC's = IRGC), then apostrophes, ayn and
       hamza signs without splitting the word.
    6. Replace every other non-letter, non-digit character with a space
       (``&`` becomes the word ``and``).
    7. Per word, map Cyrillic/Greek look-alikes in a mostly-Latin word to
       Latin (and the reverse for mostly-Cyrillic words).
    8. Squash whitespace. No letter at all -> ``""``.

    Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    if not text:
        return ""
    if text.isascii():  # steps 1, 2, 4 and 7 change no ASCII text; casefold is lower
        s = text.lower()
        if "'" in s:
            s = _POSSESSIVE.sub("", s)
        s = s.translate(_APOSTROPHES).replace("&", " and ")
        words = _NON_WORD.sub(" ", s).split()
        return " ".join(words) if _ASCII_LETTER.search(s) else ""
    return _normalize_steps(text)


def _normalize_steps(text: str) -> str:
    """:func:`normalize`, every step taken (what it does for a text that is not ASCII)."""
    s = unicodedata.normalize("NFKC", text).translate(_DROP_FORMAT)
    s = _strip_marks(s.casefold())
    s = _POSSESSIVE.sub("", s).translate(_APOSTROPHES).replace("&", " and ")
    words = [_fix_confusables(w) for w in _NON_WORD.sub(" ", s).split()]
    if not any(c.isalpha() for w in words for c in w):
        return ""
    return " ".join(words)


#: normalize() with a cache: the analyzer and the index look up a query's normalized text both.
normalize_cached = lru_cache(maxsize=200_000)(normalize)


def tokenize(normalized: str) -> list[str]:
    """Split a normalized name into its words."""
    return normalized.split()
