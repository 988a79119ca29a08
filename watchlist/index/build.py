"""Build the flat arrays of a :class:`~watchlist.index.NameIndex` from (group, name, type) entries.

Every distinct word of the names (and every compound of two adjacent words,
:func:`watchlist.match.features.compound_pairs`) is a *vocabulary* entry. Per entry the
arrays hold what the engine compares (``csrc/``): the eight strings of
:func:`watchlist.engine.word_features` in one blob, kind, flags, variant sets, abjad
alternative skeletons, and the word's weight in this index (:func:`idf_weight`). Per name:
its word ids, its compounds (word id, i, j), group, entity type, normalized text and its
acronym relations (:func:`watchlist.match.acronyms.acronyms`). Postings (names per word)
and retrieval keys (CRC-32 of each word's keys, sorted, :func:`watchlist._engine.word_keys`)
make the lookup a binary search.

An organisation's name is also retrieved by the acronyms a query may write for runs of its words
(:func:`watchlist.match.acronyms.acronym_forms`: "DSRC" for THE DALZAVOD SHIP REPAIR CENTRE JSC):
their keys, sorted, and the names of each.

A listed name's parentheses give it alternates (:func:`watchlist.index.parentheses.alternates`:
"COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)" is also "CAGL" and the name without them). They are
indexed after the ``listed`` names, each with the id of the name it reads (``origin``), and are not
counted in the word rarities (their words are their listed name's).

The build streams: a word's features and keys are written to compact arrays the first time
the word is seen, and the words are told apart by (text, kind, loose skeleton), which is what
makes two tokens differ (:func:`watchlist.names.tokens.features` is a function of the text and
kind; only :func:`~watchlist.names.tokens.join` overrides the loose skeleton). No Token is
kept, so a list of a million names builds in well under a gigabyte.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Sequence

import numpy as np

from .. import _engine
from ..engine import weight_basis, word_features
from ..match.acronyms import acronym_forms, acronyms
from ..match.features import compound_pairs
from ..match.score import weight_key
from ..models import EntityType
from ..names import release_caches
from ..names.normalize import normalize
from ..names.tokens import KINDS, LOW_KINDS, Token, analyze, join
from .parentheses import alternates

__all__ = ["build_state", "idf_weight", "reference_weight", "acronym_key", "TYPES"]

TYPES = list(EntityType)
assert TYPES.index(EntityType.ORGANIZATION) == _engine.TYPE_ORGANIZATION  # the engine reads the type codes
_KEEP_CACHES = 200_000  # names: a larger build empties the word caches every _CACHE_SPAN names
_CACHE_SPAN = 50_000
_KIND_BYTE = {k: bytes([i]) for i, k in enumerate(KINDS)}


def acronym_key(acronym: str) -> int:
    """The retrieval key of an acronym (CRC-32 of "A" + its letters; the engine computes it the same way)."""
    return zlib.crc32(b"A" + acronym.encode())


def reference_weight(n: int) -> float:
    """The IDF that counts as weight 1: a word held by 0.05 % of the names (at least 2)."""
    n = max(1, n)
    return math.log(n / max(2.0, n * 0.0005)) or 1.0


def idf_weight(t: Token, df: dict[str, int], n: int, ref: float) -> float:
    """A word's weight in an index: the lower of the shipped table and its rarity among the names."""
    w, key = weight_basis(t)
    return _weigh(w, df.get(key, 0) if key is not None else 0, n, ref)


def _weigh(w: float, d: int, n: int, ref: float) -> float:
    if d:
        w = min(w, max(0.1, min(1.0, math.log(max(1, n) / d) / ref)))
    return w


class _Vocabulary:
    """The distinct words met so far, their features packed as they come."""

    def __init__(self) -> None:
        self.ids: dict[bytes, int] = {}
        self.strs = bytearray()
        self.str_off = array("I", [0])
        self.kinds = array("B")
        self.flags = array("H")
        self.var_ids = array("i")
        self.var_off = array("q", [0])
        self.alt_blob = bytearray()
        self.alt_off = array("I", [0])
        self.alt_sim = array("d")
        self.alt_start = array("i", [0])
        self.wdef = array("d")
        self.wkey = array("i")  # weight key id, -1 for none
        self.wkeys: dict[str, int] = {}
        self.keys = array("Q")  # hash << 32 | word id

    def id(self, t: Token) -> int:
        key = t.text.encode() + _KIND_BYTE[t.kind] + t.loose.encode()
        v = self.ids.get(key)
        if v is None:
            v = self.ids[key] = len(self.kinds)
            self._add(t, v)
        return v

    def _add(self, t: Token, v: int) -> None:
        f = word_features(t)
        for s in f[:8]:
            self.strs += s.encode()
            self.str_off.append(len(self.strs))
        self.kinds.append(f[8])
        self.flags.append(f[9])
        self.var_ids.extend(f[10])
        self.var_off.append(len(self.var_ids))
        for sk, s in f[11]:
            self.alt_blob += sk.encode()
            self.alt_off.append(len(self.alt_blob))
            self.alt_sim.append(s)
        self.alt_start.append(len(self.alt_sim))
        w, wk = f[12], f[13]
        self.wdef.append(w)
        self.wkey.append(-1 if wk is None else self.wkeys.setdefault(wk, len(self.wkeys)))
        self.keys.extend((h << 32) | v for h in _engine.word_keys(_engine.Word(*f)))


def _np(a, dtype) -> np.ndarray:
    """An array or bytearray as a numpy array sharing its memory (an empty one when empty)."""
    return np.frombuffer(a, dtype=dtype) if len(a) else np.zeros(0, dtype=dtype)


def build_state(entries: Sequence[tuple[int, str, EntityType]]) -> dict:
    """The arrays of an index of ``entries[i] = (group, name, entity type)``; ``i`` is the name id."""
    voc = _Vocabulary()
    post_v, post_n = array("i"), array("i")  # (word id, name id) once per word of a name
    name_vid, name_off = array("i"), array("q", [0])
    comp, comp_off = array("i"), array("q", [0])  # (vocabulary id, i, j) triples
    rel_j, rel_run, runs, rel_off = array("i"), array("i", [0]), array("i"), array("q", [0])
    texts, text_off = bytearray(), array("q", [0])
    groups, types = array("q"), array("B")
    df: dict[str, int] = {}
    acr = array("Q")  # an acronym's key << 32 | name id, for every acronym an organisation's name may be written as

    large = len(entries) > _KEEP_CACHES
    extra: list[tuple[int, str, EntityType, int]] = []  # (group, alternate name, type, name id it reads)

    def add(nid: int, group: int, name: str, etype: EntityType, counted: bool) -> None:
        groups.append(int(group))
        types.append(TYPES.index(EntityType(etype)))
        texts.extend(normalize(name).encode())
        text_off.append(len(texts))
        toks = analyze(name)
        seen: set[int] = set()
        for t in toks:
            v = voc.id(t)
            name_vid.append(v)
            seen.add(v)
        name_off.append(len(name_vid))
        if counted:  # an alternate's words are its listed name's: counted once
            for key in sorted({weight_key(t) for t in toks if t.kind not in LOW_KINDS}):
                df[key] = df.get(key, 0) + 1
        for i, j in compound_pairs(toks):
            v = voc.id(join(toks[i], toks[j]))
            comp.extend((v, i, j))
            seen.add(v)
        comp_off.append(len(comp) // 3)
        for v in sorted(seen):
            post_v.append(v)
            post_n.append(nid)
        for j, run in acronyms(toks):
            rel_j.append(j)
            runs.extend(run)
            rel_run.append(len(runs))
        rel_off.append(len(rel_j))
        acr.extend(sorted({(acronym_key(a) << 32) | nid for a in acronym_forms(toks)}))

    for nid, (group, name, etype) in enumerate(entries):
        if large and nid % _CACHE_SPAN == 0:
            release_caches()  # a large list would fill them with its own words: memory, not speed
        add(nid, group, name, etype, True)
        if "(" in name:
            extra += [(group, alt, etype, nid) for alt in alternates(name, EntityType(etype) == EntityType.PERSON)]
    listed = len(groups)
    origin = array("i")
    for k, (group, alt, etype, nid) in enumerate(extra):
        add(listed + k, group, alt, etype, False)
        origin.append(nid)

    n, nv = len(groups), len(voc.kinds)
    voc.ids.clear()
    if large:
        release_caches()
    ref = reference_weight(listed)
    key_df = [0] * len(voc.wkeys)
    for k, i in voc.wkeys.items():
        key_df[i] = df.get(k, 0)
    weights = np.fromiter((_weigh(w, key_df[k] if k >= 0 else 0, listed, ref) for w, k in zip(voc.wdef, voc.wkey)),
                          dtype=np.float64, count=nv)
    # postings: the names of each word, in name order
    pv = _np(post_v, np.int32)
    order = np.argsort(pv, kind="stable")
    post_nid = _np(post_n, np.int32)[order]
    del order
    post_off = np.zeros(nv + 1, dtype=np.int64)
    np.cumsum(np.bincount(pv, minlength=nv), out=post_off[1:])
    del pv
    post_v = post_n = array("i")  # freed (the closure above holds the names, so no del)
    # retrieval keys: sorted by hash, then word id (in place: the keys are the largest array)
    packed = _np(voc.keys, np.uint64)
    packed.sort()
    key_vid = packed.astype(np.uint32).view(np.int32)  # the low 32 bits
    packed >>= np.uint64(32)
    hashes = packed.astype(np.uint32)
    del packed
    voc.keys = array("Q")
    starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1]))) if len(hashes) else \
        np.zeros(0, dtype=np.int64)
    key_hash = hashes[starts]
    del hashes
    acr_packed = _np(acr, np.uint64)
    acr_packed.sort()
    acr_nid = acr_packed.astype(np.uint32).view(np.int32)
    acr_hashes = (acr_packed >> np.uint64(32)).astype(np.uint32)
    acr_starts = np.flatnonzero(np.concatenate(([True], acr_hashes[1:] != acr_hashes[:-1]))) if len(acr_hashes) \
        else np.zeros(0, dtype=np.int64)
    dkeys = sorted(df)
    return {
        "n": n, "listed": listed, "origin": _np(origin, np.int32),
        "groups": _np(groups, np.int64), "types": _np(types, np.uint8),
        "texts": _np(texts, np.uint8), "text_off": _np(text_off, np.int64),
        "name_off": _np(name_off, np.int64), "name_vid": _np(name_vid, np.int32),
        "comp_off": _np(comp_off, np.int64), "comp": _np(comp, np.int32),
        "rel_off": _np(rel_off, np.int64), "rel_j": _np(rel_j, np.int32),
        "rel_run": _np(rel_run, np.int32), "runs": _np(runs, np.int32),
        "v_kind": _np(voc.kinds, np.uint8), "v_flags": _np(voc.flags, np.uint16), "v_weight": weights,
        "v_str": _np(voc.strs, np.uint8), "v_str_off": _np(voc.str_off, np.uint32),
        "var_off": _np(voc.var_off, np.int64), "var_ids": _np(voc.var_ids, np.int32),
        "alt_start": _np(voc.alt_start, np.int32), "alt_off": _np(voc.alt_off, np.uint32),
        "alt_blob": _np(voc.alt_blob, np.uint8), "alt_sim": _np(voc.alt_sim, np.float64),
        "post_off": post_off, "post_nid": post_nid,
        "key_hash": key_hash, "key_off": np.append(starts, len(key_vid)).astype(np.int64), "key_vid": key_vid,
        "acr_hash": acr_hashes[acr_starts], "acr_off": np.append(acr_starts, len(acr_nid)).astype(np.int64),
        "acr_nid": acr_nid,
        "df_keys": "\x00".join(dkeys),
        "df_vals": np.array([df[k] for k in dkeys], dtype=np.int32),
    }
