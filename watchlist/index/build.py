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
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

import numpy as np

from .. import _engine
from ..engine import weight_basis, word_features
from ..match.acronyms import acronyms
from ..match.features import compound_pairs
from ..match.score import weight_key
from ..models import EntityType
from ..names.normalize import normalize
from ..names.tokens import LOW_KINDS, Token, analyze, join

__all__ = ["build_state", "idf_weight", "reference_weight", "TYPES"]

TYPES = list(EntityType)


def reference_weight(n: int) -> float:
    """The IDF that counts as weight 1: a word held by 0.05 % of the names (at least 2)."""
    n = max(1, n)
    return math.log(n / max(2.0, n * 0.0005)) or 1.0


def idf_weight(t: Token, df: dict[str, int], n: int, ref: float) -> float:
    """A word's weight in an index: the lower of the shipped table and its rarity among the names."""
    w, key = weight_basis(t)
    if key is not None:
        d = df.get(key, 0)
        if d:
            w = min(w, max(0.1, min(1.0, math.log(max(1, n) / d) / ref)))
    return w


def _csr(lists: Sequence[Sequence[int]], dtype) -> tuple[np.ndarray, np.ndarray]:
    off = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=off[1:])
    flat = np.fromiter((v for x in lists for v in x), dtype=dtype, count=int(off[-1]))
    return off, flat


def _blob(parts: Sequence[bytes], dtype=np.int64) -> tuple[bytes, np.ndarray]:
    off = np.zeros(len(parts) + 1, dtype=dtype)
    np.cumsum([len(p) for p in parts], out=off[1:])
    return b"".join(parts), off


def build_state(entries: Sequence[tuple[int, str, EntityType]]) -> dict:
    """The arrays of an index of ``entries[i] = (group, name, entity type)``; ``i`` is the name id."""
    vocab: dict[Token, int] = {}
    postings: list[array] = []  # compact int arrays: a 1M-name list stays well under a GB
    last: list[int] = []  # last name id appended to each posting
    name_vid, name_off = array("i"), array("q", [0])
    comp, comp_off = array("i"), array("q", [0])  # (vocabulary id, i, j) triples
    rel_j, rel_run, runs, rel_off = array("i"), array("i", [0]), array("i"), array("q", [0])
    texts: list[bytes] = []
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
        texts.append(normalize(name).encode())
        toks = analyze(name)
        for t in toks:
            name_vid.append(vid(t, nid))
        name_off.append(len(name_vid))
        for key in sorted({weight_key(t) for t in toks if t.kind not in LOW_KINDS}):
            df[key] = df.get(key, 0) + 1
        for i, j in compound_pairs(toks):
            comp.extend((vid(join(toks[i], toks[j]), nid), i, j))
        comp_off.append(len(comp) // 3)
        for j, run in acronyms(toks):
            rel_j.append(j)
            runs.extend(run)
            rel_run.append(len(runs))
        rel_off.append(len(rel_j))

    n = len(entries)
    ref = reference_weight(n)
    words = list(vocab)  # insertion order == vocabulary id
    vocab.clear()
    nv = len(words)
    kinds = np.zeros(nv, dtype=np.uint8)
    flags = np.zeros(nv, dtype=np.uint8)
    weights = np.zeros(nv, dtype=np.float64)
    strs: list[bytes] = []
    variants: list[tuple[int, ...]] = []
    alt_start = array("i", [0])
    alt_strs: list[bytes] = []
    alt_sim = array("d")
    key_hashes = array("I")
    key_counts = array("q")
    for v, t in enumerate(words):
        f = word_features(t)
        strs.extend(s.encode() for s in f[:8])
        kinds[v], flags[v] = f[8], f[9]
        variants.append(f[10])
        for sk, s in f[11]:
            alt_strs.append(sk.encode())
            alt_sim.append(s)
        alt_start.append(len(alt_sim))
        weights[v] = idf_weight(t, df, n, ref)
        h = _engine.word_keys(_engine.Word(*f))
        key_hashes.extend(h)
        key_counts.append(len(h))
    del words
    v_str, v_str_off = _blob(strs, np.uint32)
    del strs
    var_off, var_ids = _csr(variants, np.int32)
    alt_blob, alt_off = _blob(alt_strs, np.uint32)
    allh = np.frombuffer(key_hashes, dtype=np.uint32).copy() if key_hashes else np.zeros(0, dtype=np.uint32)
    allv = np.repeat(np.arange(nv, dtype=np.int32), np.frombuffer(key_counts, dtype=np.int64)) \
        if key_counts else np.zeros(0, dtype=np.int32)
    order = np.argsort(allh, kind="stable")  # by hash, then vocabulary id
    allh, allv = allh[order], allv[order]
    uniq, first = np.unique(allh, return_index=True)
    post_off = np.zeros(nv + 1, dtype=np.int64)
    np.cumsum([len(p) for p in postings], out=post_off[1:])
    post_nid = np.frombuffer(b"".join(p.tobytes() for p in postings), dtype=np.int32).copy() \
        if postings else np.zeros(0, dtype=np.int32)
    postings.clear()
    text_blob, text_off = _blob(texts)
    dkeys = sorted(df)
    return {
        "n": n,
        "groups": np.fromiter((int(g) for g, _, _ in entries), dtype=np.int64, count=n),
        "types": np.fromiter((TYPES.index(EntityType(t)) for _, _, t in entries), dtype=np.uint8, count=n),
        "texts": text_blob, "text_off": text_off,
        "name_off": np.frombuffer(name_off, dtype=np.int64).copy(),
        "name_vid": np.frombuffer(name_vid, dtype=np.int32).copy(),
        "comp_off": np.frombuffer(comp_off, dtype=np.int64).copy(),
        "comp": np.frombuffer(comp, dtype=np.int32).copy(),
        "rel_off": np.frombuffer(rel_off, dtype=np.int64).copy(),
        "rel_j": np.frombuffer(rel_j, dtype=np.int32).copy(),
        "rel_run": np.frombuffer(rel_run, dtype=np.int32).copy(),
        "runs": np.frombuffer(runs, dtype=np.int32).copy(),
        "v_kind": kinds, "v_flags": flags, "v_weight": weights,
        "v_str": v_str, "v_str_off": v_str_off,
        "var_off": var_off, "var_ids": var_ids,
        "alt_start": np.frombuffer(alt_start, dtype=np.int32).copy(), "alt_off": alt_off, "alt_blob": alt_blob,
        "alt_sim": np.frombuffer(alt_sim, dtype=np.float64).copy(),
        "post_off": post_off, "post_nid": post_nid,
        "key_hash": uniq,
        "key_off": np.append(first, len(allh)).astype(np.int64),
        "key_vid": allv,
        "df_keys": "\x00".join(dkeys),
        "df_vals": np.array([df[k] for k in dkeys], dtype=np.int32),
    }
