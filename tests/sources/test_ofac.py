"""OFAC legacy CSV reader (ofac-sdn, ofac-cons) on real cuts and the full files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from watchlist.errors import ListFormatError
from watchlist.models import EntityType, Name, NameKind
from watchlist.sources import read_list
from watchlist.sources.ofac import parse_remarks, split_programs

from .conftest import FIXTURES, raw

SDN = FIXTURES / "ofac-sdn"


@pytest.fixture(scope="module")
def sdn():
    parsed = read_list([SDN], "ofac-sdn")
    return parsed, {e.entity_id: e for e in parsed.entities}


def test_entities_in_file_order(sdn):
    parsed, _ = sdn
    assert [e.entity_id for e in parsed.entities] == ["36", "306", "2674", "2676", "2686", "4243", "15431", "17018"]
    assert parsed.published == ""  # OFAC files state no date
    assert [f.name for f in parsed.files] == ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
    assert parsed.files[0].size == (SDN / "sdn.csv").stat().st_size


def test_organization_with_alias_and_address(sdn):
    e = sdn[1]["36"]
    assert e.type is EntityType.ORGANIZATION  # SDN_Type "-0- "
    assert e.primary_name == "AEROCARIBBEAN AIRLINES"
    assert e.names == (Name("AEROCARIBBEAN AIRLINES", NameKind.PRIMARY), Name("AERO-CARIBBEAN", NameKind.AKA))
    assert e.programs == ("CUBA",)
    assert e.addresses == ("Havana, Cuba",)
    assert e.remarks == ""  # "-0- " is null, never text


def test_person_remarks_parsed_and_name_kept_as_published(sdn):
    e = sdn[1]["2676"]
    assert e.type is EntityType.PERSON
    assert e.primary_name == "AL ZAWAHIRI, Dr. Ayman"  # SURNAME, Given: kept as published
    assert [n.text for n in e.names[1:]] == ["AL-ZAWAHIRI, Ayman", "SALIM, Ahmad Fuad", "AL-ZAWAHIRI, Aiman Muhammad Rabi"]
    assert e.birth_dates == ("19 Jun 1951",)
    assert e.birth_places == ("Giza, Egypt",)
    assert ("title", "Operational and Military Leader of JIHAD GROUP") in e.details
    assert ("passport", "1084010 (Egypt)") in e.details
    assert e.addresses == ()  # its add.csv row is all "-0- "


def test_multi_program_and_alt_dobs(sdn):
    e = sdn[1]["2686"]
    assert e.programs == ("SDGT", "SYRIA")
    assert e.birth_dates[:2] == ("31 Aug 1960", "31 Aug 1953")
    assert e.addresses == ("Lebanon",)


def test_vessel_fields_into_details(sdn):
    e = sdn[1]["4243"]
    assert e.type is EntityType.VESSEL
    assert e.primary_name == "EBANO"
    assert dict(e.details)["vessel type"] == "General Cargo"
    assert dict(e.details)["vessel flag"] == "Panama"
    assert dict(e.details)["tonnage"] == "2595"
    assert dict(e.details)["IMO"] == "7406784"


def test_aircraft_linked_to(sdn):
    e = sdn[1]["15431"]
    assert e.type is EntityType.AIRCRAFT
    assert ("linked to", "POUYA AIR") in e.details


def test_remarks_continued_from_sdn_comments(sdn):
    e = sdn[1]["17018"]
    first = next(r for r in csv.reader((SDN / "sdn.csv").open(encoding="cp1252", newline="")) if r[0] == "17018")
    assert len(first[11]) == 1000  # OFAC's cap
    assert len(e.remarks) > 1000
    assert e.remarks.startswith(first[11].strip()[:50])
    assert "Registration Number" in e.remarks[1000:]
    assert ("fka", "SBERBANK ROSSII OAO") in [(n.kind.value, n.text) for n in e.names]


def test_orphans_counted_not_silent(sdn):
    parsed, _ = sdn
    assert parsed.warnings == {
        "alias rows whose entity is not in sdn.csv (dropped)": 3,
        "address rows whose entity is not in sdn.csv (dropped)": 5,
        "remarks continuation rows whose entity is not in sdn.csv (dropped)": 1,
    }


def test_files_named_individually_and_without_eof_byte(tmp_path):
    data = (SDN / "sdn.csv").read_bytes()
    assert data.endswith(b"\r\n\x1a")
    (tmp_path / "sdn.csv").write_bytes(data[:-1])
    parsed = read_list([tmp_path / "sdn.csv", SDN / "alt.csv"], "ofac-sdn")
    assert len(parsed.entities) == 8
    assert [f.name for f in parsed.files] == ["sdn.csv", "alt.csv"]


def test_ofac_cons_fixture():
    parsed = read_list([FIXTURES / "ofac-cons"], "ofac-cons")
    ents = {e.entity_id: e for e in parsed.entities}
    assert list(ents) == ["9639", "9640", "9641", "17014"]
    assert ents["9639"].primary_name == "HANIYA, Ismail Abdul Salah"
    assert ents["9639"].programs == ("NS-PLC",)
    assert ents["9639"].birth_places == ("Shati",)
    assert len(ents["17014"].remarks) > 1000  # continued in cons_comments.csv
    assert parsed.warnings == {}


def test_split_programs():
    assert split_programs("SDGT] [SYRIA") == ("SDGT", "SYRIA")
    assert split_programs("[SDGT] [SYRIA]") == ("SDGT", "SYRIA")
    assert split_programs("-0- ") == ()


def test_parse_remarks():
    dobs, pobs, nats, details = parse_remarks("DOB 03 May 1938; POB Egypt; nationality Iran; Gender Male.")
    assert (dobs, pobs, nats, details) == (["03 May 1938"], ["Egypt"], ["Iran"], [("gender", "Male")])


# --- errors -----------------------------------------------------------------


def _copy_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(SDN, folder)
    return folder


def test_missing_main_file_names_folder(tmp_path):
    with pytest.raises(ListFormatError, match=r"no sdn\.csv in .*Pass the folder holding OFAC's sdn\.csv"):
        read_list([tmp_path], "ofac-sdn")


def test_uk_csv_as_ofac_is_wrong_format():
    path = FIXTURES / "uk-ofsi" / "ConList_2018_cut.csv"
    with pytest.raises(ListFormatError) as err:
        read_list([path], "ofac-sdn")
    assert str(err.value) == (
        "ConList_2018_cut.csv: 1: expected 12 fields of OFAC sdn.csv, found 29. Is this the right --format?"
    )


def test_xlsx_and_xml_as_ofac_are_wrong_format():
    with pytest.raises(ListFormatError, match=r"ConList_cut\.xlsx: .*ZIP/XLSX.*right --format"):
        read_list([FIXTURES / "uk-ofsi" / "ConList_cut.xlsx"], "ofac-sdn")
    with pytest.raises(ListFormatError, match=r"consolidated_cut\.xml: 1: .*XML.*right --format"):
        read_list([FIXTURES / "un-sc" / "consolidated_cut.xml"], "ofac-sdn")


def test_duplicate_ent_num_names_row(tmp_path):
    folder = _copy_set(tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    first = data.split(b"\r\n")[0] + b"\r\n"
    (folder / "sdn.csv").write_bytes(data.rstrip(b"\x1a") + first)
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: 9: duplicate ent_num 36 \(first on line 1\)"):
        read_list([folder], "ofac-sdn")


def test_non_integer_ent_num(tmp_path):
    folder = _copy_set(tmp_path)
    (folder / "alt.csv").write_bytes(b'36,12,"aka","X",-0- \r\nX1,13,"aka","Y",-0- \r\n')
    with pytest.raises(ListFormatError, match=r"^alt\.csv: 2: ent_num 'X1' is not a whole number"):
        read_list([folder], "ofac-sdn")


def test_short_row_is_truncation(tmp_path):
    folder = _copy_set(tmp_path)
    data = (folder / "add.csv").read_bytes()
    (folder / "add.csv").write_bytes(data.split(b"\r\n")[0] + b'\r\n306,199,"Zweierstrasse 35"\r\n')
    with pytest.raises(ListFormatError, match=r"^add\.csv: 2: expected 6 fields of OFAC add\.csv, found 3\. The file looks truncated"):
        read_list([folder], "ofac-sdn")


def test_unterminated_quote_at_eof(tmp_path):
    folder = _copy_set(tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    (folder / "sdn.csv").write_bytes(data[:-40])  # cut inside the last quoted remarks
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: 8: broken CSV quoting"):
        read_list([folder], "ofac-sdn")


def test_undecodable_byte_names_line_and_offset(tmp_path):
    folder = _copy_set(tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    pos = data.index(b"AEROCARIBBEAN")
    (folder / "sdn.csv").write_bytes(data[:pos] + b"\x81" + data[pos + 1 :])
    with pytest.raises(ListFormatError, match=rf"^sdn\.csv: 1: byte 0x81 at byte offset {pos} .*Re-save"):
        read_list([folder], "ofac-sdn")


def test_empty_file(tmp_path):
    (tmp_path / "sdn.csv").write_bytes(b"")
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: the file is empty"):
        read_list([tmp_path], "ofac-sdn")


def test_over_long_field(tmp_path):
    (tmp_path / "sdn.csv").write_bytes(b'36,"' + b"A" * 1_000_001 + b'",-0- ' + b",-0- " * 9 + b"\r\n")
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: 1: a field is over 1,000,000 characters"):
        read_list([tmp_path], "ofac-sdn")


def test_missing_path():
    with pytest.raises(ListFormatError, match=r"no such file or folder"):
        read_list([FIXTURES / "nope"], "ofac-sdn")


# --- full real files ----------------------------------------------------------


def test_full_sdn_2024():
    parsed = read_list([raw("ofac-sdn")], "ofac-sdn")
    assert len(parsed.entities) == 14965
    assert len({e.entity_id for e in parsed.entities}) == 14965
    # alt.csv is from 2025-12: PROVENANCE counts 1,567 ent_nums absent from sdn.csv.
    ids = {e.entity_id for e in parsed.entities}
    orphan_ents = {r[0] for r in csv.reader(raw("ofac-sdn", "alt.csv").open(encoding="cp1252", newline=""))
                   if len(r) == 5 and r[0] not in ids}
    assert len(orphan_ents) == 1567
    assert parsed.warnings["alias rows whose entity is not in sdn.csv (dropped)"] == 2460
    assert parsed.warnings["remarks continuation rows whose entity is not in sdn.csv (dropped)"] == 6
    types = {t: sum(e.type is t for e in parsed.entities) for t in EntityType}
    assert types[EntityType.ORGANIZATION] == 6884 and types[EntityType.VESSEL] == 851
    assert sum(len(e.programs) > 1 for e in parsed.entities) == 1685


def test_full_sdn_2021_set_is_consistent():
    parsed = read_list([raw("ofac-sdn-2021-07-set")], "ofac-sdn")
    assert len(parsed.entities) == 8976
    assert parsed.warnings == {}
    # 11,910 alt rows, of which 2 repeat the same name and type for one ent_num (8407, 16448).
    assert sum(len(e.names) for e in parsed.entities) == 8976 + 11910 - 2


def test_full_cons():
    parsed = read_list([raw("ofac-cons")], "ofac-cons")
    assert len(parsed.entities) == 442
    assert parsed.warnings == {}
