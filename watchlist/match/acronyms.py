"""Acronyms inside a listed name: "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) AEROSPACE FORCE".

Publishers write an organisation's acronym beside its full name. The two say
the same thing once, so a query that gives either one has given the name:

* the acronym is met by the query -> the words it abbreviates are *covered*
  (not counted as missing): "IRGC AEROSPACE FORCE", "RIAR", "VTB";
* the acronym is not met -> it is covered itself: "INSTITUTE OF APPLIED
  PHYSICS" does not miss "IAP".

An acronym is a word of 2-8 ASCII letters that spells the initials of a run
of other words of the same name; articles, particles, connectors and legal
forms inside the run may be skipped or may give their letter ("KHATAM AL
ANBIYA" = "KAA", "INSTITUTE OF APPLIED PHYSICS" = "IAP"). This is computed
from the listed name alone, once per name (cached), never from the query.

A word repeated in a listed organisation's name is said once the same way
(:func:`acronyms` returns it as a relation to its first occurrence).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from ..names.tokens import LOW_KINDS, Token, is_organisation

__all__ = ["acronym_forms", "acronym_run", "acronyms", "covered"]

_MAX_NAME = 24  # longer names are not searched (cost), none of the publishers' acronyms is that far


def _spell(acr: str, initials: str, low: tuple[bool, ...], i: int, k: int, skip: int) -> int:
    """End of a run from word ``i`` spelling ``acr[k:]`` (low words optional), or -1."""
    if k == len(acr):
        return i
    if i >= len(initials) or i == skip:
        return -1
    if initials[i] == acr[k]:
        end = _spell(acr, initials, low, i + 1, k + 1, skip)
        if end >= 0:
            return end
    if low[i] and k > 0:
        return _spell(acr, initials, low, i + 1, k, skip)
    return -1


@lru_cache(maxsize=100_000)
def _relations(texts: tuple[str, ...], initials: str, low: tuple[bool, ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    out = []
    for j, w in enumerate(texts):
        if low[j] or not 2 <= len(w) <= 8 or not (w.isascii() and w.isalpha()):
            continue
        if initials.count(w[0]) <= (initials[j] == w[0]) or w[1] not in initials:
            continue  # no other word starts with its first letter, or none with its second: it spells no run
        for start in range(len(texts)):
            if start == j or low[start] or initials[start] != w[0]:
                continue
            end = _spell(w, initials, low, start, 0, j)
            if end > start and sum(1 for x in range(start, end) if not low[x]) >= 2:
                out.append((j, tuple(x for x in range(start, end) if not low[x])))
                break
    return tuple(out)


def acronym_run(word: str, tokens: Sequence[Token], least: int = 2, taken: AbstractSet[int] = frozenset()) -> tuple[int, ...]:
    """Positions of the non-low words of the first run of ``tokens`` whose initials ``word`` spells, or ().

    ``word``: 2-8 ASCII letters (an acronym, normalized). Low words (articles, connectors, legal forms)
    inside the run may be skipped or may give their letter, as in :func:`acronyms`; the run holds at
    least ``least`` other words, none of them in ``taken``.
    """
    if not 2 <= len(word) <= 8 or not (word.isascii() and word.isalpha()):
        return ()
    initials = "".join(t.latin[:1] or "?" for t in tokens)
    low = tuple(t.kind in LOW_KINDS for t in tokens)
    for start in range(len(tokens)):
        if low[start] or initials[start] != word[0]:
            continue
        end = _spell(word, initials, low, start, 0, -1)
        run = tuple(x for x in range(start, end) if not low[x]) if end > start else ()
        if len(run) >= least and taken.isdisjoint(run):
            return run
    return ()


def acronym_forms(tokens: Sequence[Token], least: int = 3, longest: int = 8) -> frozenset[str]:
    """Every acronym a query may write for a run of an organisation's name, as :func:`acronym_run` reads it.

    The initials of ``least`` or more consecutive name words, each low word between them skipped or
    giving its letter, of ``least`` to ``longest`` letters: the index retrieves an organisation's name
    by them ("DSRC JSC" finds "THE DALZAVOD SHIP REPAIR CENTRE JSC"). Empty for a person's name.
    """
    if len(tokens) < least or not is_organisation(tuple(tokens)):
        return frozenset()
    initials = [t.latin[:1] or "?" for t in tokens]
    low = [t.kind in LOW_KINDS for t in tokens]
    out: set[str] = set()

    def walk(j: int, acr: str, named: int) -> None:
        if named >= least:
            out.add(acr)
        if j >= len(tokens) or len(acr) >= longest:
            return
        if low[j]:
            walk(j + 1, acr, named)
            walk(j + 1, acr + initials[j], named)
        else:
            walk(j + 1, acr + initials[j], named + 1)

    for start in range(len(tokens)):
        if not low[start]:
            walk(start + 1, initials[start], 1)
    return frozenset(out)


def acronyms(c: Sequence[Token]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(position of the acronym, positions of the non-low words it abbreviates), for each acronym;
    also (position of a repeated word, (position of its first occurrence,)).

    A word written twice in an organisation's name ("PJSC SBERBANK (PUBLIC JOINT-STOCK COMPANY
    SBERBANK)", "KAZAN STATE STATE POWDER PLANT") is said once, like an acronym and its words: the
    query need not give it twice. A person's repeated name is not: it names another ancestor
    (MOHAMED OMAR MOHAMED). An index stores these relations per name (the engine's covered()).
    """
    if len(c) < 3 or len(c) > _MAX_NAME:
        return ()
    texts = tuple([t.text for t in c])  # (list comprehensions: faster than generators here, once per query)
    initials = "".join([t.latin[:1] or "?" for t in c])
    low = tuple([t.kind in LOW_KINDS for t in c])
    if len(set(texts)) == len(texts) or not is_organisation(tuple(c)):
        return _relations(texts, initials, low)  # no word repeated; a person's repeated name is another ancestor
    return _relations(texts, initials, low) + _repeats(texts, low)


@lru_cache(maxsize=100_000)
def _repeats(texts: tuple[str, ...], low: tuple[bool, ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    first: dict[str, int] = {}
    out = []
    for j, w in enumerate(texts):
        if low[j]:
            continue
        if w in first:
            out.append((j, (first[w],)))
        else:
            first[w] = j
    return tuple(out)


def covered(c: Sequence[Token], used_c: set[int], strong_c: set[int]) -> set[int]:
    """Listed positions that cost nothing when unmatched.

    ``used_c``: listed positions met by the query; ``strong_c``: those met
    closely (similarity >= 0.95). Only a closely met acronym covers its words.
    """
    out: set[int] = set()
    for j, run in acronyms(c):
        if j in strong_c:
            out.update(x for x in run if x not in used_c)
        elif j not in used_c:
            out.add(j)
    return out
