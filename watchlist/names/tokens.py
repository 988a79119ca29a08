"""Name words with the features the matcher compares: :class:`Token`.

``analyze(name)`` normalizes a name, splits it into words and describes each
word once (cached): its Latin form, consonant skeleton(s), the core without
an Arabic article, the variant sets it belongs to and its *kind*:

* ``name``: an ordinary name part;
* ``title``, ``particle``, ``legal``, ``stop``: low-weight words from
  ``data/stopwords.yml`` (Sheikh; al, bin; LLC, OOO; and, of);
* ``patronymic``: a Slavic father's name (Viktorovich, Aliaksandrauna), weighs little;
* ``number``: digits (must agree between query and listed name);
* ``initial``: a single Latin letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .normalize import normalize, normalize_cached
from .resources import load_yaml
from .translit import (
    abjad_skeletons,
    interdental_skeleton_c,
    is_abjad,
    is_slavic,
    is_syllabic,
    latin_skeleton_c,
    latinize,
    slavic_skeleton_c,
    strip_article,
)
from .variants import _IDS, canonical_latin, is_translation, translation_ids, variant_key

__all__ = ["Token", "features", "join", "latin_parts", "analyze", "is_organisation", "is_org_word", "is_given_name", "KINDS", "LOW_KINDS"]

KINDS = ("name", "patronymic", "title", "particle", "legal", "stop", "number", "initial")
LOW_KINDS = frozenset({"title", "particle", "legal", "stop"})

_STOP = load_yaml(Path(__file__).parent / "data" / "stopwords.yml")
_KIND_OF: dict[str, str] = {}
for _kind in ("stop", "legal", "title", "particle"):  # later kinds win
    for _w in _STOP[_kind]:
        _KIND_OF[normalize(str(_w)).replace(" ", "")] = _kind
_LEGAL_DATA = load_yaml(Path(__file__).parent / "data" / "legal_forms.yml")
for _w in _LEGAL_DATA["words"]:
    _KIND_OF.setdefault(normalize(str(_w)), "legal")
_ORG_WORDS = frozenset(str(w) for w in load_yaml(Path(__file__).parent / "data" / "org_words.yml")["words"])
# A joined article (alkabi = al-Kabi), also after a joined filiation word (binalshibh = bin al-Shibh)
_LATIN_ARTICLE = re.compile(r"^(?:(?:bin|ibn|ben)(?:al|el|ul)|al|el|ul)(?=[a-z]{3})")
_PATRONYMIC = re.compile(r"(?:vich|vych|vic|vna|ichna|auna|ouna|euna|ovych|ievich|yevna)$")  # ouna: Piatrouna
_MALE_PATRONYMIC = re.compile(r"(?:vich|vych|vic)$")  # also a surname ending (Yanukovych)
# features is cached: the helpers it calls once per word are called without their caches
_variant_ids = _IDS.get  # variants.variant_ids
_canonical_latin = canonical_latin.__wrapped__
_translation_ids = translation_ids.__wrapped__


@dataclass(frozen=True, slots=True)
class Token:
    """One normalized word and its comparison features."""

    text: str  # normalized, original script
    latin: str  # ASCII form, compound spellings canonicalized
    skel: str  # consonant skeleton (strict for abjad words)
    loose: str  # abjad: without inner w/y; Slavic: translit.slavic_skeleton; else translit.interdental_skeleton
    core: str  # latin without a leading article (alkabi -> kabi), else ""
    core_skel: str  # skeleton of the core, else ""
    kind: str
    abjad: bool
    variants: tuple[int, ...]

    def __hash__(self) -> int:
        # equal tokens have equal texts; the text's hash is kept by the string (the generated hash
        # built and hashed a tuple of all nine fields at every cache look-up of a token)
        return hash(self.text)


@lru_cache(maxsize=300_000)
def features(word: str, kind: str = "", slavic: bool = False) -> Token:
    """Describe one normalized word (``kind`` forces the kind, for compounds).

    ``slavic`` reads a Latin word as Slavic in its loose skeleton whatever its ending (a word
    of a name with a Slavic patronymic: RAUKOU, KACUBO); its strict skeleton stays its own.
    """
    raw = word if word.isascii() else latinize(word)  # (latinize gives an ASCII word itself)
    latin = _canonical_latin(raw)
    abjad = is_abjad(word)
    if abjad:
        skel, loose = abjad_skeletons(word)
        core_text = strip_article(word)
        core = latinize(core_text) if core_text else ""
        core_skel = abjad_skeletons(core_text)[1] if core_text else ""
    else:
        # the skeletons: translit.latin_skeleton, slavic_skeleton, interdental_skeleton (their compiled ports)
        if is_slavic(word, latin):  # Russian, Ukrainian, Belarusian spellings of one name meet here
            skel = latin_skeleton_c(latin, False)  # Bykov is not Babakov (across_vowels=False)
            loose = slavic_skeleton_c(latin)
        else:
            skel = latin_skeleton_c(latin)
            loose = slavic_skeleton_c(latin) if slavic else interdental_skeleton_c(latin)
        m = _LATIN_ARTICLE.match(latin)
        core = latin[m.end():] if m and len(latin) >= 5 else ""
        core_skel = latin_skeleton_c(core) if core else ""
    if not kind:
        # an abjad word's consonant outline is no Latin word: عسل ("sl") is not the legal form S.L.
        kind = _KIND_OF.get(word) or ("" if abjad else _KIND_OF.get(raw)) or ""
        if not kind:
            if word.isdigit():
                kind = "number"
            elif len(word) == 1 and word.isascii():
                kind = "initial"
            elif len(raw) >= 7 and _PATRONYMIC.search(raw):
                kind = "patronymic"
            else:
                kind = "name"
    nisba = raw[:-1] if len(raw) >= 5 and raw.endswith("i") else ""  # saeedi -> saeed
    ids = (_variant_ids(raw, ()) + _variant_ids(latin, ()) + _variant_ids(core, ()) + _variant_ids(nisba, ())
           + _translation_ids(word, raw))
    var = tuple(sorted(set(ids))) if ids else ()  # (most words: in no set)
    return Token(word, latin, skel, loose, core, core_skel, kind, abjad, var)


def latin_parts(a: Token, b: Token) -> tuple[str, str] | None:
    """The Latin forms :func:`join` joins two words by, or None for abjad and Han/kana words, which join
    in their own script."""
    if b.abjad or a.abjad or is_syllabic(a.text) or is_syllabic(b.text):
        return None
    return latinize(a.text), latinize(b.text)


def join(a: Token, b: Token) -> Token:
    """The compound of two adjacent words: "safi" + "din" -> "safidin"."""
    parts = latin_parts(a, b)
    if parts is None:
        right = strip_article(b.text) or b.text if b.abjad else b.text
        return features(a.text + right, "name")
    left, right = parts
    t = features(left + right, "name")
    if left[-1:] in ("t", "d") and right[:1] == "h" and t.loose != t.skel[:1] + t.skel[1:].replace("y", ""):
        # "amid" + "hussain": the dh across the join is no interdental letter (see interdental_skeleton)
        t = replace(t, loose=t.skel[:1] + t.skel[1:].replace("y", ""))
    return t


def _phrase_key(t: Token) -> str:
    """A legal-form word compared by its Slavic-folded skeleton: обмеженою = obmezhenoiu = obmezhenoyu."""
    return _slavic_skeleton_cached(t.latin) if t.latin else t.text


_slavic_skeleton_cached = lru_cache(maxsize=200_000)(slavic_skeleton_c)  # translit.slavic_skeleton, compiled


def _load_phrases() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for entry in _LEGAL_DATA["phrases"]:
        keys = tuple(_phrase_key(features(w)) for w in normalize(str(entry)).split())
        if len(keys) >= 2 and all(keys):
            out.setdefault(keys[0], []).append(keys)
    for lst in out.values():
        lst.sort(key=len, reverse=True)
    return out


_PHRASES = _load_phrases()


def _mark_legal_phrases(out: list[Token]) -> None:
    """Make every word of a multi-word legal form (``data/legal_forms.yml``) a legal part."""
    if len(out) < 2:  # a phrase has two words or more (_load_phrases)
        return
    keys = [_slavic_skeleton_cached(t.latin) if t.latin else t.text for t in out]  # _phrase_key(t), inlined
    i = 0
    while i < len(out):
        for phrase in _PHRASES.get(keys[i], ()):
            n = len(phrase)
            if tuple(keys[i:i + n]) == phrase:
                for j in range(i, i + n):
                    if out[j].kind != "legal":
                        out[j] = features(out[j].text, "legal")
                i += n - 1
                break
        i += 1


def _surnames_in_vich(out: list[Token]) -> None:
    """A -vich/-vych word is a surname, not a patronymic, where the name's shape says so.

    Patronymics follow a given name, so: in a name of fewer than three parts
    (Viktor YANUKOVYCH), as the first part (ALIASHKEVICH, Aliaksandr
    Mikhailavich) and as the last part after another -vich word (Oleg
    Sergeevich GAIDUKEVICH) the word is a surname.
    """
    pat = [i for i, t in enumerate(out) if t.kind == "patronymic"]
    if not pat:
        return
    parts = [i for i, t in enumerate(out) if t.kind in ("name", "patronymic")]
    surnames = []
    if len(parts) < 3:
        surnames = pat
    else:
        if pat[0] == parts[0]:
            surnames.append(pat.pop(0))
        if len(pat) >= 2 and pat[-1] == parts[-1]:
            surnames.append(pat[-1])
    for i in surnames:
        if _MALE_PATRONYMIC.search(out[i].latin):
            out[i] = features(out[i].text, "name")


# Chinese legal forms written at the end of a company's name, longest first.
_HAN_LEGAL = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _han_words(word: str) -> list[str]:
    """A run of Chinese characters (written without spaces) split into words.

    Its legal form (有限公司) is one word; a three-character name is a one-character
    family name and a two-character given name (赵光宗 = Zhao Guangzong); otherwise words
    of two characters, the commonest length of Chinese words and of the parts of a company's
    name (place, trade name, trade: 东莞 圣寅 数控 设备), a last odd character joining the
    word before it. Lossy, like any segmentation without a dictionary.
    """
    if len(word) < 2 or not _HAN.match(word) or word in _HAN_LEGAL:
        return [word]
    legal = next((f for f in _HAN_LEGAL if word.endswith(f) and len(word) > len(f)), "")
    body = word[:len(word) - len(legal)]
    if len(body) == 3 and not legal:
        parts = [body[:1], body[1:]]
    else:
        parts = [body[i:i + 2] for i in range(0, len(body) - len(body) % 2, 2)]
        if len(body) % 2:
            parts = parts[:-1] + [parts[-1] + body[-1]] if parts else [body]
    return parts + ([legal] if legal else [])


# Haj (a pilgrim's title) is often written joined to the given name it stands before in Persian and
# Urdu names (Hajahmad, Hajimohammad, Hajjali): such a word is the title and the name, where the rest is a
# name of the curated variant sets (Hajizadeh, Hajari stay one word).
_JOINED_TITLE = re.compile(r"^(hajji|hajj|haji|haj)(?=[a-z]{3})")


def _joined_title(word: str) -> list[str]:
    """[title, name] of a word that joins Haj to a curated given name, else [word]."""
    m = _JOINED_TITLE.match(word)
    if m:
        for k in range(len(m.group(1)), 2, -1):  # the longest title whose rest is a curated name
            rest = word[k:]
            if any(not is_translation(v) for v in _variant_ids(_canonical_latin(rest), ())):
                return [word[:k], rest]
    return [word]


_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# English cardinals written out are their numbers, like ordinals (MINING ENTERPRISE NUMBER TWO = ... 2);
# not "ten", a Dutch particle (van ten Brink)
_CARDINALS = {w: str(i) for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])}
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ar", "ash", "as", "an", "at", "az", "ath", "adh", "es", "esh", "ez"})


def _slavic_context(out: list[Token]) -> None:
    """In a name with a Slavic patronymic, every Latin name word is read as Slavic too (see :func:`features`).

    Belarusian and Ukrainian family names do not always end like Slavic ones (RAUKOU = Ravkov,
    KACUBO = Katsuba); the patronymic beside them says how to read them.
    """
    if not any(t.kind == "patronymic" for t in out):
        return
    for i, t in enumerate(out):
        if t.kind == "name" and not t.abjad and t.text.isascii() and not is_slavic(t.text, t.latin):
            out[i] = features(t.text, "name", True)


_GENERATIONS = frozenset({"jr", "sr", "junior", "senior"})
# The Persian ezafe (of, -'s) is written -ye after a word that ends in a vowel (Tose'eh-ye E'temad,
# Daneshgah-e ... after a consonant, and e is a particle already): "ye" between two words after a vowel
# or a silent h is a particle, not a name part (a Burmese or Chinese Ye stands elsewhere).
_EZAFE = "ye"


def _ezafe(out: list[Token]) -> None:
    """An ezafe "ye" between two words, after a vowel or a silent h, is a particle."""
    for i in range(1, len(out) - 1):
        if out[i].text == _EZAFE and out[i].kind == "name" and out[i - 1].latin[-1:] in ("a", "e", "i", "o", "u", "h") \
                and out[i - 1].text.isascii():
            out[i] = features(_EZAFE, "particle")


def _family_titles(out: list[Token]) -> None:
    """A title after an Arabic article is a family name: EL-HAJJ, AL-SHEIKH, AL SAYED (not Sheikh Hassan);
    so is a title that ends a name after a name word (Ahmad SAYYED): titles stand before a name
    (Jr. and Sr. after it stay what they are)."""
    for i in range(1, len(out)):
        if out[i].kind == "title" and out[i - 1].kind == "particle" and out[i - 1].latin in _ARTICLES:
            out[i] = features(out[i].text, "name")
    if len(out) >= 2 and out[-1].kind == "title" and out[-2].kind == "name" and out[-1].latin not in _GENERATIONS:
        out[-1] = features(out[-1].text, "name")


@lru_cache(maxsize=100_000)
def analyze(name: str) -> tuple[Token, ...]:
    """Normalize a name and describe its words, in order.

    Consecutive single letters that spell a legal form are joined ("s a" ->
    "sa"), so "S.A." is a legal form, not two initials. Words of a multi-word
    legal form ("joint stock company", "общество с ограниченной
    ответственностью") are legal parts. An English ordinal or cardinal is its number ("77th" = "77",
    "two" = "2").
    A run of Chinese characters is split into words (:func:`_han_words`). In a name with a Slavic
    patronymic every Latin word is read as Slavic (:func:`_slavic_context`). A -vich word is a surname rather than
    a patronymic where its place in the name says so (:func:`_surnames_in_vich`),
    and a title after an article is a family name (:func:`_family_titles`).
    """
    norm = normalize_cached(name)
    words = norm.split() if norm.isascii() else [w for word in norm.split() for w in _han_words(word)]
    if "haj" in norm:
        words = [w for word in words for w in _joined_title(word)]
    out: list[Token] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if len(w) == 1 and i + 1 < n and len(words[i + 1]) == 1:
            j = i
            while j < n and len(words[j]) == 1:
                j += 1
            glued = "".join(words[i:j])
            if _KIND_OF.get(glued) == "legal":
                out.append(features(glued))
                i = j
                continue
        if w[0].isdigit():  # (isdigit holds for every \d)
            m = _ORDINAL.match(w)
            out.append(features(m.group(1) if m else w))  # 77th = 77
        else:
            out.append(features(_CARDINALS.get(w, w)))  # two = 2
        i += 1
    _mark_legal_phrases(out)
    if _EZAFE in words:
        _ezafe(out)
    kinds = {t.kind for t in out}  # the passes below change nothing in a name without these kinds
    if "patronymic" in kinds:
        _slavic_context(out)
        _surnames_in_vich(out)
    if "title" in kinds:
        _family_titles(out)
    return tuple(out)


# Curated variant sets of name parts that do not say "a person": an organisation's name
# (Hezbollah) and pieces of compound names (Abu, Abd, al-Din).
_NOT_GIVEN = frozenset({"hezbollah", "abu", "abd", "din"})


def is_given_name(t: Token) -> bool:
    """True for a patronymic or a word of a curated personal-name variant set (Mohammed, Sergey, Chol)."""
    if t.kind == "patronymic":
        return True
    return t.kind == "name" and bool(t.variants) and any(not is_translation(v) and variant_key(v) not in _NOT_GIVEN
                                                         for v in t.variants)


def is_org_word(latin: str) -> bool:
    """True for a generic organisation noun (``data/org_words.yml``: company, group, bank ...)."""
    return latin in _ORG_WORDS


def is_organisation(tokens: tuple[Token, ...]) -> bool:
    """True when a name holds a legal form or a generic organisation noun (``data/org_words.yml``)."""
    return any(t.kind == "legal" or t.latin in _ORG_WORDS for t in tokens)
