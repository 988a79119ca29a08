"""Generic delimited-file reader with a column map."""

from __future__ import annotations

import time

import pytest

from watchlist.errors import ListFormatError
from watchlist.models import EntityType, Name, NameKind
from watchlist.sources import read_list
from watchlist.sources._common import EntityStream
from watchlist.sources.generic import entity_type, parse_map

from .conftest import FIXTURES

G = FIXTURES / "generic"
CSL_MAP = ("name=name,id=entity_number,type=type,aliases=alt_names,programs=programs,"
           "birth_date=dates_of_birth,nationality=nationalities,remarks=remarks,source=source")


def test_csl_excerpt_with_map():
    parsed = read_list([G / "csl_excerpt.csv"], "generic", {"map": CSL_MAP})
    ents = {e.entity_id: e for e in parsed.entities}
    assert len(parsed.entities) == 13
    e = ents["9673"]
    assert e.type is EntityType.PERSON  # "Individual"
    assert e.primary_name == "Mohammed ABU JHEISHEH"
    assert Name("Mohammad Mutlaq ABU JHESHEH", NameKind.AKA) in e.names  # alt_names split on ";"
    assert e.programs == ("NS-PLC",)
    assert ents["28603"].programs == ("VENEZUELA-EO13850", "UKRAINE-EO13662")
    assert ents["18300"].type is EntityType.ORGANIZATION  # "Entity"
    assert ("source", "Palestinian Legislative Council List (PLC) - Treasury Department") in ents["9673"].details
    # six rows have an empty entity_number: kept, with an id that cannot clash, and counted
    assert parsed.warnings == {"rows with an empty id (id row-<data row number> used)": 6}
    assert ents["row-1"].primary_name.startswith("Sinobright Import and Export Company")


def test_tab_separated_quoted_dpl():
    parsed = read_list([G / "dpl_cut.txt"], "generic", {"map": "name=Name,address=Street_Address,listed_on=Effective_Date"})
    assert [e.entity_id for e in parsed.entities] == ["1", "2", "3", "4", "5", "6"]  # data row numbers
    assert parsed.entities[0].primary_name == "I. ASH"  # leading space in " I. ASH" dropped
    assert parsed.entities[1].addresses == ("3415 RIVERA AVENUE",)
    assert parsed.entities[1].listed_on == "08/24/2022"


def test_no_map_uses_columns_named_like_keys(tmp_path):
    rows = (G / "un_positives_cut.csv").read_text().splitlines()[1:]
    path = tmp_path / "list.csv"
    path.write_text("id,name,type\n" + "".join(f"UN{i},{r.split(',')[0]},individual\n" for i, r in enumerate(rows)))
    parsed = read_list([path], "generic")
    assert [e.entity_id for e in parsed.entities][:2] == ["UN0", "UN1"]
    assert parsed.entities[0].primary_name == "ABDULHAI SALEK"
    assert parsed.entities[0].type is EntityType.PERSON


def test_5k_rows_id_name_type_fast(tmp_path):
    names = [r.split(",")[0] for r in (G / "un_positives_cut.csv").read_text().splitlines()[1:]]
    path = tmp_path / "bench.csv"
    path.write_text("id,name,type\n" + "".join(f"{i},{names[i % len(names)]} {i},person\n" for i in range(5000)))
    start = time.perf_counter()
    parsed = read_list([path], "generic", {"map": "id=id,name=name,type=type"})
    assert time.perf_counter() - start < 2
    assert len(parsed.entities) == 5000
    assert parsed.warnings == {}


def test_duplicate_ids_merged(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,name,program\n7,JANAN AGHA,TAL\n8,ABDULHAI SALEK,TAL\n7,AGHA JANAN,QD\n")
    parsed = read_list([path], "generic", {"map": "id=id,name=name,programs=program"})
    assert [e.entity_id for e in parsed.entities] == ["7", "8"]
    e = parsed.entities[0]
    assert e.names == (Name("JANAN AGHA", NameKind.PRIMARY), Name("AGHA JANAN", NameKind.AKA))
    assert e.programs == ("TAL", "QD")
    assert parsed.warnings == {"rows merged into an earlier row with the same id": 1}


def test_rows_merged_across_files_with_other_columns(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("id,name,program,type\n7,JANAN AGHA,TAL,\n8,ABDULHAI SALEK,TAL,individual\n")
    b.write_text("type,program,name,id\nindividual,QD,AGHA JANAN,7\n,,NEW ONE,9\n")
    parsed = read_list([a, b], "generic", {"map": "id=id,name=name,programs=program,type=type"})
    assert [e.entity_id for e in parsed.entities] == ["7", "8", "9"]
    e = parsed.entities[0]
    assert e.names == (Name("JANAN AGHA", NameKind.PRIMARY), Name("AGHA JANAN", NameKind.AKA))
    assert (e.programs, e.type) == (("TAL", "QD"), EntityType.PERSON)  # a later row's type fills an unknown one
    assert parsed.warnings == {"rows merged into an earlier row with the same id": 1}


def test_entities_are_built_as_they_are_iterated(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name\n" + "".join(f"{i % 700},NAME {i}\n" for i in range(1000)))
    parsed = read_list([path], "generic")
    assert isinstance(parsed.entities, EntityStream)
    assert len(parsed.entities) == 700 and parsed.entities  # known before any entity is built
    first, second = list(parsed.entities), list(parsed.entities)
    assert first == second and parsed.entities == first  # every pass builds the same entities
    assert first[3].names[1].text == "NAME 703"
    assert parsed.entities[699] == first[-1] and parsed.entities[:2] == first[:2]


def test_semicolon_bom_cp1252_and_na_name(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("\ufeffname;type\nNA;company\nJos\u00e9 GARC\u00cdA;Natural Person\n".encode("utf-8"))
    parsed = read_list([path], "generic")
    assert [e.primary_name for e in parsed.entities] == ["NA", "José GARCÍA"]  # "NA" stays a name
    assert [e.type for e in parsed.entities] == [EntityType.ORGANIZATION, EntityType.PERSON]
    path.write_bytes("name|type\nJos\u00e9 \u2018Pepe\u2019|vessel\n".encode("cp1252"))
    assert read_list([path], "generic").entities[0].primary_name == "José ‘Pepe’"


def test_unknown_type_counted(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name,type\nA,government\nB,\n")
    parsed = read_list([path], "generic")
    assert [e.type for e in parsed.entities] == [EntityType.UNKNOWN, EntityType.UNKNOWN]
    assert parsed.warnings == {"rows with an unknown type 'government' (read as unknown)": 1}


def test_parse_map_and_entity_type():
    assert parse_map("name=Full Name, id = Ref ,aliases=AKA") == {"name": "Full Name", "id": "Ref", "aliases": "AKA"}
    assert entity_type("Organisation") is EntityType.ORGANIZATION
    assert entity_type("Ship") is EntityType.VESSEL
    assert entity_type("") is EntityType.UNKNOWN
    assert entity_type("other") is None


# --- errors -----------------------------------------------------------------


def test_map_column_missing_lists_header():
    with pytest.raises(ListFormatError) as err:
        read_list([G / "dpl_cut.txt"], "generic", {"map": "name=Full_Name"})
    assert str(err.value).startswith("dpl_cut.txt: 1: column 'Full_Name' (map key 'name') is not in the header. ")
    assert "'Name', 'Street_Address'" in str(err.value)


def test_bad_map_syntax():
    with pytest.raises(ListFormatError, match=r"'nameFull' is not key=COLUMN"):
        read_list([G / "dpl_cut.txt"], "generic", {"map": "nameFull"})
    with pytest.raises(ListFormatError, match=r"the map has no 'name' key"):
        read_list([G / "dpl_cut.txt"], "generic", {"map": "id=Name"})


def test_no_map_no_name_column():
    with pytest.raises(ListFormatError, match=r"^un_positives_cut\.csv: 1: no --map given and no column called 'name'.*full_name"):
        read_list([G / "un_positives_cut.csv"], "generic")


def test_empty_name_is_an_error_naming_the_row(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name\n1,JANAN AGHA\n2,  \n")
    with pytest.raises(ListFormatError, match=r"^list\.csv: 3: empty name \(column 'name'\)\. Fill in or delete the row"):
        read_list([path], "generic")


def test_short_row_and_unterminated_quote(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name,type\n1,JANAN AGHA,person\n2,ABDULHAI\n")
    with pytest.raises(ListFormatError, match=r"^list\.csv: 3: row has 2 fields, the header has 3"):
        read_list([path], "generic")
    path.write_text('id,name,type\n1,JANAN AGHA,person\n2,"ABDULHAI SALEK,person\n')
    with pytest.raises(ListFormatError, match=r"^list\.csv: 3: broken CSV quoting"):
        read_list([path], "generic")


def test_undecodable_and_empty_and_xlsx(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"name\nA\nB\x81\n")
    with pytest.raises(ListFormatError, match=r"^list\.csv: 3: byte 0x81 at byte offset 8 .*Re-save the file as UTF-8"):
        read_list([path], "generic")
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match=r"^list\.csv: the file is empty"):
        read_list([path], "generic")
    with pytest.raises(ListFormatError, match=r"^ConList_cut\.xlsx: this is a ZIP/XLSX file, not CSV"):
        read_list([FIXTURES / "uk-ofsi" / "ConList_cut.xlsx"], "generic", {"map": "name=x"})


def test_over_long_field(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text('name\n"' + "A" * 1_000_001 + '"\n')
    with pytest.raises(ListFormatError, match=r"^list\.csv: 2: a field is over 1,000,000 characters"):
        read_list([path], "generic")


def test_folder_without_csv(tmp_path):
    with pytest.raises(ListFormatError, match=r"no CSV file .* in this folder"):
        read_list([tmp_path], "generic")
