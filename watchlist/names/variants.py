"""Curated spelling-variant sets (``data/variants.yml``), organisation-word translations
(``data/org_translations.yml``) and compound spellings.

Arabic compound names are written apart or joined ("Abd al-Rahman",
"Abdulrahman", "Abderrahmane"; "Safi al-Din", "Safieddine", "Safiuddin").
:func:`canonical_latin` rewrites the joined spellings to one canonical form
so that joining the separate words gives the same string:
``abd`` + ``rahman`` == canonical("abdurrahman") == "abdrahman".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

from .normalize import normalize
from .resources import load_yaml

__all__ = ["canonical_latin", "is_compound_name", "variant_ids", "variant_key", "translation_ids",
           "is_translation", "is_english", "weight_set"]

_ALLAH = re.compile(r"(?<=[a-z]{2})[uoae]?llah$")
_ABD_L = re.compile(r"^abd(?:ou|u|e|a|o|i)?l(?!l?ah$)(?=[a-z]{3})")
_ABD_SUN = re.compile(r"^abd(?:ou|u|e|a|o|i)([tdrzsn])\1")
_DIN = re.compile(r"(?<=[a-z]{3})(?:e|u|ou|a|o)(?:d|l)d(?:i|ee)ne?$")
_DIN_ENDS = ("din", "dine", "deen", "deene", "din\n", "dine\n", "deen\n", "deene\n")
_WORDS = {"abdul": "abd", "abdel": "abd", "abdal": "abd", "abdol": "abd", "abdoul": "abd",
          "abdu": "abd", "abdur": "abd", "abdus": "abd", "abdush": "abd", "abduz": "abd", "abdun": "abd",
          "abdut": "abd", "abdud": "abd", "abder": "abd", "abdes": "abd", "abdour": "abd", "abdous": "abd",
          "abou": "abu", "deen": "din", "dine": "din", "eddine": "din",
          "uddin": "din", "eddin": "din", "addin": "din", "aldin": "din",
          "eddeen": "din", "uddeen": "din", "addeen": "din", "aldeen": "din"}


@lru_cache(maxsize=200_000)
def canonical_latin(latin: str) -> str:
    """Rewrite compound spellings of a Latin word to one canonical form."""
    if latin in _WORDS:
        return _WORDS[latin]
    # each rewrite only where its pattern can match (anchored at an end; $ matches before a last newline too)
    s = _ALLAH.sub("allah", latin) if latin.endswith(("llah", "llah\n")) else latin
    if s.startswith("abd"):
        m = _ABD_SUN.match(s)
        if m:
            s = "abd" + m.group(1) + s[m.end():]
        s = _ABD_L.sub("abd", s)
    return _DIN.sub("din", s) if s.endswith(_DIN_ENDS) else s


def is_compound_name(latin: str) -> bool:
    """True for a canonical Arabic compound: Abd-X, X-allah, X-din ("abdghafar", "nurallah", "safidin")."""
    return len(latin) >= 6 and (latin.startswith("abd") or latin.endswith(("allah", "din")))


def _load() -> tuple[dict[str, tuple[int, ...]], list[str]]:
    data = load_yaml(Path(__file__).parent / "data" / "variants.yml")
    ids: dict[str, list[int]] = {}
    keys: list[str] = []
    for i, members in enumerate(data["sets"]):
        keys.append(str(members[0]))
        for m in members:
            for form in {str(m), canonical_latin(str(m))}:
                lst = ids.setdefault(form, [])
                if i not in lst:
                    lst.append(i)
    return {k: tuple(v) for k, v in ids.items()}, keys


_IDS, _KEYS = _load()
_N_VARIANT_SETS = len(_KEYS)

# Inflection endings of Russian, Ukrainian and Belarusian nouns and adjectives, as a stem's
# Latin transliteration continues (unidecode and BGN/PCGN spellings): научн- + ого, ый, yy, aya ...
_ENDINGS = frozenset("""
    a ia ya ja o e y i u iu yu ju yi ii iy yy ij yj ei ey oi oy ai ay aia aya aja iaia iaya oe oye ee
    ie iye ye yye ogo ego aga omu emu ym im om em am iam yam ami iami yami akh iakh yakh ov ev iov uiu
    uyu ykh ikh yh ih ymi imi iia iya iiu iyu ovi oiu oyu ae
    """.split()) | {""}
# BGN/PCGN romanization of Russian, with the Ukrainian/Belarusian letters (the h reading of г is added below).
_BGN = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
                      "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
                      "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
                      "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
                      "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w"})
# Arabic-script letters written two ways (Arabic / Persian), folded for the look-up only.
_ABJAD_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
_ARTICLE = "ال"


def _latin_forms(cyrillic: str) -> set[str]:
    """Latin spellings of a Cyrillic stem: unidecode's (as latinize gives) and BGN/PCGN, with г as h too."""
    out = set()
    for s in (unidecode(cyrillic).lower(), cyrillic.translate(_BGN)):
        s = "".join(c for c in s if c.isascii() and c.isalnum())
        out.add(s)
        if "г" in cyrillic:
            out.add(cyrillic.replace("г", "h").translate(_BGN))
    return {s for s in out if s}


def _abjad_key(word: str) -> str:
    w = word.translate(_ABJAD_FOLD)
    return w[len(_ARTICLE):] if w.startswith(_ARTICLE) and len(w) > len(_ARTICLE) + 2 else w


def _load_translations() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    data = load_yaml(Path(__file__).parent / "data" / "org_translations.yml")
    words: dict[str, set[int]] = {}
    stems: dict[str, set[int]] = {}
    for members in data["sets"]:
        i = len(_KEYS)
        _KEYS.append(normalize(str(members[0])))
        english = True
        for m in members:
            m = str(m)
            english = english and m.isascii() and not m.endswith("-")
            if english:
                _ENGLISH.add(normalize(m))
            if m.endswith("-"):
                stem = normalize(m[:-1]).replace(" ", "")
                for form in {stem, *_latin_forms(stem)}:
                    stems.setdefault(form, set()).add(i)
                continue
            form = normalize(m).replace(" ", "")
            words.setdefault(form, set()).add(i)
            words.setdefault(_abjad_key(form), set()).add(i)
    return ({k: tuple(sorted(v)) for k, v in words.items()}, {k: tuple(sorted(v)) for k, v in stems.items()})


_ENGLISH: set[str] = set()  # the English forms of the translation sets (they lead each set)
_T_WORDS, _T_STEMS = _load_translations()
_STEM_HEADS = frozenset(k[:3] for k in _T_STEMS)  # a word that starts otherwise holds no stem of 3+ letters


def variant_ids(latin: str) -> tuple[int, ...]:
    """Ids of the variant sets a Latin word (raw or canonical) belongs to."""
    return _IDS.get(latin, ())


@lru_cache(maxsize=200_000)
def translation_ids(word: str, latin: str) -> tuple[int, ...]:
    """Ids of the organisation-word sets (``data/org_translations.yml``) a normalized word belongs to.

    ``latin`` is the word's transliteration (:func:`watchlist.names.translit.latinize`); a stem
    entry matches the word, in Cyrillic or Latin, followed by a Slavic inflection ending.
    """
    if word.isascii() and word[:3] not in _STEM_HEADS and latin[:3] not in _STEM_HEADS:
        return _T_WORDS.get(word, ())  # (most words: no stem, no abjad key; the sets are sorted already)
    ids = set(_T_WORDS.get(word, ()))
    if not word.isascii():
        ids.update(_T_WORDS.get(_abjad_key(word), ()))
    for form in {word, latin}:
        if form[:3] not in _STEM_HEADS:  # (the stems looked up below are form[:k], k >= 3)
            continue
        # a Latin spelling needs a longer stem: "porto" is no form of порт-, "nauchno" is one of научн-
        shortest = 5 if form.isascii() else 3
        for k in range(len(form), max(shortest - 1, len(form) - 4), -1):
            stem = _T_STEMS.get(form[:k])
            if stem and (form[k:] in _ENDINGS or unidecode(form[k:]).lower() in _ENDINGS):
                ids.update(stem)
    return tuple(sorted(ids))


def is_translation(set_id: int) -> bool:
    """True for a set of ``data/org_translations.yml`` (words that translate each other)."""
    return set_id >= _N_VARIANT_SETS


def is_english(latin: str) -> bool:
    """True for an English form of a translation set (bank, industries)."""
    return latin in _ENGLISH


def weight_set(variants: tuple[int, ...], latin: str) -> int | None:
    """The set whose key a word's weight is counted under, or None for the word's own Latin form.

    A curated name-variant set always; a translation set only for the word's other-language forms
    (завод, fabrika count as "plant"); an English form keeps its own weight (force, forces).
    """
    for v in variants:
        if not is_translation(v):
            return v
    if variants and latin not in _ENGLISH:
        return variants[0]
    return None


def variant_key(set_id: int) -> str:
    """The first spelling of a variant or translation set (its key in ``data/common.yml``)."""
    return _KEYS[set_id]
