"""NameIndex's search written in Python: the reference the compiled engine is checked against.

Every step the engine takes, in the same order and with the same floating-point operations:
the words a query word's keys reach and their :func:`~watchlist.match.features.token_sim`
(:func:`matches`), the names that collect the most weight (:func:`candidates`), their exact
:func:`~watchlist.match.score.score_tokens`, and the best name per group. It is slow (about
a hundred times the engine) and used by the tests, by ``bench/tune_names.py --reference``
and by ``NameIndex.use_engine = False``.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import numpy as np

from .. import _engine
from ..engine import word
from ..match.features import MIN_SIM, compound_pairs, token_sim
from ..match.score import _ACRONYM_SIM, acronym_word, score_tokens
from ..models import EntityType
from ..names.normalize import normalize
from ..names.tokens import LOW_KINDS, Token, analyze, join
from .build import acronym_key

if TYPE_CHECKING:
    from .core import NameIndex

__all__ = ["alternate_met", "candidates", "matches", "search"]

_CANDIDATES = 100  # names scored per query
_PRUNE = 0.3  # share of the retrieving query weight a name must collect
_COMMON_SHARE = 0.02  # words in more names than this share only retrieve when nothing rarer does
_RETRIEVED = ("name", "number")


def alternate_met(c: Sequence[Token], pairs: list) -> bool:
    """A one-word alternate (a listed name's parentheses: "CAGL", "SANDWORM") counts only when met exactly.

    A near spelling of an acronym or short name is another one (TEK is not TAK, SBIC is not SBIG).
    """
    named = [j for j, t in enumerate(c) if t.kind not in LOW_KINDS]
    return len(named) != 1 or any(s >= 0.97 and named[0] in cpos for _, cpos, s, _ in pairs)


def matches(idx: NameIndex, t: Token) -> list[tuple[int, float]]:
    """(word id, similarity) of the vocabulary words the keys of ``t`` reach, similarity >= MIN_SIM."""
    st = idx._state
    hs = np.asarray(_engine.word_keys(word(t)), dtype=np.uint32)
    kh = st["key_hash"]
    pos = np.searchsorted(kh, hs)
    vids: set[int] = set()
    for h, p in zip(hs.tolist(), pos.tolist()):
        if p < len(kh) and int(kh[p]) == h:
            vids.update(st["key_vid"][st["key_off"][p]:st["key_off"][p + 1]].tolist())
    out = []
    for v in sorted(vids):
        s = token_sim(t, idx._tok(v))[0]
        if s >= MIN_SIM:
            out.append((v, s))
    return out


def _units(q: Sequence[Token]) -> list[tuple[tuple[int, ...], Token]]:
    units: list[tuple[tuple[int, ...], Token]] = [((i,), t) for i, t in enumerate(q) if t.kind in _RETRIEVED]
    units += [((i, j), join(q[i], q[j])) for i, j in compound_pairs(q)]
    return units


def candidates(idx: NameIndex, q: Sequence[Token]) -> list[int]:
    """Ids of the names (at most _CANDIDATES) that collected the most query weight."""
    st = idx._state
    po = st["post_off"]
    cap = max(50, int(max(1, len(idx)) * _COMMON_SHARE))
    found = [(t, matches(idx, t)) for _, t in _units(q)]
    rare = any(po[v + 1] - po[v] <= cap for _, m in found for v, _ in m)
    spans: list[tuple[int, int]] = []
    coefs: list[float] = []
    common: list[tuple[int, int]] = []  # spans of common words: they weigh in, but bring no new name
    common_coefs: list[float] = []
    for t, m in found:
        w = idx.weight(t)
        for v, s in m:
            a, b = int(po[v]), int(po[v + 1])
            if rare and b - a > cap:
                common.append((a, b))
                common_coefs.append(s * w)
            else:
                spans.append((a, b))
                coefs.append(s * w)
    pn = st["post_nid"]
    arrays = [pn[a:b] for a, b in spans]
    for t in q:  # a query acronym retrieves the organisations' names it may abbreviate (build.acronym_key)
        if acronym_word(t):
            h, ah = acronym_key(t.text), st["acr_hash"]
            k = int(np.searchsorted(ah, h))
            if k < len(ah) and int(ah[k]) == h:
                arrays.append(st["acr_nid"][st["acr_off"][k]:st["acr_off"][k + 1]])
                coefs.append(_ACRONYM_SIM * idx.weight(t))
    if not arrays:
        return []
    nids = np.concatenate(arrays)
    ws = np.repeat(np.array(coefs), [len(a) for a in arrays])
    uniq, inv = np.unique(nids, return_inverse=True)
    acc = np.bincount(inv, weights=ws)  # summed in input order, like the engine
    if common:
        cn = np.concatenate([pn[a:b] for a, b in common])
        cw = np.repeat(np.array(common_coefs), [b - a for a, b in common])
        at = np.minimum(np.searchsorted(uniq, cn), len(uniq) - 1)
        held = uniq[at] == cn
        acc = acc + np.bincount(at[held], weights=cw[held], minlength=len(uniq))
    # A name that collected less than _PRUNE of the weight of the query's retrieving words cannot
    # reach the report floor (score.py: unmatched query weight counts 2 x alpha_q; with alpha_q down
    # to 0.15 for a wholly met listed name, at equal weights it reaches 72 from about 28-30 %). Patronymics and
    # initials retrieve nothing, so they do not raise the floor.
    floor = _PRUNE * sum(idx.weight(t) for t in q if t.kind in _RETRIEVED)
    keep = acc >= floor
    uniq, acc = uniq[keep], acc[keep]
    order = np.lexsort((uniq, -acc))[:_CANDIDATES]
    return uniq[order].tolist()


def search(idx: NameIndex, query: str, *, limit: int, threshold: float, query_type: EntityType | None,
           groups: AbstractSet[int] | None) -> list[tuple[int, int, float, list]]:
    """(group, name id, score, pairs) of the best name per group, by score desc then group asc."""
    from .core import _compatible

    q = analyze(query)
    if not q or limit <= 0:
        return []
    qnorm = normalize(query)
    best: dict[int, tuple[float, int, list]] = {}
    for nid in candidates(idx, q):
        if not _compatible(query_type, idx._type(nid)) or (groups is not None and idx._group(nid) not in groups):
            continue
        c = idx._name_tokens(nid)
        score, pairs = score_tokens(q, c, weight=idx.weight, equal=qnorm == idx._text(nid),
                                    org=idx._type(nid) == EntityType.ORGANIZATION)
        if score < threshold or (nid >= len(idx) and not alternate_met(c, pairs)):
            continue
        g = idx._group(nid)
        cur = best.get(g)
        if cur is None or (score, -nid) > (cur[0], -cur[1]):
            best[g] = (score, nid, pairs)
    return [(g, nid, score, pairs) for g, (score, nid, pairs)
            in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]]
