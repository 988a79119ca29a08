"""Name words with the features the matcher compares: :class:`Token`.

``analyze(name)`` normalizes a name, splits it into words and describes each
word once (cached): its Latin form, consonant skeleton(s), the core without
an Arabic article, the variant sets it belongs to and its *kind*:

* ``name``: an ordinary name part;
* ``title``, ``particle``, ``legal``, ``stop``: low-weight words from
  ``data/stopwords.yml`` (Sheikh; al, bin; LLC, OOO; and, of);
* ``patronymic``: a Slavic father's name (Viktorovich, Aliaksandrauna), weighs little;
* ``number``: digits (must agree between query and listed name);
* ``initial``: a single Latin letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .normalize import normalize
from .translit import abjad_skeletons, is_abjad, latin_skeleton, latinize, strip_article
from .variants import canonical_latin, variant_ids

__all__ = ["Token", "features", "join", "analyze", "KINDS", "LOW_KINDS"]

KINDS = ("name", "patronymic", "title", "particle", "legal", "stop", "number", "initial")
LOW_KINDS = frozenset({"title", "particle", "legal", "stop"})

_STOP = yaml.safe_load((Path(__file__).parent / "data" / "stopwords.yml").read_text(encoding="utf-8"))
_KIND_OF: dict[str, str] = {}
for _kind in ("stop", "legal", "title", "particle"):  # later kinds win
    for _w in _STOP[_kind]:
        _KIND_OF[normalize(str(_w)).replace(" ", "")] = _kind
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ul)(?=[a-z]{3})")
_PATRONYMIC = re.compile(r"(?:vich|vych|vic|vna|ichna|auna|ovych|ievich|yevna)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One normalized word and its comparison features."""

    text: str  # normalized, original script
    latin: str  # ASCII form, compound spellings canonicalized
    skel: str  # consonant skeleton (strict for abjad words)
    loose: str  # abjad: skeleton without inner w/y; else == skel
    core: str  # latin without a leading article (alkabi -> kabi), else ""
    core_skel: str  # skeleton of the core, else ""
    kind: str
    abjad: bool
    variants: tuple[int, ...]


@lru_cache(maxsize=300_000)
def features(word: str, kind: str = "") -> Token:
    """Describe one normalized word (``kind`` forces the kind, for compounds)."""
    raw = latinize(word)
    latin = canonical_latin(raw)
    abjad = is_abjad(word)
    if abjad:
        skel, loose = abjad_skeletons(word)
        core_text = strip_article(word)
        core = latinize(core_text) if core_text else ""
        core_skel = abjad_skeletons(core_text)[1] if core_text else ""
    else:
        skel = latin_skeleton(latin)
        loose = skel[:1] + skel[1:].replace("y", "")
        m = _LATIN_ARTICLE.match(latin)
        core = latin[m.end():] if m and len(latin) >= 5 else ""
        core_skel = latin_skeleton(core) if core else ""
    if not kind:
        kind = _KIND_OF.get(word) or _KIND_OF.get(raw) or ""
        if not kind:
            if word.isdigit():
                kind = "number"
            elif len(word) == 1 and word.isascii():
                kind = "initial"
            elif len(raw) >= 7 and _PATRONYMIC.search(raw):
                kind = "patronymic"
            else:
                kind = "name"
    nisba = raw[:-1] if len(raw) >= 5 and raw.endswith("i") else ""  # saeedi -> saeed
    var = tuple(sorted({*variant_ids(raw), *variant_ids(latin), *variant_ids(core), *variant_ids(nisba)}))
    return Token(word, latin, skel, loose, core, core_skel, kind, abjad, var)


def join(a: Token, b: Token) -> Token:
    """The compound of two adjacent words: "safi" + "din" -> "safidin"."""
    right = strip_article(b.text) or b.text if b.abjad else b.text
    if b.abjad or a.abjad:
        return features(a.text + right, "name")
    return features(latinize(a.text) + latinize(right), "name")


@lru_cache(maxsize=100_000)
def analyze(name: str) -> tuple[Token, ...]:
    """Normalize a name and describe its words, in order.

    Consecutive single letters that spell a legal form are joined ("s a" ->
    "sa"), so "S.A." is a legal form, not two initials.
    """
    words = normalize(name).split()
    out: list[Token] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and len(words[i]) == 1 and len(words[i + 1]) == 1:
            j = i
            while j < len(words) and len(words[j]) == 1:
                j += 1
            glued = "".join(words[i:j])
            if _KIND_OF.get(glued) == "legal":
                out.append(features(glued))
                i = j
                continue
        out.append(features(words[i]))
        i += 1
    return tuple(out)
