"""The candidate index of one list version: :class:`NameIndex`.

A query's words find vocabulary words through their retrieval keys (Latin form, consonant
skeletons and their one-deletion neighbours, core without an article, variant sets, one-letter
typos, a 5-letter prefix, a long word's last 7 letters); the names holding the similar words collect weight; the best
collecting names (at most 100, and only those that collected 30 % of the query's weight) are
scored exactly as :func:`watchlist.match.compare` scores, with this index's word weights.
Words held by more than 2 % of the names (Mohammed, Ali) bring no candidate of their own
when a rarer query word found some; they add to the weight those collect.

All of it runs in the compiled engine (``csrc/``, :mod:`watchlist.engine`) on the flat arrays
:func:`~watchlist.index.build.build_state` writes; :mod:`watchlist.index.reference` is the
same search in Python, the reference the tests compare it with. The engine writes each hit's
explanation too (a port of :func:`watchlist.match.score.explain_tokens`).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .. import _engine
from ..engine import F_ABJAD, Word, compound_word, word
from ..match.acronyms import acronyms
from ..match.features import compound_pairs
from ..match.score import DEFAULT_THRESHOLD, MATCH_THRESHOLD, decide, explain_tokens, score_tokens
from ..models import EntityType
from ..names.normalize import NORMALIZER_VERSION, normalize, normalize_cached
from ..names.tokens import KINDS, Token, analyze, features
from .build import TYPES, build_state, idf_weight, reference_weight
from .reference import alternate_met

__all__ = ["Hit", "IndexFormatError", "NameIndex", "INDEX_FORMAT", "analyze_queries"]

#: Bump whenever the persisted layout changes; an older index is rebuilt by the store.
INDEX_FORMAT = 9
_TOKENS_MAX = 30_000  # vocabulary words kept as Token objects per index


class IndexFormatError(ValueError):
    """A persisted index written by another index format or normalizer version."""


@dataclass(frozen=True, slots=True)
class Hit:
    """The best-scoring name of one listed group for a query."""

    group: int
    name_id: int
    score: float
    decision: str
    explanation: str


def _compatible(query_type: EntityType | None, listed: EntityType) -> bool:
    if query_type is None or EntityType.UNKNOWN in (query_type, listed):
        return True
    return (query_type == EntityType.PERSON) == (listed == EntityType.PERSON)


_TYPE_MASK = {qt: sum(1 << i for i, t in enumerate(TYPES) if _compatible(qt, t)) for qt in [None, *TYPES]}


def _group_set(groups: AbstractSet[int] | None) -> AbstractSet[int] | None:
    """The groups a search is restricted to, as a set the engine reads (None: every group)."""
    return groups if groups is None or isinstance(groups, (set, frozenset)) else set(groups)


_COMPOUNDS: dict[tuple[str, str], Word] = {}  # (text, text) -> the engine's word of their compound
_COMPOUNDS_MAX = 200_000  # entries; the dict is emptied when it holds more


def _compound(a: Token, b: Token) -> Word:
    """word(join(a, b)), remembered by the two words' texts (all join reads of them: text and abjad,
    which is is_abjad(text)). Most compounds of a batch's queries are met once: their Words are not
    kept in word's cache too."""
    key = (a.text, b.text)
    w = _COMPOUNDS.get(key)
    if w is None:
        if len(_COMPOUNDS) >= _COMPOUNDS_MAX:
            _COMPOUNDS.clear()
        w = _COMPOUNDS[key] = compound_word(a, b)
    return w


@lru_cache(maxsize=100_000)
def _query(query: str) -> tuple[tuple[Token, ...], tuple]:
    """(tokens, the engine's arguments: words, compounds (i, j, word), acronym relations, normalized text)
    of a query text."""
    q = analyze(query)
    comps = tuple([(i, j, _compound(q[i], q[j])) for i, j in compound_pairs(q)])
    return q, (tuple([word(t) for t in q]), comps, tuple(acronyms(q)), normalize_cached(query))


def analyze_queries(queries: Sequence[str]) -> list[tuple]:
    """What :meth:`NameIndex.search_many` needs of each query, the same for every index (opaque)."""
    return [_query(q) for q in queries]


_MAGIC = b"WLINDEX\x00"


def _dump_parts(state: dict) -> tuple[list, int]:
    """[magic, table, pickle, padding, array, padding, array ...] and their total size.

    The table is (number of arrays, pickle length, then offset and length of each array from the
    start); every array starts 8-byte aligned, so a loaded array is a view into the blob.
    """
    bufs: list[pickle.PickleBuffer] = []
    head = pickle.dumps({"format": INDEX_FORMAT, "normalizer": NORMALIZER_VERSION, **state}, protocol=5,
                        buffer_callback=bufs.append)
    raws = [b.raw() for b in bufs]
    at = len(_MAGIC) + 8 * (2 + 2 * len(raws)) + len(head)
    table = [len(raws), len(head)]
    parts: list = []
    for r in raws:
        pad = -at % 8
        at += pad
        table += [at, r.nbytes]
        parts += [b"\x00" * pad, r]
        at += r.nbytes
    return [_MAGIC, np.array(table, dtype="<u8").tobytes(), head, *parts], at


def _load_state(data) -> dict:
    mv = memoryview(data)
    if bytes(mv[:len(_MAGIC)]) != _MAGIC:
        raise ValueError("not an index of this format")
    start = len(_MAGIC)
    nbufs, nhead = np.frombuffer(mv[start:start + 16], dtype="<u8").tolist()
    table = np.frombuffer(mv[start + 16:start + 16 + 16 * nbufs], dtype="<u8").reshape(-1, 2).tolist()
    hstart = start + 16 + 16 * nbufs
    if hstart + nhead > len(mv) or any(o + n > len(mv) for o, n in table):
        raise ValueError("truncated")
    return pickle.loads(mv[hstart:hstart + nhead], buffers=[mv[o:o + n] for o, n in table])


class _View(Sequence):
    """A read-only sequence computed item by item."""

    def __init__(self, get: Callable[[int], Any], n: int) -> None:
        self._get, self._n = get, n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._get(k) for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._get(i)

    def __iter__(self) -> Iterator[Any]:
        return (self._get(k) for k in range(self._n))


class NameIndex:
    """Names of one list version, searchable by name. Build once, persist with dumps/loads."""

    def __init__(self, state: dict) -> None:
        self._state = state
        self._n_names = int(state["listed"])  # listed names; alternates (parentheses) follow them
        self._origin = state["origin"]
        if len(self._origin) != int(state["n"]) - self._n_names or \
                (len(self._origin) and not 0 <= int(self._origin.min()) <= int(self._origin.max()) < self._n_names):
            raise ValueError("index alternates do not fit its names")
        self._engine = _engine.Index(state)
        self._nv = len(state["v_kind"])
        dk = state["df_keys"]
        self._df: dict[str, int] = dict(zip(dk.split("\x00"), state["df_vals"].tolist())) if dk else {}
        self._ref = reference_weight(self._n_names)
        self._vtok: dict[int, Token] = {}
        self._wcache: dict[tuple[str, str], float] = {}
        #: Search with the compiled engine (False: the Python reference, watchlist.index.reference).
        self.use_engine = True

    # ------------------------------------------------------------ build / persist
    @classmethod
    def build(cls, entries: Sequence[tuple[int, str, EntityType]]) -> NameIndex:
        """Index ``entries[i] = (group, name, entity type)``; ``i`` is the name id."""
        return cls(build_state(entries))

    @staticmethod
    def build_parts(entries: Sequence[tuple[int, str, EntityType]]) -> tuple[list, int]:
        """What :meth:`dumps` of ``build(entries)`` gives, as pieces and their total size (nothing joined)."""
        return _dump_parts(build_state(entries))

    def parts(self) -> tuple[list, int]:
        """:meth:`dumps` as pieces and their total size (the arrays are not copied)."""
        return _dump_parts(self._state)

    def dumps(self) -> bytes:
        """Serialize: a pickle of the state whose arrays follow it out of band, 8-byte aligned (see loads)."""
        return b"".join(self.parts()[0])

    @classmethod
    def loads(cls, data: bytes) -> NameIndex:
        """Load an index written by :meth:`dumps`; its arrays are read in place, not copied.

        Raises:
            IndexFormatError: the index was written by another index format or
                normalizer version, or its arrays do not fit together; rebuild it
                (the store does so by itself).
        """
        try:
            state = _load_state(data)
        except Exception as exc:  # noqa: BLE001 - any unreadable blob means "rebuild"
            raise IndexFormatError(f"unreadable name index ({exc}); rebuild it") from None
        if not isinstance(state, dict) or state.get("format") != INDEX_FORMAT \
                or state.get("normalizer") != NORMALIZER_VERSION:
            raise IndexFormatError("name index was built by another index format or normalizer version; rebuild it")
        del state["format"], state["normalizer"]
        try:
            return cls(state)
        except (KeyError, ValueError, TypeError) as exc:
            raise IndexFormatError(f"damaged name index ({exc}); rebuild it") from None

    def __len__(self) -> int:
        return self._n_names

    # ------------------------------------------------------------ stored items
    def _tok(self, v: int) -> Token:
        t = self._vtok.get(v)
        if t is None:
            st = self._state
            o = st["v_str_off"][v * 8:v * 8 + 7].tolist()
            b = st["v_str"][o[0]:o[-1]].tobytes()
            f = [b[o[i] - o[0]:o[i + 1] - o[0]].decode() for i in range(6)]
            a, z = st["var_off"][v:v + 2].tolist()
            t = Token(*f, KINDS[int(st["v_kind"][v])], bool(int(st["v_flags"][v]) & F_ABJAD),
                      tuple(st["var_ids"][a:z].tolist()))
            if len(self._vtok) > _TOKENS_MAX:
                self._vtok.clear()
            self._vtok[v] = t
        return t

    def _name_vids(self, nid: int) -> list[int]:
        a, b = self._state["name_off"][nid:nid + 2].tolist()
        return self._state["name_vid"][a:b].tolist()

    def _name_tokens(self, nid: int) -> tuple[Token, ...]:
        return tuple(self._tok(v) for v in self._name_vids(nid))

    def _text(self, nid: int) -> str:
        a, b = self._state["text_off"][nid:nid + 2].tolist()
        return self._state["texts"][a:b].tobytes().decode()

    def _group(self, nid: int) -> int:
        return int(self._state["groups"][nid])

    def _type(self, nid: int) -> EntityType:
        return TYPES[int(self._state["types"][nid])]

    def origin(self, nid: int) -> int:
        """The listed name an indexed name reads: itself, or for an alternate the name whose parentheses gave it."""
        return nid if nid < self._n_names else int(self._origin[nid - self._n_names])

    def _public(self, hit: Hit) -> Hit:
        """A hit as reported: on the listed name, saying which reading of it met the query."""
        if hit.name_id < self._n_names:
            return hit
        return Hit(hit.group, self.origin(hit.name_id), hit.score, hit.decision,
                   f"{hit.explanation} (listed name read as: {self._text(hit.name_id)})")

    # Public read-only views (article screening builds its lexicon from them).
    @property
    def vocabulary(self) -> Sequence[Token]:
        """Every distinct word of the indexed names, by word id."""
        return _View(self._tok, self._nv)

    @property
    def name_words(self) -> Sequence[tuple[int, ...]]:
        """The word ids of each indexed name, by name id (index into ``vocabulary``)."""
        return _View(lambda i: tuple(self._name_vids(i)), self._n_names)

    def name_text(self, name_id: int) -> str:
        """The normalized text of an indexed name."""
        return self._text(name_id)

    # ------------------------------------------------------------ weights and matches
    def weight(self, t: Token) -> float:
        """Word weight: the lower of the shipped table and this index's IDF."""
        key = (t.text, t.kind)  # a compound may share its text with a word of another kind
        w = self._wcache.get(key)
        if w is None:
            w = self._wcache[key] = idf_weight(t, self._df, self._n_names, self._ref)
        return w

    def _matches(self, t: Token) -> list[tuple[int, float]]:
        """Vocabulary words the keys of ``t`` reach with similarity >= MIN_SIM: (word id, similarity)."""
        return self._engine.matches(word(t))

    def candidates(self, query: str) -> list[int]:
        """Ids of the names (at most 100) that collected the most query weight: the ones search scores."""
        q, args = _query(query)
        return self._engine.candidates(*args) if q else []

    def score_name(self, query: str, nid: int) -> tuple[float, list]:
        """(score, pairs) of one indexed name for a query, with this index's weights (no retrieval)."""
        q = analyze(query)
        return score_tokens(q, self._name_tokens(nid), weight=self.weight, equal=normalize_cached(query) == self._text(nid),
                            org=self._type(nid) == EntityType.ORGANIZATION)

    # ------------------------------------------------------------ search
    def search(self, query: str, *, limit: int = 10, threshold: float | None = None,
               query_type: EntityType | None = None, groups: AbstractSet[int] | None = None) -> list[Hit]:
        """Best name per group with score >= threshold, by score desc then group asc.

        ``groups``: score only the names of these groups (a re-screen's changed
        entities). Retrieval is unchanged, so every hit is one a full search has too.
        """
        floor = DEFAULT_THRESHOLD if threshold is None else threshold
        if not self.use_engine:
            from .reference import search as reference_search
            found = reference_search(self, query, limit=limit, threshold=floor, query_type=query_type, groups=groups)
            return [self._public(self._hit(query, g, nid, score, pairs)) for g, nid, score, pairs in found]
        return self._engine_hits(query, limit, float(floor), _TYPE_MASK[query_type], _group_set(groups))

    def _engine_hits(self, query: str, limit: int, floor: float, mask: int, gset: AbstractSet[int] | None) -> list[Hit]:
        """The compiled engine's hits for a query, as reported."""
        q, args = _query(query)
        if not q or limit <= 0:
            return []
        found = self._engine.search(*args, limit, floor, mask, gset)
        return [] if found is None else self._reported(query, found, floor, limit)

    def _reported(self, query: str, found: tuple[list, list[int]], floor: float, limit: int) -> list[Hit]:
        """The engine's (hits, names too long for it) of a query as reported."""
        raw, longer = found
        hits = [Hit(g, nid, score, decide(score), text) for g, nid, score, text in raw]
        if longer:  # names over the engine's word limit: scored in Python, merged in the engine's order
            hits = self._merge_long(query, hits, longer, floor, limit)
        n = self._n_names  # (a hit on a listed name is public as it is)
        return [h if h.name_id < n else self._public(h) for h in hits]

    def _hit(self, query: str, g: int, nid: int, score: float, pairs: list) -> Hit:
        e = explain_tokens(analyze(query), self._name_tokens(nid), score, pairs, DEFAULT_THRESHOLD, MATCH_THRESHOLD)
        return Hit(g, nid, score, e.decision, e.text)

    def _merge_long(self, query: str, hits: list[Hit], longer: list[int], floor: float, limit: int) -> list[Hit]:
        best = {h.group: h for h in hits}
        for nid in longer:
            score, pairs = self.score_name(query, nid)
            if score < floor or (nid >= self._n_names and not alternate_met(self._name_tokens(nid), pairs)):
                continue
            g = self._group(nid)
            cur = best.get(g)
            if cur is None or (score, -nid) > (cur.score, -cur.name_id):
                best[g] = self._hit(query, g, nid, score, pairs)
        return sorted(best.values(), key=lambda h: (-h.score, h.group))[:limit]

    def search_many(self, queries: Sequence[str], *, limit: int = 10, threshold: float | None = None,
                    query_type: EntityType | None = None, groups: AbstractSet[int] | None = None,
                    analyzed: Sequence[tuple] | None = None) -> list[list[Hit]]:
        """search() for many queries; repeated queries are computed once.

        The engine searches them all in one call, with the type mask, floor and group set made once
        (a batch searches every list for every name; a call per query and list cost it 3 % more).
        ``analyzed``: :func:`analyze_queries` of ``queries`` (same order), when the caller searches
        several indexes for them: the analysis is the same for every index.
        """
        first: dict[str, int] = {}  # the first position of each distinct query
        for i, query in enumerate(queries):
            first.setdefault(query, i)
        out: list[list[Hit]] = [[] for _ in queries]
        if not self.use_engine:
            for i in first.values():
                out[i] = self.search(queries[i], limit=limit, threshold=threshold, query_type=query_type, groups=groups)
            return [out[first[query]] for query in queries]
        floor = float(DEFAULT_THRESHOLD if threshold is None else threshold)
        qa = analyzed if analyzed is not None else analyze_queries(queries)
        todo = [i for i in first.values() if qa[i][0]]  # (a query with no words has no hit)
        if todo and limit > 0:
            found_all = self._engine.search_many([qa[i][1] for i in todo], limit, floor, _TYPE_MASK[query_type],
                                                 _group_set(groups))
            for i, found in zip(todo, found_all):
                if found is not None:  # (most queries of a batch, on most lists: None)
                    out[i] = self._reported(queries[i], found, floor, limit)
        return [out[first[query]] for query in queries]

    def scan_tokens(self, tokens: Sequence[str]) -> list[bool]:
        """For each word: is it, normalized, a not-too-common word of some listed name?"""
        out = []
        for w in tokens:
            norm = normalize(w)
            ok = False
            if norm and " " not in norm:
                t = features(norm)
                if t.kind == "name" and self.weight(t) >= 0.35:
                    ok = any(self._tok(v).latin == t.latin or self._tok(v).text == t.text
                             for v, s in self._matches(t) if s >= 0.97)
            out.append(ok)
        return out
