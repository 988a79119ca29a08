"""Candidate retrieval over listed names: :class:`NameIndex`.

Every distinct word of the indexed names (and every compound of two adjacent
words) is a *vocabulary* entry with its features (:class:`Token`). Each entry
is reachable by keys: its Latin form, its consonant skeleton(s) and their
one-deletion neighbours, its core without an article, its variant sets, the
one-deletion neighbours of its Latin form (typos, transpositions) and a
5-letter prefix (truncation). Keys are stored as sorted CRC32 values, so a
lookup is a binary search.

A query word finds vocabulary entries through its own keys; each entry is
compared with :func:`watchlist.match.features.token_sim` (cached per word
pair, shared by every index of the process), and the names holding the
similar entries collect weight. The best-collecting names are then scored
exactly as :func:`watchlist.match.compare` does, with word weights from this
index's IDF; a name whose score provably stays under the threshold is not
scored. That upper bound (:meth:`NameIndex._bounds`) is computed for all the
candidates of a query at once with numpy, from the word similarities retrieval
already knows and, for the other word pairs, upper bounds of them computed in
one rapidfuzz call per query word (:meth:`NameIndex._ubs`). Words held by more
than 2% of the names (Mohammed, Ali) bring no candidate of their own when a
rarer word of the query found some, but they add to the weight those collect.

Everything is stored in flat arrays (CSR postings, one string per vocabulary
column), so :meth:`NameIndex.loads` is a few array copies; word features are
turned back into :class:`Token` objects only for the words a search touches.
"""

from __future__ import annotations

import math
import pickle
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Prefix

from .match import score as _score_mod
from .match.features import _SQUEEZE, MIN_SIM, compound_pairs, token_sim
from .match.score import DEFAULT_THRESHOLD, MATCH_THRESHOLD, default_weight, explain_tokens, score_tokens, weight_key
from .models import EntityType

try:  # listed positions an acronym may excuse when unmatched (match/acronyms.py)
    from .match.acronyms import acronyms as _acronyms
except ImportError:  # pragma: no cover - an older scorer without acronyms
    _acronyms = None
from .names.normalize import NORMALIZER_VERSION, normalize
from .names.tokens import KINDS, LOW_KINDS, Token, analyze, features, join
from .names.translit import latinize

__all__ = ["Hit", "IndexFormatError", "NameIndex"]

#: Bump whenever the persisted layout changes; an older index is rebuilt by the store.
INDEX_FORMAT = 4
_CANDIDATES = 100  # names bounded (and scored when the bound allows) per query
_PRUNE = 0.4
_VECTOR_MIN = 160  # word pairs from which upper bounds are computed in one C call (measured crossover, warm caches)
_COMMON_SHARE = 0.02  # words in more names than this share only retrieve when nothing rarer does
_TYPES = list(EntityType)
_RETRIEVED = ("name", "number")  # kinds of query words that look up keys
_FIELDS = ("text", "latin", "skel", "loose", "core", "core_skel")


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


def _keys(t: Token) -> list[str]:
    """Retrieval keys of one word (the same function for names and queries)."""
    if t.kind == "number":
        return ["L" + t.text]
    keys = {"S" + s for s in (t.skel, t.loose, t.core_skel) if len(s) >= 2}
    for s in (t.skel, t.loose):
        if len(s) >= 4:
            keys.update("E" + s[:i] + s[i + 1:] for i in range(len(s)))
            keys.add("E" + s)
    keys.update(f"V{v}" for v in t.variants)
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


# Word-pair similarities are pure functions of the two words: one cache for every index.
_SIM: dict[tuple[str, str, str, str], tuple[float, str]] = {}
_SIM_MAX = 500_000  # word pairs per process-wide cache (about 100 MB each when full)
_TOKENS_MAX = 30_000  # query words (and names) per index cache; each word keeps ~100 similarities


def _sim(a: Token, b: Token) -> tuple[float, str]:
    key = (a.text, a.kind, b.text, b.kind)
    r = _SIM.get(key)
    if r is None:
        if len(_SIM) > _SIM_MAX:
            _SIM.clear()
        r = _SIM[key] = token_sim(a, b)
    return r


_norm = lru_cache(maxsize=200_000)(normalize)
_squeeze = lru_cache(maxsize=200_000)(lambda s: _SQUEEZE.sub(r"\1", s))

_UB: dict[tuple[str, str, str, str], float] = {}


def _fuzzy_ub(x: str, y: str) -> float:
    """Upper bound of features._fuzzy(x, y): its edit-count steps, else its OSA/JW mean with JW = 1."""
    n = max(len(x), len(y))
    if n == 0:
        return 1.0
    cut = max(2, int(0.4 * n))  # beyond this many edits the bound is under MIN_SIM
    if abs(len(x) - len(y)) > cut:
        return 0.0
    d = OSA.distance(x, y, score_cutoff=cut)
    if d == 1 and n >= 4:
        return 0.92
    if d == 2 and n >= 7:
        return 0.86
    return 1.0 - 1.25 * d / n


def _pair_ub(a: Token, b: Token) -> float:
    """An upper bound of ``token_sim(a, b)[0]`` (0 when it is surely under MIN_SIM), cheaper than it.

    Exact for abjad words, initials and numbers; for two Latin words every
    rule of token_sim that needs an equality is answered 1, and the typo and
    truncation rules by their bound from the OSA distance.
    """
    key = (a.text, a.kind, b.text, b.kind)
    r = _UB.get(key)
    if r is not None:
        return r
    al, bl = a.latin, b.latin
    if a.abjad or b.abjad or a.kind not in ("name", "patronymic") or b.kind not in ("name", "patronymic"):
        r = _sim(a, b)[0]
    elif (al == bl or a.skel == b.skel or a.loose == b.loose or a.text == b.text
          or (a.core and a.core in (bl, b.core)) or (b.core and b.core == al)
          or (a.variants and b.variants and not set(a.variants).isdisjoint(b.variants))
          or (al[:1] == bl[:1] and _squeeze(al) == _squeeze(bl))):
        r = 1.0
    else:
        r = _fuzzy_ub(al, bl)
        ra, rb = latinize(a.text), latinize(b.text)
        if ra != al or rb != bl:
            r = max(r, _fuzzy_ub(ra, rb))
        if a.core or b.core:
            r = max(r, _fuzzy_ub(a.core or al, b.core or bl))
        if r < 0.8:
            short, long_ = (al, bl) if len(al) <= len(bl) else (bl, al)
            if len(short) >= 4 and long_.startswith(short):
                r = 0.8
    if r < MIN_SIM:
        r = 0.0
    if len(_UB) > _SIM_MAX:
        _UB.clear()
    _UB[key] = r
    return r


_NAME_KINDS = np.array([k in ("name", "patronymic") for k in KINDS])
_LOW_KIND = np.array([k in LOW_KINDS for k in KINDS])
_NUMBER_KIND = KINDS.index("number")
_NAME_KIND = KINDS.index("name")


def _fuzzy_ubs(x: str, ys: Sequence[str], ylen: np.ndarray) -> np.ndarray:
    """Upper bounds of features._fuzzy(x, y) for every y (one C call).

    _fuzzy's edit-count steps where they apply, else its OSA/JW mean with JW
    taken as 1: 1 - 1.25 * d / n. Beyond max(2, 0.4 n) edits it is under MIN_SIM.
    """
    n = np.maximum(ylen, len(x))
    cut = np.maximum(2, (2 * n) // 5)
    d = process.cdist([x], ys, scorer=OSA.distance, score_cutoff=int(cut.max()), dtype=np.int32, workers=1)[0]
    r = 1.0 - 1.25 * d / np.maximum(n, 1)
    r[(d == 1) & (n >= 4)] = 0.92
    r[(d == 2) & (n >= 7)] = 0.86
    r[d > cut] = 0.0
    r[n == 0] = 1.0
    return r


class _View(Sequence):
    """A read-only sequence computed item by item (keeps old attribute names working)."""

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


def _csr(lists: Sequence[Sequence[int]], dtype=np.int32) -> tuple[np.ndarray, np.ndarray]:
    off = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=off[1:])
    flat = np.fromiter((v for x in lists for v in x), dtype=dtype, count=int(off[-1]))
    return off, flat


class NameIndex:
    """Names of one list version, searchable by name. Build once, persist with dumps/loads."""

    def __init__(self, state: dict) -> None:
        self._state = state
        n = self._n_names = int(state["n"])
        self._groups: list[int] = state["groups"].tolist()
        self._type_ids: list[int] = state["types"].tolist()
        self._text_all: str = state["texts"]
        self._text_off: list[int] = state["text_off"].tolist()
        self._name_off: list[int] = state["name_off"].tolist()
        self._name_vid: np.ndarray = state["name_vid"]
        self._comp_off: list[int] = state["comp_off"].tolist()
        self._comp: np.ndarray = state["comp"]
        cols = [s.split("\x00") for s in state["vocab"]]
        self._vcols = cols
        nv = self._nv = len(cols[0]) if state["vocab_kind"].size else 0
        if nv == 0:
            self._vcols = [[] for _ in _FIELDS]
        self._vkind: list[int] = state["vocab_kind"].tolist()
        self._vabjad: list[int] = state["vocab_abjad"].tolist()
        self._vkind_np: np.ndarray = state["vocab_kind"]
        self._vlatin_ok: np.ndarray = _NAME_KINDS[state["vocab_kind"]] & (state["vocab_abjad"] == 0) \
            if nv else np.zeros(0, dtype=bool)
        self._vobj: list[np.ndarray] | None = None  # vocabulary columns as object arrays, made on first bound
        self._vw_np = np.full(nv, np.nan)  # word weights, on demand
        self._name_off_np: np.ndarray = state["name_off"]
        self._comp_off_np: np.ndarray = state["comp_off"]
        self._types_np: np.ndarray = state["types"]
        self._excused: dict[int, tuple[int, ...]] = {}
        self._var_off: list[int] = state["var_off"].tolist()
        self._var_ids: list[int] = state["var_ids"].tolist()
        self._post_off: list[int] = state["post_off"].tolist()
        self._post_nid: np.ndarray = state["post_nid"]
        self._key_hash: np.ndarray = state["key_hash"]
        self._key_off: np.ndarray = state["key_off"]
        self._key_vid: np.ndarray = state["key_vid"]
        dk = state["df_keys"]
        self._df: dict[str, int] = dict(zip(dk.split("\x00"), state["df_vals"].tolist())) if dk else {}
        self._n = max(1, n)
        self._ref = math.log(self._n / max(2.0, self._n * 0.0005)) or 1.0
        self._vtok: list[Token | None] = [None] * nv
        self._wcache: dict[tuple[str, str], float] = {}
        self._mcache: dict[Token, list[tuple[int, float]]] = {}
        self._mfull: dict[Token, dict[int, float]] = {}
        self._kcache: dict[Token, dict[int, float]] = {}
        #: Skip names whose score bound is under the threshold (tests turn it off to compare).
        self.use_bound = True

    # ------------------------------------------------------------ build / persist
    @classmethod
    def build(cls, entries: Sequence[tuple[int, str, EntityType]]) -> NameIndex:
        """Index ``entries[i] = (group, name, entity type)``; ``i`` is the name id."""
        vocab: dict[Token, int] = {}
        postings: list[array] = []  # compact int arrays: a 1M-name list stays well under a GB
        last: list[int] = []  # last name id appended to each posting
        name_vid = array("i")
        name_off = array("q", [0])
        comp = array("i")  # (vocabulary id, i, j) triples
        comp_off = array("q", [0])
        texts: list[str] = []
        df: dict[str, int] = {}

        def vid(t: Token, nid: int) -> int:
            i = vocab.get(t)
            if i is None:
                i = vocab[t] = len(postings)
                postings.append(array("i", [nid]))
                last.append(nid)
            elif last[i] != nid:
                postings[i].append(nid)
                last[i] = nid
            return i

        for nid, (_, name, _) in enumerate(entries):
            texts.append(normalize(name))
            toks = analyze(name)
            for t in toks:
                name_vid.append(vid(t, nid))
            name_off.append(len(name_vid))
            for key in sorted({weight_key(t) for t in toks if t.kind not in LOW_KINDS}):
                df[key] = df.get(key, 0) + 1
            for i, j in compound_pairs(toks):
                u = join(toks[i], toks[j])
                comp.extend((vid(u, nid), i, j))
            comp_off.append(len(comp) // 3)
        toks_sorted = list(vocab)  # insertion order == vocabulary id
        hashes = array("I")
        counts = array("q")
        for t in toks_sorted:
            h = sorted({zlib.crc32(k.encode()) for k in _keys(t)})  # one word's keys, deduplicated
            hashes.extend(h)
            counts.append(len(h))
        allh = np.frombuffer(hashes, dtype=np.uint32).copy() if hashes else np.zeros(0, dtype=np.uint32)
        allv = np.repeat(np.arange(len(toks_sorted), dtype=np.int32), np.frombuffer(counts, dtype=np.int64)) \
            if counts else np.zeros(0, dtype=np.int32)
        order = np.argsort(allh, kind="stable")  # by hash, then vocabulary id
        allh, allv = allh[order], allv[order]
        uniq, first = np.unique(allh, return_index=True)
        var_off, var_ids = _csr([t.variants for t in toks_sorted])
        post_off = np.zeros(len(postings) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in postings], out=post_off[1:])
        post_nid = np.frombuffer(b"".join(p.tobytes() for p in postings), dtype=np.int32).copy() \
            if postings else np.zeros(0, dtype=np.int32)
        postings.clear()
        text_off = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(s) for s in texts], out=text_off[1:])
        dkeys = sorted(df)
        state = {
            "n": len(entries),
            "groups": np.fromiter((int(g) for g, _, _ in entries), dtype=np.int64, count=len(entries)),
            "types": np.fromiter((_TYPES.index(EntityType(t)) for _, _, t in entries), dtype=np.uint8,
                                 count=len(entries)),
            "texts": "".join(texts),
            "text_off": text_off,
            "name_off": np.frombuffer(name_off, dtype=np.int64).copy(),
            "name_vid": np.frombuffer(name_vid, dtype=np.int32).copy(),
            "comp_off": np.frombuffer(comp_off, dtype=np.int64).copy(),
            "comp": np.frombuffer(comp, dtype=np.int32).reshape(-1, 3).copy(),
            "vocab": ["\x00".join(getattr(t, f) for t in toks_sorted) for f in _FIELDS],
            "vocab_kind": np.array([KINDS.index(t.kind) for t in toks_sorted], dtype=np.uint8),
            "vocab_abjad": np.array([t.abjad for t in toks_sorted], dtype=np.uint8),
            "var_off": var_off, "var_ids": var_ids,
            "post_off": post_off, "post_nid": post_nid,
            "key_hash": uniq,
            "key_off": np.append(first, len(allh)).astype(np.int64),
            "key_vid": allv,
            "df_keys": "\x00".join(dkeys),
            "df_vals": np.array([df[k] for k in dkeys], dtype=np.int32),
        }
        return cls(state)

    def dumps(self) -> bytes:
        """Serialize (pickle protocol 5 of flat arrays and strings)."""
        return pickle.dumps({"format": INDEX_FORMAT, "normalizer": NORMALIZER_VERSION, **self._state}, protocol=5)

    @classmethod
    def loads(cls, data: bytes) -> NameIndex:
        """Load an index written by :meth:`dumps`.

        Raises:
            IndexFormatError: the index was written by another index format or
                normalizer version; rebuild it (the store does so by itself).
        """
        try:
            state = pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - any unreadable blob means "rebuild"
            raise IndexFormatError(f"unreadable name index ({exc}); rebuild it") from None
        if not isinstance(state, dict) or state.get("format") != INDEX_FORMAT \
                or state.get("normalizer") != NORMALIZER_VERSION:
            raise IndexFormatError("name index was built by another index format or normalizer version; rebuild it")
        del state["format"], state["normalizer"]
        return cls(state)

    def __len__(self) -> int:
        return self._n_names

    # ------------------------------------------------------------ stored items
    def _tok(self, v: int) -> Token:
        t = self._vtok[v]
        if t is None:
            c = self._vcols
            t = self._vtok[v] = Token(c[0][v], c[1][v], c[2][v], c[3][v], c[4][v], c[5][v], KINDS[self._vkind[v]],
                                      bool(self._vabjad[v]),
                                      tuple(self._var_ids[self._var_off[v]:self._var_off[v + 1]]))
        return t

    def _name_vids(self, nid: int) -> list[int]:
        return self._name_vid[self._name_off[nid]:self._name_off[nid + 1]].tolist()

    def _text(self, nid: int) -> str:
        return self._text_all[self._text_off[nid]:self._text_off[nid + 1]]

    def _postings(self, v: int) -> np.ndarray:
        return self._post_nid[self._post_off[v]:self._post_off[v + 1]]

    # Public read-only views (article screening builds its lexicon from them).
    @property
    def vocabulary(self) -> Sequence[Token]:
        """Every distinct word of the indexed names, by word id."""
        return _View(self._tok, self._nv)

    @property
    def name_words(self) -> Sequence[tuple[int, ...]]:
        """The word ids of each indexed name, by name id (index into ``vocabulary``)."""
        return _View(lambda i: tuple(self._name_vids(i)), self._n_names)

    # ------------------------------------------------------------ weights and matches
    def weight(self, t: Token) -> float:
        """Word weight: the lower of the shipped table and this index's IDF."""
        key = (t.text, t.kind)  # a compound may share its text with a word of another kind
        w = self._wcache.get(key)
        if w is None:
            w = default_weight(t)
            if t.kind == "name":
                df = self._df.get(weight_key(t), 0)
                if df:
                    w = min(w, max(0.1, min(1.0, math.log(self._n / df) / self._ref)))
            self._wcache[key] = w
        return w

    def _sim(self, a: Token, b: Token) -> tuple[float, str]:
        return _sim(a, b)

    def _matches(self, t: Token) -> list[tuple[int, float]]:
        m = self._mcache.get(t)
        if m is not None:
            return m
        hs = _hash(_keys(t))
        pos = np.searchsorted(self._key_hash, hs)
        vids: set[int] = set()
        nk = len(self._key_hash)
        for h, p in zip(hs.tolist(), pos.tolist()):
            if p < nk and int(self._key_hash[p]) == h:
                vids.update(self._key_vid[self._key_off[p]:self._key_off[p + 1]].tolist())
        m = []
        full: dict[int, float] = {}  # every word the keys reached, with its similarity
        reached = sorted(vids)
        for v, ub in zip(reached, self._ubs(t, reached).tolist()):
            s = _sim(t, self._tok(v))[0] if ub > 0 else 0.0  # the bound is cheaper than token_sim
            full[v] = s
            if s >= MIN_SIM:
                m.append((v, s))
        if len(self._mcache) > _TOKENS_MAX:
            self._mcache.clear()
            self._mfull.clear()
        self._mcache[t] = m
        self._mfull[t] = full
        return m

    def _ubs(self, t: Token, vids: Sequence[int]) -> np.ndarray:
        """Upper bounds of ``token_sim(t, word)[0]`` for vocabulary ids ``vids`` (0 when surely under MIN_SIM).

        Exact (token_sim itself) when either word is abjad or not a name or
        patronymic. For two Latin words every rule of token_sim that needs an
        equality answers 1, the typo rules their bound from the OSA distance
        (:func:`_fuzzy_ubs`, all words in one C call) and truncation 0.8.
        """
        if len(vids) < _VECTOR_MIN:  # numpy's fixed cost outweighs the per-pair one (cached process-wide)
            return np.array([_pair_ub(t, self._tok(int(v))) for v in vids], dtype=np.float64)
        out = np.zeros(len(vids))
        va = np.asarray(vids, dtype=np.int64)
        latin = self._vlatin_ok[va]
        if t.abjad or t.kind not in ("name", "patronymic"):
            latin[:] = False
        for k in np.flatnonzero(~latin).tolist():
            out[k] = _sim(t, self._tok(int(va[k])))[0]
        fast = np.flatnonzero(latin)
        if len(fast):
            out[fast] = self._latin_ubs(t, va[fast])
        out[out < MIN_SIM] = 0.0
        return out

    def _latin_ubs(self, t: Token, va: np.ndarray) -> np.ndarray:
        if self._vobj is None:
            self._vobj = [np.array(col, dtype=object) for col in self._vcols]
        text, lat, skel, loose, core = (col[va] for col in self._vobj[:5])
        al = t.latin
        eq = (lat == al) | (skel == t.skel) | (loose == t.loose) | (text == t.text) | ((core == al) & (core != ""))
        if t.core:
            eq |= (lat == t.core) | (core == t.core)
        vl = va.tolist()
        if t.variants:
            vs, vo, vi = set(t.variants), self._var_off, self._var_ids
            eq |= np.fromiter((not vs.isdisjoint(vi[vo[v]:vo[v + 1]]) for v in vl), dtype=bool, count=len(vl))
        lat_l = lat.tolist()
        eq |= np.array([_squeeze(x) for x in lat_l], dtype=object) == _squeeze(al)  # both lru-cached
        n_l = np.fromiter(map(len, lat_l), dtype=np.int64, count=len(lat_l))
        r = _fuzzy_ubs(al, lat_l, n_l)
        ra = latinize(t.text)
        rb = [latinize(x) for x in text.tolist()]
        if ra != al or rb != lat_l:
            r = np.maximum(r, _fuzzy_ubs(ra, rb, np.fromiter(map(len, rb), dtype=np.int64, count=len(rb))))
        has_core = core != ""
        if t.core or has_core.any():
            cb = np.where(has_core, core, lat).tolist()
            r = np.maximum(r, _fuzzy_ubs(t.core or al, cb, np.fromiter(map(len, cb), dtype=np.int64, count=len(cb))))
        pre = process.cdist([al], lat_l, scorer=Prefix.similarity, dtype=np.int32, workers=1)[0]
        short = np.minimum(n_l, len(al))
        r[(pre == short) & (short >= 4) & (r < 0.8)] = 0.8  # truncation: one is the other's first 4+ letters
        r[eq] = 1.0
        return r

    def _sims(self, t: Token, vids: np.ndarray) -> np.ndarray:
        """Similarity (exact where retrieval compared the words) or its upper bound, of ``t`` and each word."""
        k = self._kcache.get(t)
        if k is None:
            if len(self._kcache) > _TOKENS_MAX:
                self._kcache.clear()
            full = self._mfull.get(t)
            k = self._kcache[t] = dict(full) if full is not None else {}
        vl = vids.tolist()
        out = np.fromiter((k.get(v, -1.0) for v in vl), dtype=np.float64, count=len(vl))
        miss = np.flatnonzero(out < 0)
        if len(miss):
            mv = vids[miss]
            ub = self._ubs(t, mv)
            out[miss] = ub
            k.update(zip(mv.tolist(), ub.tolist()))
        return out

    def _weights(self, vids: np.ndarray) -> np.ndarray:
        w = self._vw_np[vids]
        miss = np.isnan(w)
        if miss.any():
            for v in np.unique(vids[miss]).tolist():
                self._vw_np[v] = self.weight(self._tok(v))
            w = self._vw_np[vids]
        return w

    def _excused_of(self, nid: int) -> tuple[int, ...]:
        """Positions of name ``nid`` that cost nothing unmatched in the bound (acronyms and their words)."""
        r = self._excused.get(nid)
        if r is None:
            r = ()
            if _acronyms is not None and self._name_off[nid + 1] - self._name_off[nid] >= 3:
                c = tuple(self._tok(v) for v in self._name_vids(nid))
                r = tuple(sorted({x for j, run in _acronyms(c) for x in (j, *run)}))
            if len(self._excused) > _TOKENS_MAX:
                self._excused.clear()
            self._excused[nid] = r
        return r

    def _bounds(self, q: Sequence[Token], qw: list[float], units: list, nids: Sequence[int]) -> np.ndarray:
        """Upper bounds of the scores of names ``nids`` for query ``q`` (texts not equal), all at once.

        Every word is given the best similarity it can reach with a word (or
        compound) of the other name: exact for the word pairs the retrieval
        keys already compared, else an upper bound (:meth:`_ubs`); 1 for low
        words when the other name has low words too. The score's base (a
        weighted mean of similarities with unmatched words counted as 0) is
        then maximised over every choice of matched words (Dinkelbach
        iterations, all names together), and its evidence factor over the
        matched listed weight.
        """
        nc, nq = len(nids), len(q)
        na = np.asarray(nids, dtype=np.int64)
        # one flat row per listed word of every name: its slot in name_vid, name (0..nc-1), position
        starts, ends = self._name_off_np[na], self._name_off_np[na + 1]
        lens = ends - starts
        first = np.zeros(nc + 1, dtype=np.int64)
        np.cumsum(lens, out=first[1:])
        m = int(first[-1])
        cand = np.repeat(np.arange(nc), lens)
        slots = np.arange(m) - first[:-1][cand] + starts[cand]
        wv = self._name_vid[slots].astype(np.int64)
        kinds = self._vkind_np[wv]
        low = _LOW_KIND[kinds]
        num = kinds == _NUMBER_KIND
        isname = kinds == _NAME_KIND
        cw = self._weights(wv)
        exc = np.zeros(m, dtype=bool)
        for k, nid in enumerate(nids):
            e = self._excused_of(nid)
            if e:
                exc[first[k] + np.asarray(e)] = True
        # compounds of adjacent listed words: (vocabulary id, flat row of each word, name)
        cs, ce = self._comp_off_np[na], self._comp_off_np[na + 1]
        clens = ce - cs
        ccand = np.repeat(np.arange(nc), clens)
        crow = np.arange(int(clens.sum())) - np.concatenate(([0], np.cumsum(clens)[:-1]))[ccand] + cs[ccand]
        comp = self._comp[crow]
        cv = comp[:, 0].astype(np.int64)
        cj1, cj2 = first[:-1][ccand] + comp[:, 1], first[:-1][ccand] + comp[:, 2]
        # the words whose similarity is needed: listed words that are not low, and compounds
        uniq = np.unique(np.concatenate((wv[~low], cv)))
        w_at = np.minimum(np.searchsorted(uniq, wv), max(0, len(uniq) - 1))
        c_at = np.searchsorted(uniq, cv)
        sq = np.zeros((nc, nq))
        sc = np.zeros(m)
        q_low = any(t.kind in LOW_KINDS for t in q)
        extra = [((i,), t) for i, t in enumerate(q) if t.kind not in _RETRIEVED and t.kind not in LOW_KINDS]
        for pos, t in units + extra:
            if not len(uniq):
                break
            su = self._sims(t, uniq)
            joined = len(pos) > 1
            s = su[w_at]
            bad = low | (num != (t.kind == "number"))
            if joined:
                bad |= ~isname | (s < 0.85)
            s[bad | (s < MIN_SIM)] = 0.0
            best = np.zeros(nc)
            np.maximum.at(best, cand, s)
            np.maximum(sc, s, out=sc)
            if not joined and t.kind == "name" and len(cv):
                s2 = su[c_at]
                s2[s2 < 0.85] = 0.0
                np.maximum.at(best, ccand, s2)
                np.maximum.at(sc, cj1, s2)
                np.maximum.at(sc, cj2, s2)
            for i in pos:
                np.maximum(sq[:, i], best, out=sq[:, i])
        c_low = np.bincount(cand, weights=low, minlength=nc) > 0
        for i, a in enumerate(q):
            if a.kind in LOW_KINDS:
                sq[:, i] = c_low
        sc[low] = 1.0 if q_low else 0.0
        sm = _score_mod
        aq = 2 * min(sm._ALPHA_QUERY, getattr(sm, "_ALPHA_QUERY_SUPERSET", sm._ALPHA_QUERY))
        al = 2 * min(sm._ALPHA_LISTED, getattr(sm, "_ALPHA_LISTED_SUBSET", sm._ALPHA_LISTED))
        qwa = np.asarray(qw, dtype=np.float64)
        q_lowm = np.array([t.kind in LOW_KINDS for t in q])
        q_num = np.array([t.kind == "number" for t in q])
        qu = np.where(q_lowm, 0.0, qwa * np.where(q_num, 3.0, aq))  # mass of a query word left unmatched
        cu = np.where(low | exc, 0.0, cw * np.where(num, 3.0, al))  # of a listed word
        q_can, c_can = sq > 0, sc > 0
        qa = sq * qwa  # value if matched (mass if matched: the weight)
        ca = sc * cw
        fixed = (qu * ~q_can).sum(axis=1) + np.bincount(cand, weights=cu * ~c_can, minlength=nc)
        r = np.zeros(nc)
        for _ in range(20):  # maximise sum(value) / sum(mass) over matched subsets
            rq, rc = r[:, None], r[cand]
            pq = q_can & (qa - rq * qwa + rq * qu > 0)
            pc = c_can & (ca - rc * cw + rc * cu > 0)
            num_ = (qa * pq).sum(axis=1) + np.bincount(cand, weights=ca * pc, minlength=nc)
            den = fixed + (np.where(pq, qwa, qu) * q_can).sum(axis=1) \
                + np.bincount(cand, weights=np.where(pc, cw, cu) * c_can, minlength=nc)
            r_new = np.divide(num_, den, out=np.zeros(nc), where=den > 0)
            better = r_new > r
            if not better.any():
                break
            r = np.where(better, r_new, r)
        wq_all = float(qwa[~q_lowm].sum())
        wc_all = np.bincount(cand, weights=cw * ~(low | exc), minlength=nc)
        ml = np.bincount(cand, weights=sc * cw * ~low, minlength=nc)
        e_full, e_min = sm._EVIDENCE, sm._EVIDENCE_MIN
        need = np.minimum(np.minimum(e_full, 0.9 * wc_all),
                          np.minimum(e_full, np.maximum(e_min, 0.9 * np.minimum(wq_all, wc_all))))
        evidence = np.sqrt(np.minimum(1.0, np.divide(ml, need, out=np.ones(nc), where=need > 0)))
        return np.where(r > 0, 100.0 * np.minimum(1.0, r) * evidence, 0.0)

    def _bound(self, q: Sequence[Token], qw: list[float], units: list, nid: int) -> float:
        """The score bound of one name (see :meth:`_bounds`)."""
        return float(self._bounds(q, qw, units, [nid])[0])

    # ------------------------------------------------------------ search
    def _query_units(self, q: Sequence[Token]) -> list[tuple[tuple[int, ...], Token]]:
        units: list[tuple[tuple[int, ...], Token]] = [((i,), t) for i, t in enumerate(q) if t.kind in _RETRIEVED]
        units += [((i, j), join(q[i], q[j])) for i, j in compound_pairs(q)]
        return units

    def _candidates(self, q: Sequence[Token], units: list | None = None) -> list[int]:
        """Ids of the names (at most _CANDIDATES) that collected the most query weight."""
        if units is None:
            units = self._query_units(q)
        cap = max(50, int(self._n * _COMMON_SHARE))
        po = self._post_off
        found = [(t, self._matches(t)) for _, t in units]
        rare = any(po[v + 1] - po[v] <= cap for _, m in found for v, _ in m)
        spans: list[tuple[int, int]] = []
        coefs: list[float] = []
        common: list[tuple[int, int]] = []  # spans of common words: they weigh in, but bring no new name
        common_coefs: list[float] = []
        for t, m in found:
            w = self.weight(t)
            for v, s in m:
                a, b = po[v], po[v + 1]
                if rare and b - a > cap:
                    common.append((a, b))
                    common_coefs.append(s * w)
                else:
                    spans.append((a, b))
                    coefs.append(s * w)
        if not spans:
            return []
        pn = self._post_nid
        if len(spans) == 1:
            uniq = pn[spans[0][0]:spans[0][1]]
            acc = np.full(len(uniq), coefs[0])
        else:
            nids = np.concatenate([pn[a:b] for a, b in spans])
            ws = np.repeat(np.array(coefs), [b - a for a, b in spans])
            uniq, inv = np.unique(nids, return_inverse=True)
            acc = np.bincount(inv, weights=ws)  # summed in input order, like a Python loop
        if common:
            cn = np.concatenate([pn[a:b] for a, b in common])
            cw = np.repeat(np.array(common_coefs), [b - a for a, b in common])
            at = np.minimum(np.searchsorted(uniq, cn), len(uniq) - 1)
            held = uniq[at] == cn
            acc = acc + np.bincount(at[held], weights=cw[held], minlength=len(uniq))
        # A name that collected less than _PRUNE of the weight of the query's retrieving
        # words cannot reach the report floor (see score.py: unmatched query weight counts
        # double). Patronymics and initials retrieve nothing, so they do not raise the floor.
        floor = _PRUNE * sum(self.weight(t) for t in q if t.kind in _RETRIEVED)
        keep = acc >= floor
        uniq, acc = uniq[keep], acc[keep]
        order = np.lexsort((uniq, -acc))[:_CANDIDATES]
        return uniq[order].tolist()

    def _score(self, q: tuple[Token, ...], qnorm: str, nid: int) -> tuple[float, list]:
        c = tuple(self._tok(v) for v in self._name_vids(nid))
        return score_tokens(q, c, weight=self.weight, sim=_sim, equal=qnorm == self._text(nid))

    def search(self, query: str, *, limit: int = 10, threshold: float | None = None,
               query_type: EntityType | None = None, groups: AbstractSet[int] | None = None) -> list[Hit]:
        """Best name per group with score >= threshold, by score desc then group asc.

        ``groups``: score only the names of these groups (a re-screen's changed
        entities). Retrieval is unchanged, so every hit is one a full search has too.
        """
        floor = DEFAULT_THRESHOLD if threshold is None else threshold
        q = analyze(query)
        if not q or limit <= 0:
            return []
        qnorm = _norm(query)
        units = self._query_units(q)
        cands = self._candidates(q, units)
        if not cands:
            return []
        qw = [self.weight(t) for t in q]
        best: dict[int, tuple[float, int, list]] = {}
        todo = [nid for nid in cands if _compatible(query_type, _TYPES[self._type_ids[nid]])
                and (groups is None or self._groups[nid] in groups)]
        if self.use_bound:
            bounded = [nid for nid in todo if qnorm != self._text(nid)]
            if bounded:
                # the bound is rounded like the score; 0.05 keeps a 79.96 that rounds to 80.0
                low = {nid for nid, b in zip(bounded, self._bounds(q, qw, units, bounded).tolist())
                       if b < floor - 0.05}
                todo = [nid for nid in todo if nid not in low]
        for nid in todo:
            score, pairs = self._score(q, qnorm, nid)
            if score < floor:
                continue
            g = self._groups[nid]
            cur = best.get(g)
            if cur is None or (score, -nid) > (cur[0], -cur[1]):
                best[g] = (score, nid, pairs)
        hits = []
        for g, (score, nid, pairs) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]:
            c = tuple(self._tok(v) for v in self._name_vids(nid))
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
                    ok = any(self._tok(v).latin == t.latin or self._tok(v).text == t.text
                             for v, s in self._matches(t) if s >= 0.97)
            out.append(ok)
        return out

    def name_text(self, name_id: int) -> str:
        """The normalized text of an indexed name."""
        return self._text(name_id)
