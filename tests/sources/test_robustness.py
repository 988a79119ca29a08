"""Every reader: damaged input only ever raises ListFormatError; output is deterministic."""

from __future__ import annotations

import random

import pytest

from watchlist.errors import ListFormatError
from watchlist.sources import read_list

from .conftest import FIXTURES

CASES = [
    ("ofac-sdn", FIXTURES / "ofac-sdn" / "sdn.csv", "sdn.csv", {}),
    ("uk-ofsi", FIXTURES / "uk-ofsi" / "ConList_2018_cut.csv", "ConList.csv", {}),
    ("uk-ofsi", FIXTURES / "uk-ofsi" / "ConList_cut.xlsx", "ConList.xlsx", {}),
    ("un-sc", FIXTURES / "un-sc" / "consolidated_cut.xml", "consolidated.xml", {}),
    ("opensanctions", FIXTURES / "opensanctions" / "targets.simple.csv", "targets.simple.csv", {}),
    ("generic", FIXTURES / "generic" / "csl_excerpt.csv", "list.csv", {"map": "name=name,id=entity_number"}),
]


def _damage(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    op = rnd.random()
    if op < 0.3:
        return bytes(b[: rnd.randrange(len(b))])
    if op < 0.6:
        for _ in range(rnd.randint(1, 5)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    elif op < 0.8:
        p = rnd.randrange(len(b))
        b[p:p] = bytes([rnd.choice(b'",;\n\r\x00\t<>')]) * rnd.randint(1, 3)
    else:
        p = rnd.randrange(len(b))
        del b[p : p + rnd.randint(1, 200)]
    return bytes(b)


@pytest.mark.parametrize(("fmt", "src", "name", "opts"), CASES, ids=[c[2] for c in CASES])
def test_damaged_files_raise_only_list_format_error(tmp_path, fmt, src, name, opts):
    rnd = random.Random(20240503)
    data = src.read_bytes()
    path = tmp_path / name
    for _ in range(60):
        path.write_bytes(_damage(data, rnd))
        try:
            read_list([path], fmt, opts)
        except ListFormatError as exc:
            assert str(exc).startswith(name) or str(exc).startswith(str(path))


@pytest.mark.parametrize(("fmt", "src", "name", "opts"), CASES, ids=[c[2] for c in CASES])
def test_deterministic(fmt, src, name, opts):
    assert read_list([src], fmt, opts) == read_list([src], fmt, opts)
