"""Name score 0..100 with an explanation of which part met which.

How a score is made
-------------------
Both names are split into parts (:func:`watchlist.names.tokens.analyze`);
parts are paired (:func:`watchlist.match.features.align`), each pair with a
similarity and a rule. Each part has a *weight*: how much it tells who the
person is. Common parts (Mohammed, Ali, al-, bin, Company, Trading) weigh
little; in a :class:`~watchlist.index.NameIndex` the weight is the lower of
the shipped table (``names/data/common.yml``) and the part's rarity (IDF)
among the indexed names; :func:`compare` without an index uses the table.
Words of one curated variant set share a weight; a word in another language
of an organisation-word translation set (``names/data/org_translations.yml``:
завод, fabrika) weighs like the set's first English form ("plant").

    base     = sum(sim * (w_q + w_l)) / (sum(w_q + w_l) over pairs
               + 2 * a_q * w of unmatched query parts + 2 * a_l * w of unmatched listed parts)
               a_q = 0.3 when every listed part is met (the query adds a middle name), else 0.5;
               when the listed name is wholly and closely met (two parts or more, each met at 0.95 or
               more, one of weight 0.5 or more; or an organisation's one word of 4 letters or more and
               weight 0.8 or more, met exactly: "JSC NIIEVM", "SOUTHFRONT" when the list types it an
               organisation), the unmatched query parts cost at most 0.25 x the
               pairs' weight: a specific listed name found whole in a longer query keeps 80 % of its
               pairs' score ("Ali SAEEDI" in "Shahroudi Ali SAEEDI": 68.4 -> 81.2; a long listed name
               with one added part, "AHMED KHALFAN GHAILANI", costs what it did);
               a_l = 0.15 when every query part is met (other than by an initial), else 0.25;
               a_l >= 0.4 for an organisation (a legal form or a noun of names/data/org_words.yml:
               the left-out parts name a sub-unit, "IRGC AIR FORCE") and for a one-part query
               met only by a near spelling (similarity < 0.95); but an organisation's parts left out
               before its first met part with no connector between cost 0.15: they describe it
               ("CENTRAL COUNTERPARTY NATIONAL CLEARING CENTRE", "ANALITICHESKII TSENTR KATEKHON")
    evidence = min(1, matched listed weight / need) ** 0.5, where need = min(1.6, 0.9 * listed
               weight) when every listed part is met, else min(1.6, max(0.8, 0.9 * lighter name)),
               at least 0.8 for a one-part query of a common word (weight < 0.35: "Ali", "Abdullah");
               a pair of single words counts the lighter of its two weights (a common query word
               says little even about a rare listed word)
    score    = 100 * base * evidence * (0.985 if parts are in another order) * factors, where the
               factors say what the parts mean, not how they are spelled (each only lowers a score):
               0.75 an organisation's name vs a person's whose given name or patronymic is left out
                    or only near-met ("HAMCHO GROUP" / "Mohammed HAMCHO");
               0.82 a one-part query whose word has a short outline (<= 4 consonants), is met only
                    by a near spelling or a curated variant, and leaves listed parts out (NADRA ~
                    "Mohammad NADERI");
               0.82 a one-part listed name met only by a near spelling (similarity < 0.95) of one part
                    of a query whose other parts it leaves unmatched ("Robin SUTTON" ~ "STAN LLC",
                    "Michael ROSS" ~ "ALROSA": one word of a longer name, spelled otherwise);
               and before scoring, the X of a query's "Abu X" whose Abu is unmatched meets with
               0.8 x its similarity (a kunya is a name of its own: Abu Yasser is not Yasser)

A query's last unmatched word that spells the initials of three or more unmet words of an
organisation's listed name meets them as one part at 0.9 ("PFLP - GENERAL COMMAND" / "THE POPULAR FRONT FOR LIBERATION OF
PALESTINE - GENERAL COMMAND": pflp ~ popular front for liberation of palestine (acronym)).

Titles, particles, legal forms (also multi-word ones, ``names/data/legal_forms.yml``)
and connector words are not penalized when unmatched. Numbers must agree: an
unmatched number weighs 1.5x. An acronym written in the listed name beside its
words ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)", :mod:`watchlist.match.acronyms`)
says them once: when the query meets the acronym its words are not missing, and
an unmatched acronym is not missing either; a word repeated in an organisation's
name ("SBERBANK ... SBERBANK") is said once too. The same holds for the query's own
acronym beside its words ("STATE MILITARY-INDUSTRIAL COMMITTEE (SMIC)"): it is no part the
listed name lacks.
The score is deliberately asymmetric: a listed part missing from the query
(a middle name) costs less than a query part missing from the listed name.

Bands
-----
=========  ============================================================
100        equal after normalization
97 - 99.9  same parts, other order (98.5) or other script/compound spelling (97)
92 - 97    curated variants, phonetic skeletons, initials, an article dropped
85 - 92    typos/transpositions in one part, or a rare listed part missing
72 - 85    review: part of the name agrees (a middle name added or dropped,
           one part spelled far apart), or common parts only
< 72       not reported
=========  ============================================================

``DEFAULT_THRESHOLD`` (the report floor, 72) was chosen on the dev benchmark
(``bench/tune_names.py``, seeds 1 and 2, 2,000 UK variants, 680 UN queries and
2,000 negatives each). Trade-off re-measured after the ezafe, possessive, doubled-letter, -ing,
query-acronym and translation-set rules (NORMALIZER_VERSION 24, INDEX_FORMAT 9), per floor, seed 1 /
seed 2: UK shares-token recall, UK non-Latin recall, UK rank-1 precision, UN changed recall,
false-alert rate UK / UN (%):

=====  =============  =============  =============  ===========  ======================
floor  shares-token   non-Latin      rank-1 prec    UN changed   false alerts % UK/UN
=====  =============  =============  =============  ===========  ======================
70     81.30 / 80.68  88.32 / 89.24  94.4 / 95.2    99.4 / 99.4  0.5/0.1 / 0.4/0.1
71     80.81 / 80.37  87.97 / 89.07  94.8 / 95.4    99.4 / 99.4  0.4/0.1 / 0.3/0.1
72     80.31 / 80.27  87.63 / 88.74  95.4 / 95.7    99.4 / 99.4  0.3/0.0 / 0.3/0.1
75     79.33 / 79.44  86.25 / 87.09  95.8 / 96.0    98.8 / 98.8  0.2/0.0 / 0.2/0.1
78     77.66 / 77.79  84.88 / 85.93  96.0 / 96.4    98.8 / 98.8  0.1/0.0 / 0.1/0.1
80     76.57 / 76.55  84.02 / 85.43  96.3 / 97.0    98.8 / 98.8  0.1/0.0 / 0.1/0.1
=====  =============  =============  =============  ===========  ======================

At NORMALIZER_VERSION 23 (the same runs): floor 70: shares-token 80.41 / 79.55, rank-1 precision
94.50 / 95.33; floor 72: shares-token 79.13 / 78.93, non-Latin 87.46 / 88.74, rank-1 precision
95.28 / 95.82, false alerts UK 0.30 / 0.30 %, UN 0.00 / 0.10 %.

At NORMALIZER_VERSION 12 (the same runs): floor 70: shares-token 77.07 / 76.76, rank-1 precision
94.4 / 94.8, false alerts UK 1.2 / 1.1 %; floor 72: shares-token 75.69 / 75.93, non-Latin 87.29 / 88.41,
rank-1 precision 95.3 / 95.4, false alerts UK 0.5 / 0.4 %, UN 0.0 / 0.1 %.

At NORMALIZER_VERSION 11 (the same runs at 72): shares-token 75.39 / 75.52, non-Latin 87.29 / 88.25,
rank-1 precision 95.3 / 95.4, false alerts UK 0.5 / 0.4 %, UN 0.0 / 0.1 %.

At NORMALIZER_VERSION 10 (the same runs at 72): shares-token 75.5 / 75.3, non-Latin 86.9 / 88.1,
rank-1 precision 95.1 / 95.1, false alerts UK 9 / 9 of 2,000, UN 0 / 2.

Before these rules (NORMALIZER_VERSION 3, same runs at 72): shares-token 73.1 / 72.6,
non-Latin 83.0 / 85.6, rank-1 precision 92.8 / 93.4, UN changed 99.4 / 99.4, false
alerts UK 9 / 9, UN 1 / 2. Measured then with the real CLI (name_eval.py, --n 2000):
UK shares-token 72.9 / 72.7, UK non-Latin 82.8 / 85.3, UK rank-1 precision 93.6 / 93.9,
UN changed 99.4 / 99.4, false alerts UK 0.4 / 0.3 %, UN 0.1 / 0.1 %. The organisation
cost trades recall for the sub-unit review (in-process, seed 1, UK shares-token):
a_l(org) 0.15: 73.8 (IRGC AIR FORCE 94.0), 0.3: 73.1 (88.6), 0.4: 72.9 (85.4), 0.5: 72.8 (82.4).

72 is the lowest floor whose rank-1 precision stays >= 95 % on both seeds (the onset and
listed-one-part rules brought the false alerts at 70 down to 0.45 %, but the wrong-entity hits
between 70 and 72 cost rank-1 precision); it is also the highest that keeps 99.4 % of the changed
UN names. ``MATCH_THRESHOLD`` (90) separates "match" from "review".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..names.normalize import normalize
from ..names.resources import load_yaml
from ..names.tokens import LOW_KINDS, Token, analyze, is_given_name, is_organisation
from ..names.variants import variant_key, weight_set
from .acronyms import acronym_run, covered
from .features import Pair, align, token_sim

__all__ = ["PartMatch", "Explanation", "score_tokens", "default_weight", "weight_key",
           "DEFAULT_THRESHOLD", "MATCH_THRESHOLD", "decide"]

#: Report floor: hits below are not reported (chosen on the dev benchmark, see the table above).
DEFAULT_THRESHOLD = 72.0
#: At or above: decision "match"; between DEFAULT and MATCH: "review".
MATCH_THRESHOLD = 90.0

# Cost of an unmatched part, per unit of its weight (x2: it counts on both sides).
# _ALPHA_QUERY/_ALPHA_LISTED are the lowest costs;
# they apply when the other name is wholly met, the _PARTIAL ones otherwise.
_ALPHA_QUERY = 0.3  # query adds parts to a wholly met listed name (UK AKAs add a middle name)
_ALPHA_LISTED = 0.15  # listed name has parts the wholly met query leaves out
_ALPHA_QUERY_PARTIAL = 0.5
# The listed name wholly and closely met (each of its two or more parts at similarity >= _WHOLE_SIM,
# one of them weighing _WHOLE_WEIGHT or more: not "Mohammad ALI" alone): the query's own further
# parts cost at most _WHOLE_CAP x the weight of the pairs ("Evariste BOSHAB MABUDJ-MA-BILENGE" /
# "Evariste BOSHAB", "OJSC KB RADAR-MANAGING COMPANY HOLDING RADAR SYSTEM" / "KB RADAR").
_WHOLE_CAP = 0.25
# ... and an organisation's name of one word (and its legal form or nouns, "JSC NIIEVM"), the word
# weighing _WHOLE_ONE_WEIGHT or more and met exactly ("COMPUTER RESEARCH INSTITUTE NIIEVM").
_WHOLE_ONE_WEIGHT = 0.8
_WHOLE_SIM = 0.95
_WHOLE_WEIGHT = 0.5
_ALPHA_LISTED_PARTIAL = 0.25
# A query of one name part, met only by a near spelling (similarity < 0.95): the listed parts
# it leaves out cost at least this (one uncertain word says little about a whole name); a
# common one-part query (weight < _ONE_COMMON) needs _EVIDENCE_MIN of evidence.
_ALPHA_LISTED_ONE = 0.4
# Mirror of the above: a one-part listed name that is not an organisation (a lone alias such as
# "ABBAS" or "MALUK") says little about a longer query; each query part it leaves out costs this.
_ALPHA_QUERY_ONE = 0.6
_ONE_COMMON = 0.35
# ... and when that one word has a short consonant outline (4 consonants or fewer: NADRA ~ NADERI,
# SIDIKI ~ SADEGHI, KAWA ~ RAWA, JI ~ CHI, QERMAN ~ KARIMIAN) is met only by a near spelling or a curated variant
# (similarity < 0.97) and the listed name has parts it leaves out, the outline is met by chance
# too often: the score is multiplied by this.
_ONE_SHORT = 0.82
_SHORT_OUTLINE = 4
# Mirror of _ONE_SHORT: a listed name of one part, met only by a near spelling (similarity < 0.95) of
# one part of a longer query that leaves its other parts unmatched: a person's surname spelled like a
# one-word company ("Daniel STONE" ~ "STAN LLC", "Michael ROSS" ~ "ALROSA"). The score is multiplied by this.
_LISTED_ONE_NEAR = 0.82
# An organisation's listed parts left out by a wholly met query name a sub-unit ("IRGC AIR
# FORCE" for "IRGC"): they cost this, not _ALPHA_LISTED (a person's missing middle name).
_ALPHA_LISTED_ORG = 0.4
# ... except its parts left out before the first met part with no connector (stop word, particle)
# between: words that describe the organisation ("CENTRAL COUNTERPARTY" NATIONAL CLEARING CENTRE,
# "ANALITICHESKII TSENTR" KATEKHON, "JSC SSC" RIAR) cost _ALPHA_LISTED. A sub-unit comes after the
# organisation's name or before it with a connector ("IRGC AIR FORCE", "AIR FORCE OF THE IRGC").
# An organisation's name met by a person's name whose given name or patronymic is left out ("AL
# QATARJI COMPANY" / "Muhammad QATARJI", "HAMCHO GROUP" / "Mohammed HAMCHO"): the two share a family
# name, not an identity. The score is multiplied by this.
_PERSON_VS_ORG = 0.75
# "Abu X" in the query, its Abu unmatched: X's similarity is multiplied by this (see kunya_pairs).
_KUNYA = 0.8
_EVIDENCE = 1.6
_EVIDENCE_MIN = 0.8  # unless every listed part is met, common parts alone are not enough
_ORDER = 0.985
_CONNECTORS = frozenset({"stop", "particle"})
# A query acronym meets the run of listed words it abbreviates (acronym_pairs) at this similarity.
_ACRONYM_SIM = 0.9
_ACRONYM_LEAST = 3
_KIND_WEIGHT = {"patronymic": 0.25, "title": 0.05, "particle": 0.05, "stop": 0.05, "legal": 0.1, "initial": 0.3, "number": 0.8}


def _load_common() -> dict[str, float]:
    data = load_yaml(Path(__file__).parents[1] / "names" / "data" / "common.yml")
    out: dict[str, float] = {}
    for w, words in sorted(data.items(), reverse=True):
        for word in words:
            out[str(word)] = float(w)
    return out


_COMMON = _load_common()


def weight_key(t: Token) -> str:
    """The key a word's weight is counted under: its variant set (:func:`weight_set`), else its Latin form."""
    v = weight_set(t.variants, t.latin)
    return t.latin if v is None else variant_key(v)


@lru_cache(maxsize=200_000)
def default_weight(t: Token) -> float:
    """Weight of a word without an index: kind weight, else the shipped common-word table."""
    if t.kind in _KIND_WEIGHT:
        return _KIND_WEIGHT[t.kind]
    return table_weight(weight_key(t), t.latin)


def table_weight(key: str, latin: str) -> float:
    """The shipped common-word table's weight of a word counted under ``key`` (:func:`weight_key`)."""
    return _COMMON.get(key, _COMMON.get(latin, 1.0))


@dataclass(frozen=True, slots=True)
class PartMatch:
    """One query part and the listed part it met (either may be "" when unmatched)."""

    query_part: str
    listed_part: str
    rule: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """A score, its decision and the part-by-part reasons, in plain words in ``text``."""

    score: float
    decision: str
    parts: tuple[PartMatch, ...]
    text: str


def decide(score: float, default: float = DEFAULT_THRESHOLD, match: float = MATCH_THRESHOLD) -> str:
    """"match", "review" or "none" for a score."""
    return "match" if score >= match else "review" if score >= default else "none"


def score_tokens(q: Sequence[Token], c: Sequence[Token], *,
                 weight: Callable[[Token], float] = default_weight,
                 sim: Callable[[Token, Token], tuple[float, str]] = token_sim,
                 equal: bool = False, org: bool = False) -> tuple[float, list[tuple[tuple[int, ...], tuple[int, ...], float, str]]]:
    """Score two analyzed names; returns (score, pairs). ``equal``: normalized texts are equal.

    ``org``: the list says the listed party is an organisation, whatever its name's words (SANDWORM,
    AL-SHABAAB): its one-word name met exactly may be found whole in a longer query (:func:`_wholly_met`).
    """
    if equal and q:
        return 100.0, [((i,), (i,), 1.0, "exact") for i in range(len(q))]
    if not q or not c:
        return 0.0, []
    pairs = acronym_pairs(q, c, kunya_pairs(q, align(q, c, sim, weight)))
    num = den = 0.0
    matched_l = 0.0
    used_q: set[int] = set()
    used_c: set[int] = set()
    strong_c: set[int] = set()
    strong_q: set[int] = set()
    initials = False
    for qpos, cpos, s, rule in pairs:
        wq = sum(weight(q[i]) for i in qpos)
        wc = sum(weight(c[j]) for j in cpos)
        num += s * (wq + wc)
        den += wq + wc
        if c[cpos[0]].kind not in LOW_KINDS:
            # one common query word says little, even about a rare listed one (compounds: listed weight)
            matched_l += s * (wc if len(qpos) + len(cpos) > 2 else min(wc, wq))
        initials = initials or rule == "initial"
        used_q.update(qpos)
        used_c.update(cpos)
        if s >= 0.95:
            strong_c.update(cpos)
            strong_q.update(qpos)
    # the query's own acronym beside its words says them once, as a listed name's does (covered)
    unmet_q = any(i not in used_q and t.kind not in LOW_KINDS for i, t in enumerate(q))
    cov_q = covered(q, used_q, strong_q) if unmet_q and len(q) >= 3 else ()
    missing_c = [j for j, t in enumerate(c) if j not in used_c and t.kind not in LOW_KINDS]
    cov = covered(c, used_c, strong_c) if missing_c and len(c) >= 3 else ()
    if cov:
        missing_c = [j for j in missing_c if j not in cov]
    all_listed = not missing_c
    all_query = not initials and all(i in used_q or t.kind in LOW_KINDS or i in cov_q for i, t in enumerate(q))
    alpha_q = _ALPHA_QUERY if all_listed else _ALPHA_QUERY_PARTIAL
    alpha_c = _ALPHA_LISTED if all_query else _ALPHA_LISTED_PARTIAL
    one = sum(1 for t in q if t.kind not in LOW_KINDS) == 1
    if all_query and len(missing_c) >= 1 and is_organisation(tuple(c)):
        alpha_c = max(alpha_c, _ALPHA_LISTED_ORG)
    one_near = one and not any(s >= 0.95 and q[qpos[0]].kind not in LOW_KINDS for qpos, _, s, _ in pairs)
    if one_near:
        alpha_c = max(alpha_c, _ALPHA_LISTED_ONE)  # one word, and only near-met
    if sum(1 for t in c if t.kind not in LOW_KINDS) == 1 and not is_organisation(tuple(c)) \
            and not is_organisation(tuple(q)):
        alpha_q = max(alpha_q, _ALPHA_QUERY_ONE)  # a lone one-word alias ("ABBAS", "MALUK") meets one query part
    if all_listed and not cov and _wholly_met(q, c, weight, pairs, org):
        extra = 0.0  # the query's own parts, at most _WHOLE_CAP x the pairs' weight
        for i, t in enumerate(q):
            if i not in used_q and t.kind not in LOW_KINDS and i not in cov_q:
                extra += 2 * weight(t) * (1.5 if t.kind == "number" else alpha_q)
        den += min(extra, _WHOLE_CAP * den)
    else:
        for i, t in enumerate(q):
            if i not in used_q and t.kind not in LOW_KINDS and i not in cov_q:
                den += 2 * weight(t) * (1.5 if t.kind == "number" else alpha_q)
    prefix = all_query and bool(missing_c) and is_organisation(tuple(c)) and not one_near
    first = min((j for j in used_c if c[j].kind not in LOW_KINDS), default=len(c))
    for j in missing_c:
        t = c[j]
        a = _ALPHA_LISTED if prefix and j < first and not any(c[k].kind in _CONNECTORS for k in range(j, first)) \
            else alpha_c
        den += 2 * weight(t) * (1.5 if t.kind == "number" else a)
    if den <= 0 or not pairs:
        return 0.0, pairs
    base = num / den
    wq_all = sum(weight(t) for i, t in enumerate(q) if t.kind not in LOW_KINDS and i not in cov_q)
    wc_all = sum(weight(t) for j, t in enumerate(c) if t.kind not in LOW_KINDS and j not in cov)
    need = min(_EVIDENCE, 0.9 * wc_all) if all_listed else min(_EVIDENCE, max(_EVIDENCE_MIN, 0.9 * min(wq_all, wc_all)))
    if one and wq_all < _ONE_COMMON:
        need = max(need, _EVIDENCE_MIN)  # one common word ("Ali", "Abdullah") is never enough
    evidence = min(1.0, matched_l / need) ** 0.5 if need > 0 else 1.0
    order = [p[1][0] for p in pairs]
    penalty = _ORDER if any(a > b for a, b in zip(order, order[1:])) else 1.0
    if person_vs_organisation(q, c, pairs):
        penalty *= _PERSON_VS_ORG
    if one and missing_c and _short_outline(q) and \
            not any(s >= 0.97 and q[qpos[0]].kind not in LOW_KINDS for qpos, _, s, _ in pairs):
        penalty *= _ONE_SHORT  # one short word, met by a near spelling or a curated variant only
    if listed_one_near(q, c, pairs, used_q):
        penalty *= _LISTED_ONE_NEAR
    return min(99.9, round(100.0 * base * evidence * penalty, 1)), pairs


def _kunya_words(q: Sequence[Token], used_q: set[int]) -> list[int]:
    """Query positions of the X of an "Abu X" whose Abu is unmatched (particles between are skipped)."""
    out = []
    for i, t in enumerate(q):
        if t.kind != "name" or not t.variants or variant_key(t.variants[0]) != "abu" or i in used_q:
            continue
        j = i + 1
        while j < len(q) and q[j].kind == "particle":
            j += 1
        if j < len(q) and q[j].kind == "name":
            out.append(j)
    return out


def kunya_pairs(q: Sequence[Token], pairs: list[Pair]) -> list[Pair]:
    """Pairs with the similarity of a kunya's name lowered (x _KUNYA).

    "Abu Yasser" (father of Yasser) is a name of its own: when the listed name has no Abu to meet
    it, its Yasser meeting a listed Yasser is weak evidence (the son's name, not the person's).
    """
    used_q = {i for qpos, _, _, _ in pairs for i in qpos}
    kun = set(_kunya_words(q, used_q))
    if not kun:
        return pairs
    return [(qpos, cpos, s * _KUNYA if len(qpos) == 1 and qpos[0] in kun else s, rule)
            for qpos, cpos, s, rule in pairs]


def acronym_word(t: Token) -> bool:
    """A query word that may be an acronym: a name word of 3-8 ASCII letters with no curated variant."""
    return t.kind == "name" and not t.variants and 3 <= len(t.text) <= 8 and t.text.isascii() and t.text.isalpha()


def acronym_pairs(q: Sequence[Token], c: Sequence[Token], pairs: list[Pair]) -> list[Pair]:
    """Pairs, plus a query acronym meeting the run of an organisation's listed words it abbreviates.

    The query's one part left unmatched, a word of 3-8 letters with no curated variant
    (:func:`acronym_word`), that spells the initials of a run of _ACRONYM_LEAST or more listed words none
    of which is met (low words inside may be skipped or give their letter,
    :func:`watchlist.match.acronyms.acronym_run`), meets that run at _ACRONYM_SIM: PFLP ~ POPULAR
    FRONT FOR LIBERATION OF PALESTINE, LID ~ LIGHT INFANTRY DIVISION. Only an organisation's listed
    name (a person's initials spell words by chance), and only as the query's last unmatched part (a
    person's name whose given name spells an organisation's initials, "Lia MACEDO", leaves its
    family name out).
    """
    if not is_organisation(tuple(c)):
        return pairs
    used_q = {i for qpos, _, _, _ in pairs for i in qpos}
    left = [i for i, t in enumerate(q) if i not in used_q and t.kind not in LOW_KINDS]
    if len(left) != 1 or not acronym_word(q[left[0]]):
        return pairs
    run = acronym_run(q[left[0]].text, c, _ACRONYM_LEAST, {j for _, cpos, _, _ in pairs for j in cpos})
    return sorted([*pairs, ((left[0],), run, _ACRONYM_SIM, "acronym")]) if run else pairs


def _wholly_met(q: Sequence[Token], c: Sequence[Token], weight: Callable[[Token], float], pairs: Sequence[Pair],
                org: bool) -> bool:
    """Every part of a listed name of two parts or more is met at _WHOLE_SIM or more and one weighs _WHOLE_WEIGHT;
    or the one rare word of an organisation's name (by its words or, ``org``, its type), of 4 letters or
    more (a shorter one is a code a person's name meets by chance: TAK), is met exactly, and not followed
    in the query by a connector (AL-QAIDA IN YEMEN names something in AL-QAIDA's name, not AL-QAIDA)."""
    named = [j for j, t in enumerate(c) if t.kind not in LOW_KINDS]
    close = {j for _, cpos, s, _ in pairs if s >= _WHOLE_SIM for j in cpos}
    if len(named) == 1 and (org or is_organisation(tuple(c))):  # "JSC NIIEVM", "SOUTHFRONT": one rare word
        met = [qpos[-1] for qpos, cpos, s, _ in pairs if s >= 0.97 and named[0] in cpos]
        return bool(met) and len(c[named[0]].latin) >= 4 and weight(c[named[0]]) >= _WHOLE_ONE_WEIGHT and \
            not (met[0] + 1 < len(q) and q[met[0] + 1].kind == "stop")
    return len(named) >= 2 and all(j in close for j in named) and max(weight(c[j]) for j in named) >= _WHOLE_WEIGHT


def listed_one_near(q: Sequence[Token], c: Sequence[Token], pairs: Sequence[Pair], used_q: set[int]) -> bool:
    """The listed name has one part, met only by a near spelling, and the query has parts left unmatched."""
    named = [j for j, t in enumerate(c) if t.kind not in LOW_KINDS]
    return len(named) == 1 and any(i not in used_q and t.kind not in LOW_KINDS for i, t in enumerate(q)) \
        and any(named[0] in cpos for _, cpos, _, _ in pairs) \
        and not any(s >= 0.95 and named[0] in cpos for _, cpos, s, _ in pairs)


def _short_outline(q: Sequence[Token]) -> bool:
    """The query's one name part has a consonant skeleton of at most _SHORT_OUTLINE letters."""
    return all(len(t.skel) <= _SHORT_OUTLINE for t in q if t.kind not in LOW_KINDS)


def person_vs_organisation(q: Sequence[Token], c: Sequence[Token], pairs: Sequence[Pair]) -> bool:
    """One name is an organisation's, the other a person's whose given name or patronymic is left out.

    Only a name part that says "person" counts (a patronymic, a name of the curated given-name sets:
    :func:`watchlist.names.tokens.is_given_name`); a left-out family name alone could be an
    organisation named after it ("ABDALLAH AZZAM BRIGADES"). A given name met only by a near
    spelling counts as left out ("NAM CHON GANG CORPORATION" / "Chol JANG").
    """
    org_q, org_c = is_organisation(tuple(q)), is_organisation(tuple(c))
    if org_q == org_c:
        return False
    side = 0 if org_c else 1
    person = q if org_c else c
    met = {i for p in pairs if p[2] >= 0.95 for i in p[side]}
    return any(i not in met and is_given_name(t) for i, t in enumerate(person))


def _part(tokens: Sequence[Token], pos: tuple[int, ...]) -> str:
    return " ".join(tokens[i].text for i in range(pos[0], pos[-1] + 1))


def explain_tokens(q: Sequence[Token], c: Sequence[Token], score: float,
                   pairs: Sequence[tuple[tuple[int, ...], tuple[int, ...], float, str]],
                   default: float = DEFAULT_THRESHOLD, match: float = MATCH_THRESHOLD) -> Explanation:
    """Build the Explanation of a score from its pairs."""
    parts: list[PartMatch] = []
    words: list[str] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    for qpos, cpos, s, rule in pairs:
        used_q.update(qpos)
        used_c.update(cpos)
        qp, cp = _part(q, qpos), _part(c, cpos)
        parts.append(PartMatch(qp, cp, rule, round(s, 3)))
        if q[qpos[0]].kind in LOW_KINDS:
            continue
        words.append(f"{qp} {'=' if s >= 0.97 else '~'} {cp} ({rule})")
    if any(a > b for a, b in zip([p[1][0] for p in pairs], [p[1][0] for p in pairs][1:])):
        words.append("other order")
    cov_q = covered(q, used_q, {i for qpos, _, s, _ in pairs if s >= 0.95 for i in qpos}) if len(q) >= 3 else set()
    miss_q = [t.text for i, t in enumerate(q) if i not in used_q and t.kind not in LOW_KINDS and i not in cov_q]
    cov = covered(c, used_c, {j for _, cpos, s, _ in pairs if s >= 0.95 for j in cpos}) if len(c) >= 3 else set()
    miss_c = [t.text for j, t in enumerate(c) if j not in used_c and t.kind not in LOW_KINDS and j not in cov]
    cov_c = [q[i].text for i in sorted(cov_q) if q[i].kind not in LOW_KINDS] + \
        [c[j].text for j in sorted(cov) if c[j].kind not in LOW_KINDS]
    for m in miss_q:
        parts.append(PartMatch(m, "", "missing", 0.0))
    for m in miss_c:
        parts.append(PartMatch("", m, "missing", 0.0))
    if miss_q:
        words.append(f"{len(miss_q)} query part{'s' if len(miss_q) > 1 else ''} unmatched ({', '.join(miss_q)})")
    if miss_c:
        words.append(f"{len(miss_c)} listed part{'s' if len(miss_c) > 1 else ''} unmatched ({', '.join(miss_c)})")
    if cov_c:
        words.append(f"acronym and its words or a repeated word said once ({', '.join(cov_c)} not needed)")
    if person_vs_organisation(q, c, pairs):
        words.append("an organisation's name vs a person's (given name left out)")
    kun = [q[j].text for j in _kunya_words(q, used_q) if j in used_q]
    if kun:
        words.append(f"kunya: abu {', '.join(kun)} is not the name {', '.join(kun)}")
    named = [i for i, t in enumerate(q) if t.kind not in LOW_KINDS]
    if len(named) == 1 and named[0] in used_q and miss_c and _short_outline(q) and \
            not any(s >= 0.97 and named[0] in qpos for qpos, _, s, _ in pairs):
        words.append("one short word, met only by a near spelling or variant")
    if listed_one_near(q, c, pairs, used_q):
        words.append("the listed name's one part met only by a near spelling of one query part")
    text = "identical after normalization" if score >= 100 else ", ".join(words) or "no part matched"
    return Explanation(score, decide(score, default, match), tuple(parts), text)


def explain_names(query: str, candidate: str, weight: Callable[[Token], float] = default_weight) -> Explanation:
    """Score and explain two raw names (the compare/explain implementation)."""
    q, c = analyze(query), analyze(candidate)
    equal = bool(q) and normalize(query) == normalize(candidate)
    score, pairs = score_tokens(q, c, weight=weight, equal=equal)
    return explain_tokens(q, c, score, pairs)
