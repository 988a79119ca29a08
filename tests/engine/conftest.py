"""Real listed names for the engine tests: the UN consolidated list (every name, alias and
original-script name) and the bundled OFAC SDN names, with perturbed and unlisted queries."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

from watchlist.index import NameIndex
from watchlist.models import EntityType as T


def un_names(raw) -> list[tuple[str, T]]:
    root = ET.parse(raw / "un-sc" / "consolidated.xml").getroot()
    out = []
    for kind, tag, alias in ((T.PERSON, "INDIVIDUALS", "INDIVIDUAL_ALIAS"), (T.ORGANIZATION, "ENTITIES", "ENTITY_ALIAS")):
        for e in root.find(tag):
            names = [" ".join((e.findtext(t) or "").strip() for t in
                              ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")).strip()]
            names += [(a.findtext("ALIAS_NAME") or "").strip() for a in e.iter(alias)]
            names.append((e.findtext("NAME_ORIGINAL_SCRIPT") or "").strip())
            out += [(n, kind) for n in names if n]
    return out


def perturbed(names: list[str], n: int, seed: int) -> list[str]:
    """Listed names with a dropped letter, a swapped order or a lost word, plus unlisted names."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = rng.choice(names).split()
        r = rng.random()
        if r < 0.3 and len(parts) > 1:
            parts = parts[1:] + parts[:1]
        elif r < 0.6:
            w = rng.randrange(len(parts))
            if len(parts[w]) > 4:
                i = rng.randrange(1, len(parts[w]) - 1)
                parts[w] = parts[w][:i] + parts[w][i + 1:]
        elif r < 0.8 and len(parts) > 2:
            del parts[rng.randrange(len(parts))]
        out.append(" ".join(parts))
    return out + ["John Smith", "Maria Garcia Lopez", "Mohammed Ali", "Global Trading LLC", "Ahmad Khan",
                  "Olga Ivanova", "Abdul Rahman Al Hassan", "J Smith", "Sergei Viktorovich Petrov", "Ali",
                  "Hezbollah", "قاسم سليماني", "Путин Владимир", "77th Regiment", "IRGC"]


@pytest.fixture(scope="session")
def un_listed(raw) -> list[tuple[str, T]]:
    return un_names(raw)


@pytest.fixture(scope="session")
def un_index(un_listed) -> NameIndex:
    return NameIndex.loads(NameIndex.build([(i, n, t) for i, (n, t) in enumerate(un_listed)]).dumps())


@pytest.fixture(scope="session")
def un_queries(un_listed) -> list[str]:
    return perturbed([n for n, _ in un_listed], 500, 3)
