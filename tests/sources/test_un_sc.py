"""UN Security Council consolidated XML reader."""

from __future__ import annotations

import pytest

from watchlist.errors import ListFormatError
from watchlist.models import EntityType, Name, NameKind
from watchlist.sources import read_list

from .conftest import FIXTURES, raw

XML = FIXTURES / "un-sc" / "consolidated_cut.xml"


@pytest.fixture(scope="module")
def un():
    parsed = read_list([XML], "un-sc")
    return parsed, {e.entity_id: e for e in parsed.entities}


def test_order_ids_and_published(un):
    parsed, _ = un
    assert [e.entity_id for e in parsed.entities] == ["CDi.001", "CDi.030", "IQi.001", "QDe.154"]
    assert parsed.published == "2026-02-27"  # dateGenerated="2026-02-27T00:00:09.554Z"
    assert parsed.warnings == {}
    assert parsed.files[0].name == "consolidated_cut.xml"


def test_individual_with_original_script_and_low_alias(un):
    e = un[1]["IQi.001"]
    assert e.type is EntityType.PERSON
    assert e.primary_name == "SADDAM HUSSEIN AL-TIKRITI"  # FIRST..THIRD_NAME joined
    assert e.names == (
        Name("SADDAM HUSSEIN AL-TIKRITI", NameKind.PRIMARY),
        Name("صدام حسين التكريتي", NameKind.ORIGINAL_SCRIPT),
        Name("Abu Ali", NameKind.WEAK),  # QUALITY Low
    )
    assert e.birth_dates == ("1937-04-28",)
    assert e.birth_places == ("al-Awja, near Tikrit, Iraq",)
    assert e.nationalities == ("Iraq",)
    assert e.listed_on == "2003-06-27"
    assert e.programs == ("Iraq",)


def test_good_low_aliases_and_year_range(un):
    e = un[1]["CDi.030"]
    assert Name("Bosco Ntaganda", NameKind.AKA) in e.names  # QUALITY Good
    assert Name("Terminator", NameKind.WEAK) in e.names
    assert e.birth_dates == ("1973-1974",)  # TYPE_OF_DATE BETWEEN, FROM_YEAR/TO_YEAR
    assert e.addresses == ("Belgium, As of 14 December 2022",)


def test_year_only_dob_and_empty_alias_skipped(un):
    e = un[1]["CDi.001"]
    assert e.primary_name == "ERIC BADEGE"
    assert e.names == (Name("ERIC BADEGE", NameKind.PRIMARY),)  # <ALIAS_NAME/> is not a name
    assert e.birth_dates == ("1971",)
    assert ("gender", "Male") in e.details
    assert e.remarks.startswith("He fled to Rwanda in March 2013")


def test_entity(un):
    e = un[1]["QDe.154"]
    assert e.type is EntityType.ORGANIZATION
    assert e.primary_name == "SELSELAT AL-THAHAB"
    assert Name("سلسلة الذهب للصرافة", NameKind.ORIGINAL_SCRIPT) in e.names
    assert Name("Silsilat Money Exchange Company", NameKind.AKA) in e.names
    assert e.addresses == ("Al-Kadhumi Complex, Al-Harthia, Baghdad, Iraq", "Al-Abbas Street, Karbala, Iraq")


# --- errors -----------------------------------------------------------------


def test_truncated_xml_names_line(tmp_path):
    data = XML.read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data[: len(data) // 2])
    lines = data[: len(data) // 2].count(b"\n") + 1
    with pytest.raises(ListFormatError, match=rf"^consolidated\.xml: {lines}: not well-formed XML"):
        read_list([path], "un-sc")


def test_csv_as_un_is_not_xml():
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: 1: not well-formed XML .*check --format"):
        read_list([FIXTURES / "ofac-sdn" / "sdn.csv"], "un-sc")


def test_wrong_root(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<sdnList><x/></sdnList>\n')
    with pytest.raises(ListFormatError, match=r"^other\.xml: 1: the root element is <sdnList>, not UN's .*right --format"):
        read_list([path], "un-sc")


def test_record_without_name(tmp_path):
    path = tmp_path / "consolidated.xml"
    data = XML.read_bytes().replace(b"<FIRST_NAME>BOSCO</FIRST_NAME>", b"<FIRST_NAME/>")
    path.write_bytes(data.replace(b"<SECOND_NAME>TAGANDA</SECOND_NAME>", b"<SECOND_NAME> </SECOND_NAME>"))
    with pytest.raises(ListFormatError, match=r"^consolidated\.xml: 2: INDIVIDUAL has no name"):
        read_list([path], "un-sc")


def test_empty_and_folder_without_xml(tmp_path):
    (tmp_path / "consolidated.xml").write_bytes(b"  \n")
    with pytest.raises(ListFormatError, match=r"^consolidated\.xml: the file is empty"):
        read_list([tmp_path / "consolidated.xml"], "un-sc")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ListFormatError, match=r"no UN consolidated XML file"):
        read_list([empty], "un-sc")


def test_xlsx_as_un(tmp_path):
    with pytest.raises(ListFormatError, match=r"^ConList_cut\.xlsx: 1: not well-formed XML"):
        read_list([FIXTURES / "uk-ofsi" / "ConList_cut.xlsx"], "un-sc")


# --- full real file -------------------------------------------------------------


def test_full_un_list():
    parsed = read_list([raw("un-sc", "consolidated.xml")], "un-sc")
    types = [e.type for e in parsed.entities]
    assert types.count(EntityType.PERSON) == 730
    assert types.count(EntityType.ORGANIZATION) == 273
    assert len({e.entity_id for e in parsed.entities}) == 1003
    assert parsed.published == "2026-02-27"
    assert sum(any(n.kind is NameKind.ORIGINAL_SCRIPT for n in e.names) for e in parsed.entities
               if e.type is EntityType.PERSON) == 336
