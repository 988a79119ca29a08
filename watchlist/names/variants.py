"""Curated spelling-variant sets (``data/variants.yml``) and compound spellings.

Arabic compound names are written apart or joined ("Abd al-Rahman",
"Abdulrahman", "Abderrahmane"; "Safi al-Din", "Safieddine", "Safiuddin").
:func:`canonical_latin` rewrites the joined spellings to one canonical form
so that joining the separate words gives the same string:
``abd`` + ``rahman`` == canonical("abdurrahman") == "abdrahman".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["canonical_latin", "is_compound_name", "variant_ids", "variant_key"]

_ALLAH = re.compile(r"(?<=[a-z]{2})[uoae]?llah$")
_ABD_L = re.compile(r"^abd(?:ou|u|e|a|o|i)?l(?!l?ah$)(?=[a-z]{3})")
_ABD_SUN = re.compile(r"^abd(?:ou|u|e|a|o|i)([tdrzsn])\1")
_DIN = re.compile(r"(?<=[a-z]{3})(?:e|u|ou|a|o)(?:d|l)d(?:i|ee)ne?$")
_WORDS = {"abdul": "abd", "abdel": "abd", "abdal": "abd", "abdol": "abd", "abdoul": "abd",
          "abdu": "abd", "abou": "abu", "deen": "din", "dine": "din", "eddine": "din",
          "uddin": "din", "eddin": "din", "addin": "din", "aldin": "din",
          "eddeen": "din", "uddeen": "din", "addeen": "din", "aldeen": "din"}


@lru_cache(maxsize=200_000)
def canonical_latin(latin: str) -> str:
    """Rewrite compound spellings of a Latin word to one canonical form."""
    if latin in _WORDS:
        return _WORDS[latin]
    s = _ALLAH.sub("allah", latin)
    s = _ABD_SUN.sub(r"abd\1", s)
    s = _ABD_L.sub("abd", s)
    return _DIN.sub("din", s)


def is_compound_name(latin: str) -> bool:
    """True for a canonical Arabic compound: Abd-X, X-allah, X-din ("abdghafar", "nurallah", "safidin")."""
    return len(latin) >= 6 and (latin.startswith("abd") or latin.endswith(("allah", "din")))


def _load() -> tuple[dict[str, tuple[int, ...]], list[str]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "variants.yml").read_text(encoding="utf-8"))
    ids: dict[str, list[int]] = {}
    keys: list[str] = []
    for i, members in enumerate(data["sets"]):
        keys.append(str(members[0]))
        for m in members:
            for form in {str(m), canonical_latin(str(m))}:
                lst = ids.setdefault(form, [])
                if i not in lst:
                    lst.append(i)
    return {k: tuple(v) for k, v in ids.items()}, keys


_IDS, _KEYS = _load()


def variant_ids(latin: str) -> tuple[int, ...]:
    """Ids of the variant sets a Latin word (raw or canonical) belongs to."""
    return _IDS.get(latin, ())


def variant_key(set_id: int) -> str:
    """The first spelling of a variant set (its key in ``data/common.yml``)."""
    return _KEYS[set_id]
