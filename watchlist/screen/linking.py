"""Link short forms of a name to the full name given elsewhere in the same document.

News text names a person in full once ("Abu Mahdi al-Muhandis") and then by a
short form ("al-Muhandis", "Muhandis"); "Abadi" is "Haider al-Abadi". A short
form links to a full form when its name words (particles such as al-, bin
left out) are a proper subset of the full form's and it ends with the same
word, or is its first two words or more. The nearest full form before it
wins; a short form with no full form before it links to the first one after
it (a headline that says "Soleimani" before the body names him). A repeat
of a mention joins the first one.

Whether a link may be made is the caller's decision (``allowed``): article
screening does not link a short form that is itself a listed name, so
"Hezbollah" is not taken for "Kata'ib Hezbollah".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from watchlist.names.normalize import normalize
from watchlist.screen.mentions import vocab

__all__ = ["name_words", "is_short_form", "link"]


@lru_cache(maxsize=100_000)
def name_words(text: str) -> tuple[str, ...]:
    """The normalized words of a mention, name particles left out."""
    v = vocab()
    return tuple(w for w in normalize(text).split() if w not in v["particles"] and w not in v["hyphen_particles"])


def is_short_form(short: Sequence[str], full: Sequence[str]) -> bool:
    """Is ``short`` (name words) a short form of ``full``?"""
    if not short or len(short) >= len(full) or not set(short) < set(full):
        return False
    if short[-1] == full[-1]:
        return True
    return len(short) >= 2 and tuple(full[:len(short)]) == tuple(short)


def link(texts: Sequence[str], allowed: Callable[[int, int], bool] | None = None) -> list[int]:
    """For each mention (in document order), the index of the full form it links to (itself if none)."""
    keys = [name_words(t) for t in texts]
    out = list(range(len(texts)))
    first: dict[tuple[str, ...], int] = {}
    by_last: dict[str, list[int]] = {}  # a short form ends with the full form's last word
    by_first: dict[str, list[int]] = {}  # or is its first words
    for j, k in enumerate(keys):
        if k:
            by_last.setdefault(k[-1], []).append(j)
            by_first.setdefault(k[0], []).append(j)
    for i, k in enumerate(keys):
        if not k:
            continue
        same = first.setdefault(k, i)
        if same != i:  # a repeat: same group as the first mention
            out[i] = same
            continue
        pool = set(by_last[k[-1]])
        if len(k) >= 2:
            pool.update(by_first[k[0]])
        fulls = [j for j in pool if is_short_form(k, keys[j])]
        if not fulls:
            continue
        before = sorted((j for j in fulls if j < i), reverse=True)
        after = sorted(j for j in fulls if j > i)
        for j in before + after:
            if allowed is None or allowed(i, j):
                out[i] = j
                break
    # follow chains ("Muhandis" -> "al-Muhandis" -> "Abu Mahdi al-Muhandis") to their root
    for i in range(len(out)):
        seen = {i}
        while out[out[i]] != out[i] and out[out[i]] not in seen:
            seen.add(out[i])
            out[i] = out[out[i]]
    return out
