"""A listed name's parentheses read as other names of the same party (indexed beside the name).

Publishers write in parentheses another name of the party they list: its acronym or short name
("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", "JSC STATE SCIENTIFIC CENTRE RESEARCH INSTITUTE OF
ATOMIC REACTORS (JSC SSC RIAR)", "... (GU/GRU) ('SANDWORM')"), its full name ("ESNICO (EQUIPMENT
SUPPLIER FOR NUCLEAR INDUSTRIES CORPORATION)"), a translation or the original script ("ARMY OF GOD
(GOD'S ARMY)", "حسن غول (Hassan Ghul; Hassan Gul)"). An analyst reads such a name as several: a query
that gives one of them has given the party's name. The index therefore holds, beside the listed
name, :func:`alternates`:

* the name without its parentheses ("COMPAGNIE AERIENNE DES GRANDS LACS");
* each name a parenthetical holds (split at ";" and ","; a "label:" before them is dropped), when it
  is one. It is not one when it

  - holds a note word (``data/parentheses.yml`` notes: "(birth name)", "(Oman passport no. ...)",
    "(BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC)");
  - says only where or what kind: all its name words are places or nationalities
    (``data/nationalities.yml``), qualifiers (``data/parentheses.yml``: OFF SHORE, FREE ZONE) or
    organisation nouns ("(KENYA)", "(UNION OF THE COMOROS)", "(HOLDING)"), or legal forms only
    ("(PJSC)", "(PTY)");
  - stands inside the name (words after it) and is not the acronym of the words before it: a place
    or legal form in the middle of a company's name ("LIMMT (DALIAN) METALLURGY", "TET KHAM (S) PTE.
    LTD.") but "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) AEROSPACE FORCE";
  - is a single word of a person's name: another spelling of one part ("KANAAN, Maustaf Fawzi
    (Faouzi)", "Lom-ali Butayev (Butaev)"), not the person's name;
  - is a single word of fewer than 3 letters ("(HM)", "(SL)").

Read from the name as the publisher wrote it (before normalization, which drops the parentheses).
The report still names the listed name: the index maps each alternate to the name it came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..match.acronyms import acronym_run
from ..names.normalize import normalize
from ..names.resources import load_yaml
from ..names.tokens import LOW_KINDS, analyze, is_org_word

__all__ = ["alternates"]

_DATA = load_yaml("parentheses.yml")
_NOTES = frozenset(str(w) for w in _DATA["notes"])
_QUALIFIERS = frozenset(str(w) for w in _DATA["qualifiers"])
_GEO = load_yaml("nationalities.yml")
_PLACES = frozenset(normalize(str(w)) for w in (*_GEO["places"], *_GEO["nationalities"]))
_PLACE_WORDS = frozenset(w for p in _PLACES for w in p.split())
_SPLIT = re.compile(r"[;,]")


def _split(raw: str) -> tuple[str, list[tuple[str, bool, int]]] | None:
    """(the text outside parentheses, [(inside text, at the end, words outside before it)]); None if unbalanced.

    Only top-level parentheses are read; nested ones stay in the inside text.
    """
    depth = 0
    outer: list[str] = []
    inner: list[str] = []
    found: list[tuple[str, int]] = []
    start = 0
    for ch in raw:
        if ch == "(":
            if depth == 0:
                inner = []
                start = len("".join(outer).split())
            else:
                inner.append(ch)
            depth += 1
        elif ch == ")":
            if depth == 0:
                return None
            depth -= 1
            if depth == 0:
                found.append(("".join(inner), start))
                outer.append(" ")
            else:
                inner.append(ch)
        elif depth:
            inner.append(ch)
        else:
            outer.append(ch)
    if depth:
        return None
    text = "".join(outer)
    n = len(text.split())
    return text, [(body, at >= n, at) for body, at in found]


def _is_name(piece: str, person: bool) -> bool:
    """Does a parenthetical piece name the party (see the module docstring)?"""
    toks = analyze(piece)
    named = [t for t in toks if t.kind not in LOW_KINDS]
    words = [t for t in toks if t.kind == "name" and len(t.latin) >= 2]
    if not words:
        return False  # legal forms, titles, initials, numbers only
    if len(named) == 1 and (person or len(named[0].text) < 3):
        return False
    if normalize(piece) in _PLACES:
        return False
    return not all(t.text in _PLACE_WORDS or t.text in _QUALIFIERS or is_org_word(t.latin) for t in words)


@lru_cache(maxsize=10_000)
def alternates(raw: str, person: bool = False) -> tuple[str, ...]:
    """Other names of the party a listed name writes in parentheses, and the name without them.

    ``person``: the listed party is a person. Names equal to ``raw`` after normalization are left out.
    """
    if "(" not in raw:
        return ()
    split = _split(raw)
    if split is None or not split[1]:
        return ()
    outer, inners = split
    out = [" ".join(outer.split())]
    before_words = outer.split()
    for body, at_end, at in inners:
        nested = _split(body)
        if nested is None:
            continue
        text = nested[0].rsplit(":", 1)[-1]  # "original script: Амир Хазмат": the label is no name
        if _NOTES.intersection(normalize(text).split()):
            continue
        for piece in _SPLIT.split(text):
            piece = piece.strip()
            if not piece:
                continue
            if not at_end:  # inside the name: only the acronym of the words before it
                words = normalize(piece).split()
                if len(words) != 1 or not acronym_run(words[0], analyze(" ".join(before_words[:at]))):
                    continue
            if _is_name(piece, person):
                out.append(piece)
    norm = normalize(raw)
    seen = {norm}
    result = []
    for name in out:
        key = normalize(name)
        if key and key not in seen and analyze(name):
            seen.add(key)
            result.append(name)
    return tuple(result)
