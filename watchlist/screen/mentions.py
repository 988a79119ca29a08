"""Find the spans of a document that may name a person or an organization.

Two finders that do not depend on a language model, combined:

1. **Capitalized runs.** Words starting with a capital letter (or in a
   script without case, such as Arabic), joined by spaces, hyphens or one
   line break, with name particles inside ("Abu Mahdi al-Muhandis", "Mohammed
   bin Zayed") and lowercase connectors before a capital ("Ministry of
   Intelligence"). A run is split at titles and roles ("Crown Prince Sheikh
   Mohammed bin Zayed" -> "Mohammed bin Zayed") and at sentence-initial
   function words ("The", "After"); a leading nationality or office word
   ("Iranian Quds Force", "Foreign Minister") is stripped, and the unstripped
   span is kept as an alternative, so the modifier never hides the name.
2. **List scan.** ``scan(words) -> [bool]`` (``NameIndex.scan_tokens``) marks
   the words that occur in some listed name; runs of marked words form
   candidates too, so listed names are found where capitalization says
   nothing (ALL-CAPS headlines, Arabic script).

Candidates keep exact character offsets: ``text[m.start:m.end] == m.text``.
The word lists live in ``watchlist/names/data`` (``article_words.yml``,
``titles_roles.yml``, ``nationalities.yml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from watchlist.names.resources import load_yaml

__all__ = ["Word", "Mention", "words", "find_mentions", "mention_kind", "Scan", "vocab"]

Scan = Callable[[Sequence[str]], list[bool]]

_DATA = Path(__file__).resolve().parents[1] / "names" / "data"
_MARKS = "\u0300-\u036f\u064b-\u065f\u0670\u0640\u06d6-\u06ed"
_WORD = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    rf"|[^\W_](?:[^\W_]|[{_MARKS}]|['’ʼ‘](?=[^\W_]))*"
)
_APOSTROPHE = "'’ʼ"  # possessive 's: one of these, then s (any case)
_S = "sSſ"
_NAME_GAP = re.compile(r"[ \t\u00a0\u202f]*(?:\r?\n[ \t\u00a0]*)?|-|‐|‑")
_INITIAL_GAP = re.compile(r"\.[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?")


@lru_cache(maxsize=None)
def vocab() -> dict[str, frozenset[str]]:
    """The word lists, lowercase: titles, roles, offices, nationalities, places, function, particles..."""
    out: dict[str, frozenset[str]] = {}
    for name in ("article_words.yml", "titles_roles.yml", "nationalities.yml"):
        for key, items in load_yaml(_DATA / name).items():
            out[key] = frozenset(str(w).lower() for w in items)
    out["splitters"] = out["titles"] | out["roles"]
    out["modifiers"] = out["nationalities"] | out["offices"]
    out["lead"] = out["modifiers"] | out["function"]  # stripped in front of a caps run's name
    out["drop"] = out["splitters"] | out["lead"]  # stripped at either end of a scan window, and of NER spans
    return out


class Word(NamedTuple):
    """One word of the document: offsets, text, lowercase key and case facts (a tuple: built fast)."""

    start: int
    end: int
    text: str
    key: str  # lowercase, dots removed
    cap: bool  # starts with a capital (outside an ALL-CAPS line) or has no case (Arabic...)
    caps_line: bool  # in an ALL-CAPS line (headline)


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate span: ``text == document[start:end]``."""

    start: int
    end: int
    text: str
    source: str  # "caps", "scan" or "ner"
    kind: str = ""  # "person", "organization", "place" or "" (a hint, never a gate)
    stripped: str = ""  # the title/role/modifier words stripped in front of it


def _caps_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        ws = [w for w in re.findall(r"[^\W\d_]{2,}", line) if w.lower() != w.upper()]
        if len(ws) >= 3 and sum(w.isupper() for w in ws) >= 0.8 * len(ws):
            spans.append((m.start(), m.end()))
    return spans


def words(text: str) -> list[Word]:
    """The document's words in order (possessive 's cut off)."""
    caps = _caps_lines(text)
    ci, nc = 0, len(caps)
    out: list[Word] = []
    append, new = out.append, tuple.__new__  # Word(...) without the keyword handling
    for m in _WORD.finditer(text):
        s, e = m.span()
        t = m.group()
        if len(t) > 3 and t[-1] in _S and t[-2] in _APOSTROPHE:  # possessive 's
            e -= 2
            t = t[:-2]
        while ci < nc and caps[ci][1] <= s:
            ci += 1
        in_caps = ci < nc and caps[ci][0] <= s
        first = t[0]
        cap = (first.isupper() or first.lower() == first.upper()) and not first.isdigit()
        append(new(Word, (s, e, t, t.replace(".", "").lower(), cap and not in_caps, in_caps)))
    return out


def _joined(text: str, a: Word, b: Word) -> bool:
    gap = text[a.end:b.start]
    if _NAME_GAP.fullmatch(gap):
        return True
    return len(a.text) == 1 and a.text.isupper() and bool(_INITIAL_GAP.fullmatch(gap))


def _runs(text: str, ws: list[Word]) -> list[list[Word]]:
    """Maximal runs of capitalized words with particles and connectors inside."""
    v = vocab()
    runs: list[list[Word]] = []
    cur: list[Word] = []
    pending: list[Word] = []  # particles/connectors waiting for a capitalized word
    prev: Word | None = None

    def close() -> None:
        nonlocal cur, pending
        if cur:
            runs.append(cur)
        cur, pending = [], []

    for w in ws:
        joined = prev is not None and _joined(text, prev, w)
        if not joined:
            close()
        hyphen_next = text[w.end:w.end + 1] in "-‐‑" and w.end < len(text)
        if w.cap and not w.caps_line and not w.key.isdigit():
            if pending and not cur and pending[0].key not in v["particles"]:
                pending = []
            cur.extend(pending)
            cur.append(w)
            pending = []
        elif not w.caps_line and (w.key in v["particles"] or (hyphen_next and w.key in v["hyphen_particles"])):
            pending.append(w)
        elif cur and not w.caps_line and w.key in v["connectors"]:
            pending.append(w)
        else:
            close()
        prev = w
    close()
    return runs


def _trim(run: list[Word], drop: frozenset[str], v) -> list[Word]:
    """Drop leading words in ``drop``, and particles/connectors left at either end."""
    i, j = 0, len(run)
    while i < j and (run[i].key in drop or (not run[i].cap and run[i].key not in v["particles"])):
        i += 1
    while j > i and (not run[j - 1].cap or run[j - 1].key in v["function"]):
        j -= 1
    return run[i:j]


def _pieces(run: list[Word]) -> list[tuple[list[Word], list[Word]]]:
    """Split a run at function words, titles and roles -> [(piece, words stripped before it)]."""
    v = vocab()
    out: list[tuple[list[Word], list[Word]]] = []
    cur: list[Word] = []
    before: list[Word] = []
    for w in run:
        if w.cap and (w.key in v["function"] or w.key in v["splitters"]):
            if cur:
                out.append((cur, before))
                before = []
            cur = []
            before.append(w)
        else:
            cur.append(w)
    if cur:
        out.append((cur, before))
    return out


def _span(text: str, ws: list[Word], source: str, stripped: list[Word]) -> Mention:
    s, e = ws[0].start, ws[-1].end
    return Mention(s, e, text[s:e], source, mention_kind(ws, stripped), " ".join(w.text for w in stripped))


def mention_kind(ws: Sequence[Word], stripped: Sequence[Word] = ()) -> str:
    """A type hint from the words alone: "place", "organization", "person" or ""."""
    v = vocab()
    keys = [w.key for w in ws]
    joined = " ".join(keys)
    if joined in v["places"] or joined in v["nationalities"]:
        return "place"
    if any(k in v["org_words"] for k in keys):
        return "organization"
    if any(w.key in v["titles"] or w.key in v["roles"] for w in stripped) and len(ws) <= 5:
        return "person"
    if any(k in ("al", "el", "bin", "ibn", "bint", "abu", "umm") for k in keys) and len(ws) <= 6:
        return "person"
    return ""


def _name_words(ws: Sequence[Word]) -> int:
    v = vocab()
    return sum(1 for w in ws if w.key not in v["particles"] and w.key not in v["connectors"])


def _from_runs(text: str, ws: list[Word]) -> list[Mention]:
    v = vocab()
    out = []
    for run in _runs(text, ws):
        for piece, before in _pieces(run):
            piece = _trim(piece, frozenset(), v)
            if not piece:
                continue
            core = _trim(piece, v["lead"], v)
            if core and _name_words(core):
                out.append(_span(text, core, "caps", before + piece[:piece.index(core[0])]))
            if core != piece and _name_words(piece) and any(w.key not in v["modifiers"] for w in piece):
                out.append(_span(text, piece, "caps", before))
    return out


def _from_scan(text: str, ws: list[Word], scan: Scan) -> list[Mention]:
    v = vocab()
    flags = [f and (w.cap or w.caps_line) for f, w in zip(scan([w.text for w in ws]), ws)]
    out = []
    i = 0
    while i < len(ws):
        if not flags[i]:
            i += 1
            continue
        j = i + 1
        while j < len(ws) and _joined(text, ws[j - 1], ws[j]) and (
                flags[j] or (ws[j].key in v["particles"] and j + 1 < len(ws) and flags[j + 1])):
            j += 1
        window = ws[i:j]
        i = j
        if not any(w.cap or w.caps_line for w in window):
            continue
        drop = v["drop"]
        a, b = 0, len(window)
        while a < b and window[a].key in drop:
            a += 1
        while b > a and (window[b - 1].key in drop or window[b - 1].key in v["particles"]):
            b -= 1
        core = window[a:b]
        if core and _name_words(core):
            out.append(_span(text, core, "scan", window[:a]))
    return out


def find_mentions(text: str, scan: Scan | None = None, *, ws: list[Word] | None = None) -> list[Mention]:
    """Candidate mentions of the text, by start offset, without duplicate spans."""
    ws = words(text) if ws is None else ws
    found = _from_runs(text, ws)
    if scan is not None and ws:
        found += _from_scan(text, ws, scan)
    seen: dict[tuple[int, int], Mention] = {}
    for m in found:
        seen.setdefault((m.start, m.end), m)
    return sorted(seen.values(), key=lambda m: (m.start, m.end))
