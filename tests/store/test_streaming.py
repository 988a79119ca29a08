"""Imports stream: entities are read once, staged outside the store, and copied in one short transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from watchlist.errors import ListFormatError
from watchlist.index import NameIndex
from watchlist.models import EntityType, SourceFile
from watchlist.sources import read_list
from watchlist.sources._common import EntityStream
from watchlist.store import Store, core

CSL = Path(__file__).parents[1] / "fixtures" / "lists" / "generic" / "csl_excerpt.csv"
CSL_MAP = {"map": "name=name,id=entity_number,type=type,aliases=alt_names,programs=programs,"
                  "birth_date=dates_of_birth,nationality=nationalities,remarks=remarks,source=source"}


def _big_csv(path, rows: int) -> None:
    """A generic list where a tenth of the ids come back later (merged rows), over several staging chunks."""
    lines = ["id,name,type,aka"]
    for i in range(rows):
        gid = f"D{i // 10}" if i % 10 == 9 else f"E{i}"
        lines.append(f"{gid},Name{i} Surname{i % 97},{'individual' if i % 3 else 'entity'},Alias{i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _attached(store: Store) -> list[str]:
    return [r[1] for r in store.con.execute("PRAGMA database_list")]


def test_generic_import_streams_each_entity_once_and_stores_what_a_list_would(store_path, tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    _big_csv(path, 12_345)
    parsed = read_list([path], "generic", {"map": "id=id,name=name,type=type,aliases=aka"})
    assert isinstance(parsed.entities, EntityStream)
    passes = []
    make = parsed.entities._make
    monkeypatch.setattr(parsed.entities, "_make", lambda: (passes.append(1), make())[1])
    store = Store(store_path)
    v = store.import_parsed("big", parsed).version
    assert passes == [1]  # the store iterates the entities once and holds none of them
    entities = list(parsed.entities)
    assert v.entities == len(entities) == len(parsed.entities)
    assert [e for _, e in store.entities(v)] == entities
    expected_names = [(row, n.text, e.type) for row, e in enumerate(entities) for n in e.names]
    assert store.names(v) == expected_names
    assert v.names == len(expected_names)
    assert _attached(store) == ["main"]  # the staging database is gone
    # the persisted index is the one a plain list of entries builds
    blob = store.con.execute("SELECT data FROM indexes WHERE version_id = ?", (v.id,)).fetchone()[0]
    assert blob == NameIndex.build(expected_names).dumps()


def test_a_list_and_its_stream_make_identical_versions(tmp_path):
    as_stream = read_list([CSL], "generic", CSL_MAP)
    as_list = read_list([CSL], "generic", CSL_MAP)
    as_list.entities = list(as_list.entities)
    dumps = []
    for name, parsed in (("stream", as_stream), ("list", as_list)):
        store = Store(tmp_path / name)
        v = store.import_parsed("csl", parsed).version
        dumps.append((
            (v.entities, v.names, v.warnings, v.content_sha256),
            store.con.execute("SELECT row, entity_id, type, primary_name, programs, digest, data FROM entities "
                              "ORDER BY row").fetchall(),
            store.con.execute("SELECT name_id, row, text, kind FROM names ORDER BY name_id").fetchall(),
            store.con.execute("SELECT normalizer_version, data FROM indexes").fetchall(),
        ))
    assert dumps[0] == dumps[1]


def test_a_stream_that_fails_half_way_leaves_the_store_as_it_was(store_path, tmp_path):
    store = Store(store_path)
    first = store.import_parsed("csl", read_list([CSL], "generic", CSL_MAP)).version
    good = list(read_list([CSL], "generic", CSL_MAP).entities)

    def entities():
        for i in range(core._CHUNK * 2 + 10):  # past two staging chunks
            yield good[i % len(good)]
        raise ListFormatError("list.csv", 12_345, "the reader failed late", "Fix the file.")

    parsed = read_list([CSL], "generic", CSL_MAP)
    parsed.files[0] = SourceFile("list.csv", 1, "0" * 64)  # other content than v1: not 'unchanged'
    parsed.entities = EntityStream(entities, core._CHUNK * 2 + 10)
    with pytest.raises(ListFormatError, match=r"^list\.csv: 12345: the reader failed late"):
        store.import_parsed("csl", parsed)
    assert _attached(store) == ["main"] and not store.con.in_transaction
    assert [(v.list, v.version) for v in store.versions()] == [("csl", 1)]
    assert store.con.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == first.entities
    # the same store object imports again afterwards
    parsed.entities = good
    assert store.import_parsed("csl", parsed).version.version == 2


def test_the_store_is_not_locked_while_the_index_is_built(store_path, monkeypatch):
    store = Store(store_path)
    store.versions()  # schema
    seen = []
    build = NameIndex.build_parts

    def build_and_write_elsewhere(entries):
        other = sqlite3.connect(store_path / "watchlist.sqlite", timeout=0.1, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # would fail with 'database is locked' if the import held the lock
        other.execute("ROLLBACK")
        other.close()
        seen.append(len(entries))
        return build(entries)

    monkeypatch.setattr(NameIndex, "build_parts", staticmethod(build_and_write_elsewhere))
    v = store.import_parsed("csl", read_list([CSL], "generic", CSL_MAP)).version
    assert seen == [v.names]


def test_packed_names_behave_like_a_list():
    packed = core._Names()
    rows = [(0, "JOSÉ GARCÍA", EntityType.PERSON), (0, "Пепе", EntityType.PERSON), (1, "ACME LTD", EntityType.ORGANIZATION),
            (2, "", EntityType.UNKNOWN), (3, "安倍 晋三", EntityType.VESSEL)]
    for r in rows:
        packed.append(*r)
    assert len(packed) == 5 and list(packed) == rows
    assert packed[1] == rows[1] and packed[-1] == rows[-1] and packed[1:4] == rows[1:4]
    with pytest.raises(IndexError):
        packed[5]


def test_an_index_of_an_older_normalizer_is_rebuilt_from_the_stored_names(store_path):
    store = Store(store_path)
    v = store.import_parsed("csl", read_list([CSL], "generic", CSL_MAP)).version
    blob = store.con.execute("SELECT data FROM indexes").fetchone()[0]
    store.con.execute("UPDATE indexes SET normalizer_version = 'old', data = x'00'")
    fresh = Store(store_path)
    assert fresh.index(fresh.version("csl")).search("Mohammed ABU JHEISHEH", limit=1)
    assert fresh.con.execute("SELECT normalizer_version != 'old', data FROM indexes").fetchone() == (1, blob)
    assert fresh.version("csl") == v
