"""Word-level similarity with a named rule, and the alignment of name parts.

``token_sim`` answers "how alike are these two words, and why" with one of
the rules below; ``align`` pairs the parts of a query with the parts of a
listed name, joining two adjacent words into one compound where that fits
better ("safi al-din" = "safieddine").

Rules and their similarity (0..1):

=================  =====  ==================================================
exact              1.00   same normalized word
transliteration    0.97   same Latin form from another script (Путин/putin)
compound           0.97   same canonical compound (abdulrahman/abderrahmane)
variant            0.95   same curated variant set (mohammed/muhammad)
translation        0.95   same organisation word in another language (банк/bank, sanayi/industry)
article            0.95   equal once a joined article is dropped (alkabi/kabi)
phonetic           0.92   same consonant skeleton (qasem/ghasem, hussein/husayn)
phonetic           0.90   same loose skeleton: inner y dropped, Slavic spellings folded
                          (bykau/bykov, hulievic/gulevich), th/dh/z alike (mathi/maazi),
                          French ou before a vowel = w (anouar/anwar)
phonetic           0.85   same two-consonant outline, starting alike (qaani/ghaani, amrou/amr)
article            0.90   a word without its joined article has the other's skeleton
                          (alghasimehr/qasi mehr, alnaimi/nuaymi)
skeleton           <=0.93 abjad word vs Latin word by consonant skeleton
onset              x0.8   a phonetic or skeleton meeting of a word that starts with a vowel
                          sound and one that starts with a consonant (andrea/naderi, کوثر/exora)
initial            0.90   a single letter that starts the other word
fuzzy              <1     typos and transpositions: 1 - 2.5 x (1 - OSA/JW mean); a doubled
                          letter written once is no typo (mawwaz/mawas: one typo)
truncation         0.80   one word is the other's first 4+ letters, or its -ing form with the
                          final e dropped (stevedore/stevedoring, manufacture/manufacturing)
syllables          0      Han/kana words meet Latin ones by equal transliteration only
acronym            0      a word without vowels (KCST) meets only words of its first three letters
distinct           0.60   cap: both words are in curated sets, different ones
=================  =====

Fuzzy and phonetic pairs of two *common* words (weight <= 0.5) count 0.8x:
common names have curated variants, so a near miss is likely another name.  ==================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from ..names.tokens import LOW_KINDS, Token, join
from ..names.translit import abjad_alt_skeletons, is_syllabic, latinize, strip_article
from ..names.variants import is_compound_name, is_english, is_translation

__all__ = ["token_sim", "align", "Pair", "MIN_SIM"]

#: Below this similarity two words are not paired at all.
MIN_SIM = 0.5

_SQUEEZE = re.compile(r"(.)\1+")
_VOWELLESS = re.compile(r"^[b-df-hj-np-tv-xz]{2,}$")

# (query positions, listed positions, similarity, rule)
Pair = tuple[tuple[int, ...], tuple[int, ...], float, str]


def _fuzzy(a: str, b: str) -> float:
    """Typo similarity: by edit count for 1-2 edits in long enough words, else a steep OSA/JW mean."""
    d = OSA.distance(a, b, score_cutoff=3)
    n = max(len(a), len(b))
    if d == 1 and n >= 4:
        return 0.92 if n >= 6 else 0.88
    if d == 2 and n >= 7:
        return 0.86 if n >= 9 else 0.8
    f = (OSA.normalized_similarity(a, b) + JaroWinkler.normalized_similarity(a, b)) / 2
    return max(0.0, 1.0 - 2.5 * (1.0 - f))


def _squeezed_typo(a: str, b: str) -> float:
    """The one-typo similarity of two words one edit apart once a doubled letter is written once.

    Transliterations write a doubled consonant or vowel (an Arabic shadda, a long vowel) once or
    twice, so it is no typo: mawwaz/mawas, ayyad/iyad, gatdeet/gadet are one typo apart, as _fuzzy
    counts it. Only where each doubled letter is in both words (balli/badi differ in the doubled
    letter itself) and for words of 4 letters or more.
    """
    sa, sb = _SQUEEZE.sub(r"\1", a), _SQUEEZE.sub(r"\1", b)
    if sa == a and sb == b:
        return 0.0
    n = max(len(sa), len(sb))
    if n < 4 or OSA.distance(sa, sb, score_cutoff=1) != 1:
        return 0.0
    for w in (a, b):
        for i in range(1, len(w)):
            if w[i] == w[i - 1] and (w[i] not in sa or w[i] not in sb):
                return 0.0
    return 0.92 if n >= 6 else 0.88


def _ing_form(short: str, long_: str) -> bool:
    """``long_`` is the English -ing form of ``short``, whose final e it drops (stevedore/stevedoring):
    the activity an organisation's name gives by its noun or its verb. (Without a dropped e, the
    -ing form starts with the word: truncation covers it.)"""
    return len(short) >= 5 and short[-1] == "e" and len(long_) == len(short) + 2 and long_.endswith("ing") \
        and long_.startswith(short[:-1])


_ONSET = re.compile(r"^[b-df-hj-np-tv-z]+")


def _same_lead(a: Token, b: Token) -> bool:
    """Two words of one short outline start alike: with one letter, or with two spellings of one onset.

    Two Latin words whose first consonants are spelled differently are one word only when the
    rest is the same letter for letter (qaani/ghaani), not when the vowels differ too
    (gil/khala, cokan/ghani). Vowels in front are no part of the outline: amir/omar stay apart.
    """
    x, y = a.latin, b.latin
    if not x or not y:
        return False
    if x[0] == y[0]:
        return True
    if not (a.text.isascii() and b.text.isascii()):
        return False
    mx, my = _ONSET.match(x), _ONSET.match(y)
    return bool(mx and my) and x[mx.end():] == y[my.end():]


# A word's onset: does it start with a vowel sound? Arabic script writes an initial vowel with a
# letter of no consonant value (alif, hamza on its seat, ayn; Hebrew alef, ayin) that Latin
# spellings write as a vowel (احمد Ahmad, عمر Omar, אברהם Avraham); a consonant letter is a
# consonant in both (کوثر Kowsar is not Exora, اسرا Esra is not Souruh). Latin skeletons drop
# vowels, so without this "andrea" and "naderi" are one skeleton (ndr). A Latin y starts either
# (an iotated vowel: Yepikhau = Epikhov, Yanukovych = Anukovic). A meeting across onsets counts
# ONSET_MISMATCH x its similarity.
ONSET_MISMATCH = 0.8
_ABJAD_VOWEL_ONSET = frozenset("اأإآٱءؤئعאע")
_VOWELS = frozenset("aeiou")


def abjad_onsets(text: str) -> tuple[bool, bool]:
    """(may start with a vowel, may start with a consonant) of an abjad word, or of it without its article."""
    heads = [text[:1]]
    core = strip_article(text)
    if core:
        heads.append(core[:1])
    vowel = [h in _ABJAD_VOWEL_ONSET for h in heads]
    return any(vowel), not all(vowel)


def _latin_onsets(t: Token, y: bool) -> tuple[bool, bool]:
    """The same of a Latin word (its Latin form and its core); ``y``: an initial y starts either."""
    vowel = cons = False
    for w in (t.latin, t.core):
        if not w:
            continue
        if y and w[0] == "y":
            vowel = cons = True
        elif w[0] in _VOWELS:
            vowel = True
        else:
            cons = True
    return vowel, cons


def _onsets_meet(x: tuple[bool, bool], y: tuple[bool, bool]) -> bool:
    return (x[0] and y[0]) or (x[1] and y[1])


def _skeleton_sim(a: Token, b: Token) -> float:
    best = _skeleton_best(a, b)
    if a.abjad != b.abjad:
        ab, lat = (a, b) if a.abjad else (b, a)
        if not _onsets_meet(abjad_onsets(ab.text), _latin_onsets(lat, False)):
            best *= ONSET_MISMATCH
    return best


def _skeleton_best(a: Token, b: Token) -> float:
    xs = [s for s in (a.skel, a.loose, a.core_skel) if s]
    ys = [s for s in (b.skel, b.loose, b.core_skel) if s]
    best = 0.0
    for x in xs:
        for y in ys:
            if x == y:
                return 0.93 if len(x) >= 2 else 0.85
            best = max(best, Levenshtein.normalized_similarity(x, y))
    best = 0.93 * max(0.0, 1.0 - 2.0 * (1.0 - best))
    if a.abjad != b.abjad:  # "Abd al-X" joined, regional letter readings: against Latin spellings only
        ab, lat = (a, b) if a.abjad else (b, a)
        for sk, s in abjad_alt_skeletons(ab.text):
            if s > best and sk in (lat.skel, lat.loose, lat.core_skel):
                best = s
    return best


def _core_skeletons_meet(a: Token, b: Token) -> bool:
    """Without its joined article one word has the other's skeleton (of 3 consonants or more)."""
    return (len(a.core_skel) >= 3 and a.core_skel in (b.skel, b.core_skel)) or \
        (len(b.core_skel) >= 3 and b.core_skel == a.skel)


def _vowel_leads(a: Token, b: Token) -> bool:
    """Two words of one skeleton that both start with a vowel (Obaid Ullah / Ubaidullah: o and u spell one
    Arabic vowel): they start alike for a compound."""
    return a.latin[:1] in _VOWELS and b.latin[:1] in _VOWELS and a.skel == b.skel


def _core_lead(a: Token, b: Token) -> bool:
    """Without its joined article one word starts like the other (skeletons): alghasimehr / qasi mehr."""
    return bool((a.core_skel and a.core_skel[:1] == b.skel[:1]) or (b.core_skel and b.core_skel[:1] == a.skel[:1]))


def token_sim(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two words (0..1) and the rule that gave it."""
    if a.text == b.text:
        return 1.0, "exact"
    if a.kind == "number" or b.kind == "number":
        return 0.0, "number"
    if a.kind == "initial" or b.kind == "initial":
        if a.kind == b.kind:
            return 0.0, "initial"
        x, y = (a, b) if a.kind == "initial" else (b, a)
        return (0.9, "initial") if y.latin[:1] == x.latin else (0.0, "initial")
    if a.latin == b.latin:
        if a.text.isascii() and b.text.isascii():
            return 0.97, "compound"
        return 0.97, "transliteration"
    best, rule = 0.0, "fuzzy"
    shared = set(a.variants).intersection(b.variants) if a.variants and b.variants else set()
    if shared and (is_syllabic(a.text) or is_syllabic(b.text)):
        # a Han/kana word meets others by translation only: 李 (li) is no spelling of the Korean Ri
        shared = {i for i in shared if is_translation(i)}
    if shared:
        # a word and its translation; two English forms of one set (guard/guards) are variants
        foreign = not (is_english(a.latin) and is_english(b.latin))
        best, rule = 0.95, "translation" if foreign and all(is_translation(i) for i in shared) else "variant"
    if is_syllabic(a.text) or is_syllabic(b.text):
        # Chinese/Japanese: a one-letter change is another syllable, another name
        return (best, rule) if shared else (0.0, "syllables")
    if a.abjad or b.abjad:
        s = _skeleton_sim(a, b)
        return (s, "transliteration") if s > best else (best, rule)
    if (_VOWELLESS.match(a.latin) or _VOWELLESS.match(b.latin)) and a.latin[:3] != b.latin[:3]:
        # an acronym (KCST, CVNX) is no spelling of another word; only one that shares its first
        # three letters may be a typo or a longer form of it (DHKC/DHKP, IRGCS/IRGC)
        return (best, rule) if shared else (0.0, "acronym")
    if (a.core and (a.core == b.latin or a.core == b.core)) or (b.core and b.core == a.latin):
        if best < 0.95:
            best, rule = 0.95, "article"
    if best < 0.95 and _SQUEEZE.sub(r"\1", a.latin) == _SQUEEZE.sub(r"\1", b.latin):
        best, rule = 0.95, "phonetic"  # doubled letters only: kaabi/kabi, kassem/kasem
    onset = 1.0 if _onsets_meet(_latin_onsets(a, True), _latin_onsets(b, True)) else ONSET_MISMATCH
    if best < 0.92 * onset and a.skel == b.skel and len(a.skel) >= 3:
        best, rule = 0.92 * onset, "phonetic"
    elif best < 0.9 * onset and a.loose == b.loose and len(a.loose) >= 3:
        best, rule = 0.9 * onset, "phonetic"
    elif (best < 0.85 and ((a.loose == b.loose and len(a.loose) == 2) or (a.skel == b.skel and len(a.skel) == 2))
          and _same_lead(a, b) and abs(len(a.latin) - len(b.latin)) <= 2):
        best, rule = 0.85, "phonetic"  # two-consonant outlines: qaani/ghaani, amrou/amr
    if best < 0.9 and _core_skeletons_meet(a, b):
        best, rule = 0.9, "article"  # alghasimehr / qasimehr: article dropped, one skeleton
    if best < 0.92:
        f = _fuzzy(a.latin, b.latin)
        if a.core or b.core:
            f = max(f, _fuzzy(a.core or a.latin, b.core or b.latin))
        ra, rb = latinize(a.text), latinize(b.text)
        if ra != a.latin or rb != b.latin:  # compound-canonical forms hide typos: abudl/abdul
            f = max(f, _fuzzy(ra, rb))
        f = max(f, _squeezed_typo(a.latin, b.latin))
        if f > best:
            best, rule = f, "fuzzy"
        short, long_ = sorted((a.latin, b.latin), key=len)
        if best < 0.8 and len(short) >= 4 and (long_.startswith(short) or _ing_form(short, long_)):
            best, rule = 0.8, "truncation"
    if not shared and best > 0.6 and a.variants and b.variants:
        best, rule = 0.6, "distinct"  # both in curated sets, different ones: known different names
    return best, rule


def compound_pairs(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """(i, j) of adjacent name words that may be one compound (up to one particle between is skipped).

    The one rule for compounds: alignment scores them, the index retrieves by them.
    """
    for i, t in enumerate(tokens):
        if t.kind != "name":
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 2 and tokens[j].kind == "particle":
            j += 1
        if j < len(tokens) and j - i <= 2 and tokens[j].kind == "name":
            yield i, j


def _units(tokens: Sequence[Token]) -> list[tuple[tuple[int, ...], Token]]:
    """Single words, plus adjacent name words joined as compounds (particles between are skipped)."""
    units: list[tuple[tuple[int, ...], Token]] = [((i,), t) for i, t in enumerate(tokens)]
    units += [((i, j), join(tokens[i], tokens[j])) for i, j in compound_pairs(tokens)]
    return units


def _compatible(a: Token, b: Token) -> bool:
    if a.kind in LOW_KINDS or b.kind in LOW_KINDS:
        return a.kind in LOW_KINDS and b.kind in LOW_KINDS
    return (a.kind == "number") == (b.kind == "number")


def align(query: Sequence[Token], listed: Sequence[Token],
          sim: Callable[[Token, Token], tuple[float, str]] = token_sim,
          weight: Callable[[Token], float] = lambda t: 1.0) -> list[Pair]:
    """Pair query parts with listed parts, most similar first, then heaviest (greedy).

    A compound unit (two words) may pair with a single word on the other
    side, never with another compound. The result is deterministic: ties
    are broken by positions.
    """
    qu, cu = _units(query), _units(listed)
    cands = []
    for qpos, qt in qu:
        for cpos, ct in cu:
            if len(qpos) > 1 and len(cpos) > 1:
                continue
            compound = len(qpos) > 1 or len(cpos) > 1
            if not _compatible(qt, ct) or (compound and (qt.kind != "name" or ct.kind != "name")):
                continue
            s, rule = sim(qt, ct)
            if s < MIN_SIM or (compound and (s < 0.85 or rule == "truncation")):
                continue
            if (compound and s < 0.95 and min(len(qt.skel), len(ct.skel)) < 4
                    and not (is_compound_name(qt.latin) or is_compound_name(ct.latin))):
                continue  # a 3-consonant skeleton spans two words too easily (rao khan / irgcn, كانو / ali kony)
            if compound and s < 0.95 and not (qt.abjad or ct.abjad) and qt.latin[:1] != ct.latin[:1] \
                    and not _core_lead(qt, ct) and not _vowel_leads(qt, ct):
                continue  # a near spelling across two words starts alike (not soleimani / isil yemen, nasrallah / ansar allah)
            if compound:
                rule = "compound" if rule in ("exact", "compound", "variant") else rule
                s = min(s, 0.97)
            elif rule in ("fuzzy", "phonetic") and weight(qt) <= 0.5 and weight(ct) <= 0.5:
                s *= 0.8  # two common names that are not curated variants of each other
            w = sum(weight(query[i]) for i in qpos) + sum(weight(listed[j]) for j in cpos)
            # at equal similarity a single word beats a compound that only adds a word
            cands.append((-round(s, 4), len(qpos) + len(cpos), -w, qpos, cpos, s, rule))
    cands.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[Pair] = []
    for _, _, _, qpos, cpos, s, rule in cands:
        if used_q.intersection(qpos) or used_c.intersection(cpos):
            continue
        used_q.update(qpos)
        used_c.update(cpos)
        pairs.append((qpos, cpos, s, rule))
    pairs.sort()
    return pairs
