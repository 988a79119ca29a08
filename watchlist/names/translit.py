"""Latin forms and consonant skeletons of name words, across scripts.

Transliteration is lossy and is kept apart from :func:`normalize`:

* Abjad scripts (Arabic, Persian, Urdu, Hebrew) mostly leave vowels
  unwritten, so ``unidecode`` gives "hshm" for هاشم. For them we build a
  consonant *skeleton* from a curated letter table (``data/abjad.yml``) and
  compare it with the skeleton of the Latin spelling ("Hashem" -> ``hxm``).
* Every other script goes through ``unidecode`` (Cyrillic, Greek, Georgian,
  Armenian, CJK...); the result is a Latin word compared like any other.

A skeleton keeps consonant *classes* (q/k/g/gh/kh -> k, sh/ch -> x, th -> s,
dh -> d, v -> w, ph -> f), drops single vowels, writes a vowel pair with i/y
or "ee" (Hussein, Husayn, Hameed) as ``y`` so Hassan (hsn) and Hussein (hsyn)
stay apart, and collapses doubled letters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import methodcaller
from pathlib import Path

from unidecode import unidecode

from ..compiled import _engine
from .resources import load_yaml

__all__ = ["is_abjad", "is_syllabic", "latinize", "latin_skeleton", "abjad_skeletons", "abjad_alt_skeletons",
           "strip_article", "is_slavic", "slavic_skeleton", "interdental_skeleton",
           "latin_skeleton_c", "slavic_skeleton_c", "interdental_skeleton_c"]

_DATA = load_yaml(Path(__file__).parent / "data" / "abjad.yml")
_ABJAD: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in _DATA["letters"].items()}
_ARTICLES: tuple[str, ...] = tuple(_DATA["article"])
# Regional readings of a letter: [letter, other skeleton class] (Egyptian g for jim, Persian z for zad...).
_ALT: dict[str, str] = {str(k): str(v) for k, v in _DATA.get("regional", {}).items()}
_ABD: tuple[str, ...] = tuple(_DATA.get("abd", ()))
_HE_YEH = ("های", "هی", "ه‌ای")
_DIGRAPHS = (("sch", "x"), ("tch", "x"), ("dzh", "j"), ("zh", "z"), ("kh", "k"), ("gh", "k"),
             ("sh", "x"), ("ch", "x"), ("ph", "f"), ("th", "s"), ("dh", "d"), ("dj", "j"),
             ("ck", "k"), ("q", "k"), ("g", "k"), ("c", "k"), ("v", "w"))
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_SQUASH = re.compile(r"(.)\1+")
_NOT_LATIN = re.compile(r"[^a-z0-9]")
_GROUP_1 = methodcaller("group", 1)  # the replacement r"\1" (a template is expanded in Python code at each match)
_DIPHTHONG_W = re.compile(r"(?<=[aeiou])w(?![aeiouy])")


def is_abjad(word: str) -> bool:
    """True when the word has a letter from the abjad table (Arabic, Hebrew...)."""
    return not word.isascii() and any(c in _ABJAD for c in word)  # the table has no ASCII letter


def is_syllabic(word: str) -> bool:
    """True for a word written in Han characters or kana (CJK ideographs, hiragana, katakana).

    Each character is one syllable; its unidecode pinyin/romaji is exact or
    wrong, so such words only meet others by equal transliteration. Hangul is
    not included: Korean romanizations (McCune-Reischauer, Revised) differ
    letter by letter for the same name.
    """
    return "\u2e80" <= word[:1] <= "\u9fff"


@lru_cache(maxsize=200_000)
def latinize(word: str) -> str:
    """ASCII lowercase Latin form of one normalized word (lossy)."""
    if word.isascii():
        return word
    if is_abjad(word):
        out = []
        for i, c in enumerate(word):
            lat = _ABJAD.get(c)
            if lat is None:
                out.append(unidecode(c))
            elif c in "وו":
                out.append("w" if i == 0 else "u")
            elif c in "يیےי":
                out.append("y" if i == 0 else "i")
            else:
                out.append(lat[0])
        s = "".join(out)
    else:
        table = _cyrillic_table(word)
        if table:  # word-initial iotated letters are y- in both (Yevhen, Yanukovych, Yury)
            word = _INITIAL_Y.get(word[0], word[0]) + word[1:]
        s = unidecode(word.translate(table) if table else word)
    return _NOT_LATIN.sub("", s.lower())


# Ukrainian (national system, 2010) and Belarusian (national system, 2007) romanization of the
# letters whose reading differs from Russian (unidecode reads every Cyrillic word as Russian):
# г is h in both, и is y in Ukrainian, ў is u. Сергій -> serhii, Мікалай Карпянкоў -> mikalai karpiankou.
_UKRAINIAN = str.maketrans({"г": "h", "и": "y", "і": "i", "ї": "i", "є": "ie", "ґ": "g", "й": "i"})
_BELARUSIAN = str.maketrans({"г": "h", "і": "i", "ў": "u", "й": "i"})
_INITIAL_Y = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def _cyrillic_table(word: str) -> dict[int, str] | None:
    """The romanization table of a Cyrillic word's language, told by its letters; None for Russian."""
    if any(c in "ўы" for c in word) and "і" in word or "ў" in word:
        return _BELARUSIAN
    if any(c in "іїєґ" for c in word):
        return _UKRAINIAN
    return None


def _vowels(m: re.Match[str]) -> str:
    run = m.group(0)
    if m.end() == len(m.string):
        return ""
    if len(run) >= 2 and ("i" in run or "y" in run or run == "ee"):
        return "y"
    return ""


@lru_cache(maxsize=200_000)
def latin_skeleton(latin: str, across_vowels: bool = True) -> str:
    """Consonant skeleton of an ASCII word: "hashem" -> "hxm", "hussein" -> "hsyn".

    A consonant repeated is written once, also across a vowel (Arabic spellings assimilate:
    Fadlallah = Fadl + Allah); ``across_vowels=False`` keeps b-b in "babakov" (Slavic words).
    A w after a vowel and before a consonant (or at the end) closes a diphthong: aw = au
    (Awlaki = Aulaqi, Shawkat = Shaukat, Fawzi = Fauzi); between vowels it stays a consonant (Nawaz).
    """
    s = _DIPHTHONG_W.sub("u", latin).replace("x", "ks")
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = re.sub(r"(?<=[aeiou])h$", "", s)
    if not across_vowels:
        s = re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", s)
    s = re.sub(r"^y|y(?=[aeiou])", "Y", s)
    s = _VOWEL_RUN.sub(_vowels, s).lower()
    return re.sub(r"(.)\1+" if across_vowels else r"(y)\1+", r"\1", s)


# Endings of Russian, Ukrainian and Belarusian family names and patronymics in Latin spellings
# (-ov/-au, -enko/-enka, -ski, -vich/-vic, -ets, -chuk/-iuk, -ivna/-auna ...; not a bare -uk: Farouk,
# Mamluk). A Belarusian -ou needs two
# consonant letters before it (Charnyshou, Karpiankou), or a consonant and i (Kavaliou), so that
# Mamadou stays out.
_SLAVIC_END = re.compile(
    r"(?:[ey]?ov|[ey]?ova|[ey]?ev|[ey]?eva|au|ava|(?<=[b-df-hj-np-tv-z]{2})ou|(?<=[b-df-hj-np-tv-z]i)ou|(?<=[a-z]{3}[aeo])eu|ow|owa|ew"
    r"|[ie]?enko|[ie]?enka|ianka|anka|[iy]uk|chuk|czuk|shuk|[vw][iy]ch|[vw][iy]c|[vw][iy]t?s?ch|vna|auna|euna|[iy]vna"
    r"|sk[iy]|sk[iy][iyj]|ska|skaya|skaja|[iy]?ets|[iy]?ec)$")
# The last two letters of every ending _SLAVIC_END matches (tests/names/test_fast_paths.py reads them
# off the pattern): a word that ends otherwise is not searched.
_SLAVIC_LAST2 = frozenset({"au", "ch", "ec", "eu", "ev", "ew", "ic", "ii", "ij", "iy", "ja", "ka", "ki", "ko",
                           "ky", "na", "ou", "ov", "ow", "ts", "uk", "va", "wa", "ya", "yc", "yi", "yj", "yy"})
# Latin spellings of Slavic letters folded to one form before the skeleton is taken (the fold's
# skeleton is a Slavic word's loose skeleton, see tokens.features):
_SLAVIC_FOLD = (
    (re.compile(r"(?<=[vw][iy])c$"), "ch"),  # -vič written -vic (Hulievic = Gulevich)
    (re.compile(r"t?sch|tch|cz"), "ch"),  # German, French, Polish spellings of ч (Janukowytsch)
    (re.compile(r"sz"), "sh"),
    (re.compile(r"c(?!h)"), "ts"),  # c = ц (Tselikovec = Tselikavets)
    (re.compile(r"[ijy](?=[aeiou])"), ""),  # iotated vowels: ia/ya/ja, ie/ye/je, iu/yu/ju (Simanienka = Simonenko)
    (re.compile(r"(?<=[aeo])[uw]$"), "v"),  # Belarusian ў for в: Bykau = Bykov, Charnyshou = Chernyshev
    (re.compile(r"(?<=[ae])u(?=[b-df-hj-np-tv-z])"), "v"),  # ... inside a word: Paulichenka = Pavlichenko
    (re.compile(r"^u(?=[b-df-hj-np-tv-z])"), "v"),  # Belarusian initial ў: Uladzimiravich = Vladimirovich
    (re.compile(r"dz(?!h)"), "d"),  # Belarusian дз for д (Dzmitry = Dmitry); дж (dzh) stays
    (re.compile(r"j"), "y"),  # j = й (Siarhiej)
    (re.compile(r"z(?!h)"), "s"),  # German s for з (Tscheresow = Cherezov); ж (zh) stays
    (re.compile(r"(?<![kszc])h"), "g"),  # Ukrainian and Belarusian h for г (Hennadiy = Gennady, Oleh = Oleg)
)


def is_slavic(word: str, latin: str) -> bool:
    """A Cyrillic word, or a Latin one with a Slavic family-name or patronymic ending."""
    if not word.isascii() and any("\u0400" <= c <= "\u04ff" for c in word):
        return True
    if latin[-2:] not in _SLAVIC_LAST2 and not latin.endswith("\n"):  # ($ matches before a last newline)
        return False
    # an ending is at most 6 letters (and $ may stand before a last newline): the search starts 8 from the end
    m = _SLAVIC_END.search(latin, max(0, len(latin) - 8))
    # -ou after a doubled consonant is Arabic (Daqqou), not Belarusian
    return bool(m) and not (latin.endswith("ou") and latin[-4:-3] == latin[-3:-2])


@lru_cache(maxsize=200_000)
def slavic_skeleton(latin: str) -> str:
    """Loose skeleton of a Slavic word: its Latin spellings folded (h/g, ў/v, ia/ya/ja, c/ts, č), inner y dropped.

    "bykau" and "bykov" -> "bkw"; "hulievic" and "gulevich" -> "klwx"; "simanienka" and "simonenko" -> "smnnk".
    """
    s = latin
    for pattern, repl in _SLAVIC_FOLD:
        s = pattern.sub(repl, s)
    skel = latin_skeleton(s, across_vowels=False)
    return skel[:1] + skel[1:].replace("y", "")


_INTERDENTAL = re.compile(r"[td]h")
_FRENCH_W = re.compile(r"ou(?=[aei])")
_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=200_000)
def interdental_skeleton(latin: str) -> str:
    """Loose skeleton of a Latin word: th and dh read as z, French ou before a vowel as w, c before
    e, i, y as s, inner y dropped.

    Arabic ذ, ظ (and ث) are written th, dh, z or d: Ma'thi = Maazi = Mu'dhi, Dhafer = Zafer. The
    strict skeleton keeps th = s (Othman = Osman, Haitham = Haysam); this one gives th = dh = z.
    French spellings write و before a vowel ou: Anouar = Anwar, Kouatly = Quwatly (the strict
    skeleton keeps ou a vowel: Mouammar = Muammar); they write س before e and i as c, a soft c as in
    English and Spanish: Houcein = Husayn, Lahcen = Lahsen, Yacine = Yasin (the strict skeleton keeps
    c = k).
    """
    if "ou" in latin:
        latin = _FRENCH_W.sub("w", latin)
    if "c" in latin:
        latin = _SOFT_C.sub("s", latin)
    skel = latin_skeleton(_INTERDENTAL.sub("z", latin)) if "h" in latin else latin_skeleton(latin)
    return skel[:1] + skel[1:].replace("y", "")


# The compiled ports of the three skeletons above (csrc/skeleton.c), for the analyzer's hot path
# (tokens.features, the legal-phrase keys): the same result for every str (tests/engine/
# test_skeletons.py; a word of other characters than a-z and 0-9 is handed to the function above).
# The Python functions stay the reference and the documentation of the rules.
_engine.set_skeleton_reference(latin_skeleton, slavic_skeleton, interdental_skeleton)
latin_skeleton_c = _engine.latin_skeleton
slavic_skeleton_c = _engine.slavic_skeleton
interdental_skeleton_c = _engine.interdental_skeleton


@lru_cache(maxsize=100_000)
def abjad_skeletons(word: str) -> tuple[str, str]:
    """(strict, loose) skeletons of an abjad word.

    strict keeps و/ي inside the word as w/y; loose drops them (they are
    usually the long vowels u/i that Latin spellings write as vowels).
    """
    return _skeletons(word, False)


def _skeletons(word: str, regional: bool) -> tuple[str, str]:
    strict, loose = [], []
    n = len(word)
    for i, c in enumerate(word):
        sk = _ABJAD[c][1] if c in _ABJAD else latin_skeleton(latinize(c))
        if regional:
            sk = _ALT.get(c, sk)
        if sk in ("w", "y") and i == n - 1:
            continue
        # w/y is a consonant at the start, also after a silent initial alif (ایوب = Ayyub)
        first = not any(strict)
        strict.append(sk)
        loose.append(sk if sk not in ("w", "y") or first else "")
    if word.endswith(_HE_YEH) and n > 4:  # Persian -eh-i ending: he is a vowel (خامنه‌ای = Khamenei)
        while loose and loose[-1] in ("", "y"):
            loose.pop()
    if loose and loose[-1] == "h" and n > 2:
        loose.pop()
    return _SQUASH.sub(_GROUP_1, "".join(strict)), _SQUASH.sub(_GROUP_1, "".join(loose))


@lru_cache(maxsize=100_000)
def abjad_alt_skeletons(word: str) -> tuple[tuple[str, float], ...]:
    """Other loose skeletons of an abjad word and their similarity, against Latin spellings only.

    * "Abd al-X" written as one word keeps its article where Latin spellings
      drop it (عبدالغفار = Abdul Ghafar, canonical "abdghafar"): 0.93, like
      the word's own skeleton;
    * regional letter readings (``data/abjad.yml`` ``regional``): ج as g in
      Egyptian names (رجب = Ragab), ض ذ ظ as z in Persian and Urdu names
      (ضیایی = Ziyayi, علیرضا = Alireza): 0.88, and only for skeletons of three
      consonants or more (two are met by chance too often).

    Not used for retrieval keys: a word meets a Latin spelling through them
    once retrieval has found the name by its keys.
    """
    base = abjad_skeletons(word)[1]
    out: dict[str, float] = {}
    forms = [word]
    for abd in _ABD:
        if word.startswith(abd) and len(word) > len(abd) + 2:
            forms.append(abd[:-len(_ARTICLES[0])] + word[len(abd):])
            out[_skeletons(forms[-1], False)[1]] = 0.93
    for f in forms:
        if any(c in _ALT for c in f):
            sk = _skeletons(f, True)[1]
            if len(sk) >= 3:
                out.setdefault(sk, 0.88)
    out.pop(base, None)
    return tuple(sorted(out.items()))


def strip_article(word: str) -> str:
    """The word without a written Arabic article (الدين -> دين), else ""."""
    for art in _ARTICLES:
        if word.startswith(art) and len(word) - len(art) >= 2:
            return word[len(art):]
    return ""
