"""OpenSanctions targets.simple.csv reader."""

from __future__ import annotations

import csv

import pytest

from watchlist.errors import ListFormatError
from watchlist.models import EntityType, Name, NameKind
from watchlist.sources import read_list

from .conftest import FIXTURES, raw

CSV = FIXTURES / "opensanctions" / "targets.simple.csv"


@pytest.fixture(scope="module")
def os_list():
    parsed = read_list([CSV], "opensanctions")
    return parsed, {e.entity_id: e for e in parsed.entities}


def test_rows_in_order_and_published(os_list):
    parsed, ents = os_list
    assert list(ents) == ["NK-24ZomtS59XsEEB94Qcqy7S", "NK-24cf2zYe7LEKhr2zFck73j",
                          "NK-26WkuEefVYLmYk8aTHMC9E", "NK-28mqu8V3AzembAmAfehWPd"]
    assert parsed.published == "2026-03-13"  # max last_seen
    assert parsed.warnings == {}


def test_person_with_cyrillic_aliases(os_list):
    e = os_list[1]["NK-26WkuEefVYLmYk8aTHMC9E"]
    assert e.type is EntityType.PERSON
    assert e.names == (
        Name("IVAKHA Denis Vladimirovich", NameKind.PRIMARY),
        Name("ІВАХА Денис Володимирович", NameKind.AKA),
        Name("ИВАХА Денис Владимирович", NameKind.AKA),
    )
    assert e.programs == ("UA-WS-EXECUTIVES",)


def test_vessel_countries_and_identifiers(os_list):
    e = os_list[1]["NK-24cf2zYe7LEKhr2zFck73j"]
    assert e.type is EntityType.VESSEL
    assert [n.text for n in e.names] == ["ROSALIN", "Ceram Sea", "Gold Sun", "Nurkez"]
    assert e.nationalities == ("lr", "pa", "sg", "st")
    assert ("identifier", "IMO9253325") in e.details
    assert ("dataset", "Ukraine War and Sanctions") in e.details
    assert e.remarks == ""  # sanctions cell is '""' (an empty quoted string)


def test_multiline_sanctions_field(os_list):
    e = os_list[1]["NK-28mqu8V3AzembAmAfehWPd"]
    assert e.type is EntityType.ORGANIZATION  # LegalEntity
    assert e.primary_name == 'JOINT-STOCK COMPANY "KRASNOZAVODSKY CHEMICAL PLANT"'
    assert e.remarks.startswith("A russian developer of pyrotechnic products.")
    assert "It is part of the russian state corporation Rostec." in e.remarks
    assert "\n" not in e.remarks
    assert e.addresses == ("141321, Moscow region, Sergiev Posad, Krasnozavodsk, Rdultovskogo square, 1",)


def test_old_header_without_program_ids():
    parsed = read_list([raw("opensanctions", "wikidata-peps-sample", "targets.simple.csv")], "opensanctions")
    assert len(parsed.entities) == 5
    assert parsed.entities[0].primary_name == "Saad Hariri"
    assert parsed.entities[0].birth_dates == ("1970-04-18",)
    assert parsed.published == "2024-03-10"


# --- errors -----------------------------------------------------------------


def test_missing_required_column(tmp_path):
    path = tmp_path / "targets.simple.csv"
    path.write_text('"id","caption"\n"x","y"\n')
    with pytest.raises(ListFormatError, match=r"^targets\.simple\.csv: 1: the header lacks column\(s\) 'schema', 'name'"):
        read_list([path], "opensanctions")


def test_unknown_schema_counted(tmp_path):
    path = tmp_path / "targets.simple.csv"
    path.write_text('"id","schema","name"\n"a","Security","Bond X"\n"b","Person","Jane"\n')
    parsed = read_list([path], "opensanctions")
    assert parsed.entities[0].type is EntityType.UNKNOWN
    assert parsed.warnings == {"rows with an unknown schema 'Security' (read as unknown)": 1}


def test_truncated_inside_multiline_field(tmp_path):
    data = CSV.read_bytes()
    path = tmp_path / "targets.simple.csv"
    path.write_bytes(data[: data.index(b"It is part of the russian")])
    with pytest.raises(ListFormatError, match=r"^targets\.simple\.csv: 5: broken CSV quoting"):
        read_list([path], "opensanctions")


def test_empty_name_and_short_row(tmp_path):
    path = tmp_path / "targets.simple.csv"
    path.write_text('"id","schema","name"\n"a","Person",""\n')
    with pytest.raises(ListFormatError, match=r"^targets\.simple\.csv: 2: empty name"):
        read_list([path], "opensanctions")
    path.write_text('"id","schema","name"\n"a","Person"\n')
    with pytest.raises(ListFormatError, match=r"^targets\.simple\.csv: 2: row has 2 fields, the header has 3"):
        read_list([path], "opensanctions")


def test_not_utf8(tmp_path):
    path = tmp_path / "targets.simple.csv"
    path.write_bytes('"id","schema","name"\n"a","Person","José"\n'.encode("cp1252"))
    with pytest.raises(ListFormatError, match=r"^targets\.simple\.csv: 2: byte 0xE9 at byte offset \d+"):
        read_list([path], "opensanctions")


# --- full real file -------------------------------------------------------------


def test_full_targets_simple():
    path = raw("opensanctions", "targets.simple.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        records = sum(1 for _ in csv.reader(fh)) - 1  # minus the header
    assert records == 5600  # PROVENANCE: 5601 CSV records incl. header
    parsed = read_list([path], "opensanctions")
    assert len(parsed.entities) == records
    assert parsed.published == "2026-03-13"
    assert parsed.warnings == {}
