"""Candidate retrieval over listed names: :class:`NameIndex`.

Every distinct word of the indexed names (and every compound of two adjacent
words) is a *vocabulary* entry with its features (:class:`Token`). Each entry
is reachable by keys: its Latin form, its consonant skeleton(s) and their
one-deletion neighbours, its core without an article, its variant sets, the
one-deletion neighbours of its Latin form (typos, transpositions) and a
5-letter prefix (truncation). Keys are stored as sorted CRC32 values, so a
lookup is a binary search and loading is a few array copies.

A query word finds vocabulary entries through its own keys; each entry is
compared with :func:`watchlist.match.features.token_sim` (cached), and the
names holding the similar entries collect weight. The best-collecting names
are then scored exactly as :func:`watchlist.match.compare` does, with word
weights from this index's IDF.
"""

from __future__ import annotations

import math
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .match.features import MIN_SIM, token_sim
from .match.score import DEFAULT_THRESHOLD, MATCH_THRESHOLD, default_weight, explain_tokens, score_tokens, weight_key
from .models import EntityType
from .names.normalize import NORMALIZER_VERSION, normalize
from .names.tokens import LOW_KINDS, Token, analyze, features, join

__all__ = ["Hit", "NameIndex"]

_FORMAT = 1
_CANDIDATES = 30  # names scored exactly per query
_PRUNE = 0.4
_COMMON_SHARE = 0.02  # words in more names than this share only retrieve when nothing rarer does
_TYPES = list(EntityType)


@dataclass(frozen=True, slots=True)
class Hit:
    """The best-scoring name of one listed group for a query."""

    group: int
    name_id: int
    score: float
    decision: str
    explanation: str


def _keys(t: Token) -> list[str]:
    """Retrieval keys of one word (the same function for names and queries)."""
    if t.kind == "number":
        return ["L" + t.text]
    keys = {"S" + s for s in (t.skel, t.loose, t.core_skel) if len(s) >= 2}
    for s in (t.skel, t.loose):
        if len(s) >= 4:
            keys.update("E" + s[:i] + s[i + 1:] for i in range(len(s)))
            keys.add("E" + s)
    keys.update("V%d" % v for v in t.variants)
    if not t.abjad:
        for form in (t.latin, t.core):
            if not form:
                continue
            keys.add("L" + form)
            if len(form) >= 4:
                keys.add("D" + form)
                keys.update("D" + form[:i] + form[i + 1:] for i in range(len(form)))
            if len(form) >= 5:
                keys.add("P" + form[:5])
    return sorted(keys)


def _hash(keys: Sequence[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(k.encode()) for k in keys), dtype=np.uint32, count=len(keys))


def _compatible(query_type: EntityType | None, listed: EntityType) -> bool:
    if query_type is None or EntityType.UNKNOWN in (query_type, listed):
        return True
    return (query_type == EntityType.PERSON) == (listed == EntityType.PERSON)


class NameIndex:
    """Names of one list version, searchable by name. Build once, persist with dumps/loads."""

    def __init__(self, state: dict) -> None:
        self._groups: list[int] = state["groups"]
        self._types: list[EntityType] = [_TYPES[i] for i in state["types"]]
        self._texts: list[str] = state["texts"]
        self._names: list[tuple[int, ...]] = state["names"]
        self._vocab: list[Token] = [Token(*v) for v in state["vocab"]]
        self._units: list[tuple[int, ...]] = state["units"]  # vocab id -> name ids
        self._key_hash: np.ndarray = state["key_hash"]
        self._key_off: np.ndarray = state["key_off"]
        self._key_vid: np.ndarray = state["key_vid"]
        self._df: dict[str, int] = state["df"]
        self._n = max(1, len(self._names))
        self._ref = math.log(self._n / max(2.0, self._n * 0.0005)) or 1.0
        self._wcache: dict[str, float] = {}
        self._mcache: dict[Token, list[tuple[int, float]]] = {}
        self._scache: dict[tuple[str, str], tuple[float, str]] = {}

    # ------------------------------------------------------------ build / persist
    @classmethod
    def build(cls, entries: Sequence[tuple[int, str, EntityType]]) -> NameIndex:
        """Index ``entries[i] = (group, name, entity type)``; ``i`` is the name id."""
        vocab: dict[Token, int] = {}
        postings: list[list[int]] = []
        names: list[tuple[int, ...]] = []
        df: dict[str, int] = {}

        def vid(t: Token, nid: int) -> int:
            i = vocab.setdefault(t, len(vocab))
            if i == len(postings):
                postings.append([])
            if not postings[i] or postings[i][-1] != nid:
                postings[i].append(nid)
            return i

        for nid, (_, name, _) in enumerate(entries):
            toks = analyze(name)
            names.append(tuple(vid(t, nid) for t in toks))
            for key in sorted({weight_key(t) for t in toks if t.kind not in LOW_KINDS}):
                df[key] = df.get(key, 0) + 1
            for i, t in enumerate(toks):
                if t.kind != "name":
                    continue
                j = i + 1
                while j < len(toks) and j - i <= 2 and toks[j].kind == "particle":
                    j += 1
                if j < len(toks) and j - i <= 2 and toks[j].kind == "name":
                    vid(join(t, toks[j]), nid)
        toks_sorted = sorted(vocab.items(), key=lambda kv: kv[1])
        pairs: list[tuple[int, int]] = []
        for t, i in toks_sorted:
            for h in _hash(_keys(t)).tolist():
                pairs.append((h, i))
        pairs.sort()
        arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        hashes = arr[:, 0].astype(np.uint32)
        uniq, first = np.unique(hashes, return_index=True)
        state = {
            "groups": [int(g) for g, _, _ in entries],
            "types": [_TYPES.index(EntityType(t)) for _, _, t in entries],
            "texts": [normalize(n) for _, n, _ in entries],
            "names": names,
            "vocab": [tuple(getattr(t, f) for f in Token.__slots__) for t, _ in toks_sorted],
            "units": [tuple(p) for p in postings],
            "key_hash": uniq,
            "key_off": np.append(first, len(hashes)).astype(np.int64),
            "key_vid": arr[:, 1].astype(np.int32),
            "df": df,
        }
        return cls(state)

    def dumps(self) -> bytes:
        """Serialize (pickle protocol 5 of plain lists, dicts and arrays)."""
        state = {"format": _FORMAT, "normalizer": NORMALIZER_VERSION, "groups": self._groups,
                 "types": [_TYPES.index(t) for t in self._types], "texts": self._texts,
                 "names": self._names, "vocab": [tuple(getattr(t, f) for f in Token.__slots__) for t in self._vocab],
                 "units": self._units, "key_hash": self._key_hash, "key_off": self._key_off,
                 "key_vid": self._key_vid, "df": self._df}
        return pickle.dumps(state, protocol=5)

    @classmethod
    def loads(cls, data: bytes) -> NameIndex:
        """Load an index written by :meth:`dumps` with the same normalizer version."""
        state = pickle.loads(data)
        if state.get("format") != _FORMAT or state.get("normalizer") != NORMALIZER_VERSION:
            raise ValueError("name index was built by another normalizer version; rebuild it")
        return cls(state)

    def __len__(self) -> int:
        return len(self._names)

    # ------------------------------------------------------------ weights and matches
    def weight(self, t: Token) -> float:
        """Word weight: the lower of the shipped table and this index's IDF."""
        w = self._wcache.get(t.text)
        if w is None:
            w = default_weight(t)
            if t.kind == "name":
                df = self._df.get(weight_key(t), 0)
                if df:
                    w = min(w, max(0.1, min(1.0, math.log(self._n / df) / self._ref)))
            self._wcache[t.text] = w
        return w

    def _sim(self, a: Token, b: Token) -> tuple[float, str]:
        key = (a.text, b.text)
        r = self._scache.get(key)
        if r is None:
            if len(self._scache) > 500_000:
                self._scache.clear()
            r = self._scache[key] = token_sim(a, b)
        return r

    def _matches(self, t: Token) -> list[tuple[int, float]]:
        m = self._mcache.get(t)
        if m is not None:
            return m
        hs = _hash(_keys(t))
        pos = np.searchsorted(self._key_hash, hs)
        vids: set[int] = set()
        for h, p in zip(hs.tolist(), pos.tolist()):
            if p < len(self._key_hash) and int(self._key_hash[p]) == h:
                vids.update(self._key_vid[self._key_off[p]:self._key_off[p + 1]].tolist())
        m = []
        for v in sorted(vids):
            s, _ = self._sim(t, self._vocab[v])
            if s >= MIN_SIM:
                m.append((v, s))
        if len(self._mcache) > 200_000:
            self._mcache.clear()
        self._mcache[t] = m
        return m

    # ------------------------------------------------------------ search
    def _candidates(self, q: tuple[Token, ...]) -> list[int]:
        units = [t for t in q if t.kind in ("name", "number")]
        for i in range(len(q) - 1):
            if q[i].kind == "name":
                j = i + 1
                while j < len(q) and j - i <= 2 and q[j].kind == "particle":
                    j += 1
                if j < len(q) and j - i <= 2 and q[j].kind == "name":
                    units.append(join(q[i], q[j]))
        cap = max(50, int(self._n * _COMMON_SHARE))
        found = [(t, self._matches(t)) for t in units]
        rare = any(len(self._units[v]) <= cap for _, m in found for v, _ in m)
        acc: dict[int, float] = {}
        for t, m in found:
            w = self.weight(t)
            for v, s in m:
                post = self._units[v]
                if rare and len(post) > cap:
                    continue
                c = s * w
                for nid in post:
                    acc[nid] = acc.get(nid, 0.0) + c
        if not acc:
            return []
        # A name that collected less than _PRUNE of the query's weight cannot reach
        # the report floor (see score.py: unmatched query weight counts double).
        floor = _PRUNE * sum(self.weight(t) for t in q if t.kind not in LOW_KINDS)
        ranked = sorted(((nid, a) for nid, a in acc.items() if a >= floor), key=lambda kv: (-kv[1], kv[0]))
        return [nid for nid, _ in ranked[:_CANDIDATES]]

    def _score(self, q: tuple[Token, ...], qnorm: str, nid: int) -> tuple[float, list]:
        c = tuple(self._vocab[v] for v in self._names[nid])
        return score_tokens(q, c, weight=self.weight, sim=self._sim, equal=qnorm == self._texts[nid])

    def search(self, query: str, *, limit: int = 10, threshold: float | None = None,
               query_type: EntityType | None = None) -> list[Hit]:
        """Best name per group with score >= threshold, by score desc then group asc."""
        floor = DEFAULT_THRESHOLD if threshold is None else threshold
        q = analyze(query)
        if not q or limit <= 0:
            return []
        qnorm = normalize(query)
        best: dict[int, tuple[float, int, list]] = {}
        for nid in self._candidates(q):
            if not _compatible(query_type, self._types[nid]):
                continue
            score, pairs = self._score(q, qnorm, nid)
            if score < floor:
                continue
            g = self._groups[nid]
            cur = best.get(g)
            if cur is None or (score, -nid) > (cur[0], -cur[1]):
                best[g] = (score, nid, pairs)
        hits = []
        for g, (score, nid, pairs) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]:
            c = tuple(self._vocab[v] for v in self._names[nid])
            e = explain_tokens(q, c, score, pairs, DEFAULT_THRESHOLD, MATCH_THRESHOLD)
            hits.append(Hit(g, nid, score, e.decision, e.text))
        return hits

    def search_many(self, queries: Sequence[str], **kwargs) -> list[list[Hit]]:
        """search() for many queries; repeated queries and words are computed once."""
        done: dict[str, list[Hit]] = {}
        out = []
        for query in queries:
            r = done.get(query)
            if r is None:
                r = done[query] = self.search(query, **kwargs)
            out.append(r)
        return out

    def scan_tokens(self, tokens: Sequence[str]) -> list[bool]:
        """For each word: is it, normalized, a not-too-common word of some listed name?"""
        out = []
        for word in tokens:
            norm = normalize(word)
            ok = False
            if norm and " " not in norm:
                t = features(norm)
                if t.kind == "name" and self.weight(t) >= 0.35:
                    ok = any(self._vocab[v].latin == t.latin or self._vocab[v].text == t.text
                             for v, s in self._matches(t) if s >= 0.97)
            out.append(ok)
        return out

    def name_text(self, name_id: int) -> str:
        """The normalized text of an indexed name."""
        return self._texts[name_id]
