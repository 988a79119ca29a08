"""UK OFSI ConList reader (CSV 2018 layout and XLSX 2022+ layout)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from watchlist.errors import ListFormatError
from watchlist.models import EntityType, Name, NameKind
from watchlist.sources import read_list
from watchlist.sources.uk_ofsi import display_name

from .conftest import FIXTURES, raw

UK = FIXTURES / "uk-ofsi"
CSV_2018 = UK / "ConList_2018_cut.csv"
XLSX = UK / "ConList_cut.xlsx"


@pytest.fixture(scope="module")
def xlsx():
    parsed = read_list([XLSX], "uk-ofsi")
    return parsed, {e.entity_id: e for e in parsed.entities}


@pytest.fixture(scope="module")
def csv2018():
    parsed = read_list([CSV_2018], "uk-ofsi")
    return parsed, {e.entity_id: e for e in parsed.entities}


def test_xlsx_groups_in_order_and_published(xlsx):
    parsed, _ = xlsx
    assert [e.entity_id for e in parsed.entities] == ["15672", "16636", "16601", "7059", "13651", "14820"]
    assert parsed.published == "2025-04-14"
    assert parsed.files[0].name == "ConList_cut.xlsx"


def test_xlsx_primary_and_variations(xlsx):
    e = xlsx[1]["15672"]
    assert e.type is EntityType.PERSON
    assert e.primary_name == "Mian Abdul HAQ"  # Name 1..5 then Name 6 (surname)
    assert e.names[0] == Name("Mian Abdul HAQ", NameKind.PRIMARY)
    assert Name("Mian MITHU", NameKind.VARIATION) in e.names
    assert e.listed_on == "2022-12-09"
    assert e.programs == ("Global Human Rights",)
    assert ("UK sanctions list ref", "GHR0086") in e.details
    assert ("gender", "Male") in e.details


def test_xlsx_low_quality_alias_is_weak(xlsx):
    e = xlsx[1]["7059"]
    assert e.primary_name == "Said BAHAJI"
    assert Name("Mohamed ABBATTAY", NameKind.WEAK) in e.names
    assert Name("Zouheir AL MAGHRIBI", NameKind.AKA) in e.names
    assert e.birth_dates == ("1975-07-15",)
    assert e.nationalities == ("Germany", "Morocco")  # "(1) Germany. (2) Morocco"
    assert e.addresses == ("Bunatwiete 23, Hamburg, 21073, Germany",)


def test_xlsx_non_latin_script_kept(xlsx):
    e = xlsx[1]["14820"]
    assert e.primary_name == "Liliya Salavatovna GUMEROVA"
    assert Name("Ли́лия Салава́товна Гуме́рова", NameKind.ORIGINAL_SCRIPT) in e.names


def test_xlsx_group_without_primary_row_uses_first(xlsx):
    parsed, ents = xlsx
    e = ents["16601"]
    assert e.type is EntityType.ORGANIZATION
    assert e.primary_name == "33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE"
    assert e.names[0].kind is NameKind.PRIMARY
    assert parsed.warnings == {"groups with no Primary name row (first row's name used)": 1}


def test_xlsx_ship(xlsx):
    e = xlsx[1]["13651"]
    assert e.type is EntityType.VESSEL
    assert e.primary_name == "SAM JONG 2"
    assert Name("RAINBOW CHASER", NameKind.AKA) in e.names


def test_csv_2018_cp1252_and_prime_alias(csv2018):
    parsed, ents = csv2018
    assert list(ents) == ["13349", "13188", "13458"]
    assert parsed.published == "2018-04-13"
    e = ents["13349"]
    assert e.primary_name == "Nayef Salam Muhammad Ujaym AL-HABABI"  # 2018 "Prime Alias"
    assert Name("Sheikh Farooq AL-QAHTANI", NameKind.AKA) in e.names  # " AL-QAHTANI" leading space dropped
    assert e.birth_dates == ("1980", "1981")  # "00/00/1980", "00/00/1981"
    assert e.nationalities == ("Saudi Arabia", "Qatar")  # "1) Saudi Arabia 2) Qatar"
    assert ents["13188"].type is EntityType.ORGANIZATION
    assert "‘PK5’" in ents["13458"].remarks  # cp1252 0x91/0x92 decoded


def test_display_name():
    assert display_name(["Mian", "Abdul", "", None, " ", "HAQ"]) == "Mian Abdul HAQ"
    assert display_name(["Line\nbreak", "", "", "", "", "X"]) == "Line break X"


def test_csv_crlf_and_utf8_bom(tmp_path):
    text = CSV_2018.read_bytes().decode("cp1252").replace("\n", "\r\n")
    path = tmp_path / "ConList.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    parsed = read_list([path], "uk-ofsi")
    assert [e.entity_id for e in parsed.entities] == ["13349", "13188", "13458"]


def test_folder_with_xlsx(tmp_path):
    (tmp_path / "ConList.xlsx").write_bytes(XLSX.read_bytes())
    assert len(read_list([tmp_path], "uk-ofsi").entities) == 6


# --- errors -----------------------------------------------------------------


def test_missing_required_column_named(tmp_path):
    text = CSV_2018.read_bytes().replace(b",Group ID\n", b",Group\n", 1)
    path = tmp_path / "ConList.csv"
    path.write_bytes(text)
    with pytest.raises(ListFormatError, match=r"^ConList\.csv: 2: the header lacks column\(s\) 'Group ID'\. .*Name 6, Name 1"):
        read_list([path], "uk-ofsi")


def test_ofac_file_as_uk_is_wrong_format():
    with pytest.raises(ListFormatError, match=r"^sdn\.csv: 1: expected 'Last Updated' on row 1 .*right --format"):
        read_list([FIXTURES / "ofac-sdn" / "sdn.csv"], "uk-ofsi")


def test_row_without_group_id(tmp_path):
    lines = CSV_2018.read_bytes().split(b"\n")
    lines[3] = lines[3][: lines[3].rindex(b",") + 1]
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ListFormatError, match=r"^ConList\.csv: 4: row has no Group ID"):
        read_list([path], "uk-ofsi")


def test_unterminated_quote(tmp_path):
    path = tmp_path / "ConList.csv"
    path.write_bytes(CSV_2018.read_bytes() + b'X,"unterminated\n')
    with pytest.raises(ListFormatError, match=r"^ConList\.csv: 41: broken CSV quoting"):
        read_list([path], "uk-ofsi")


def test_undecodable_byte(tmp_path):
    path = tmp_path / "ConList.csv"
    path.write_bytes(CSV_2018.read_bytes().replace(b"AL-QAHTANI", b"AL-QAH\x81ANI", 1))
    with pytest.raises(ListFormatError, match=r"^ConList\.csv: 3: byte 0x81 at byte offset \d+ .*Re-save the file as UTF-8"):
        read_list([path], "uk-ofsi")


def test_empty_file(tmp_path):
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match=r"^ConList\.csv: the file is empty"):
        read_list([path], "uk-ofsi")


def test_truncated_xlsx(tmp_path):
    path = tmp_path / "ConList.xlsx"
    path.write_bytes(XLSX.read_bytes()[:3000])
    with pytest.raises(ListFormatError, match=r"^ConList\.xlsx: cannot open as XLSX"):
        read_list([path], "uk-ofsi")


def test_zip_that_is_not_xlsx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    path = tmp_path / "ConList.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ListFormatError, match=r"^ConList\.xlsx: cannot open as XLSX"):
        read_list([path], "uk-ofsi")


def test_xlsx_dates_as_datetime_cells(tmp_path):
    import datetime

    book = openpyxl.load_workbook(XLSX)
    sheet = book["Data"]
    header = [c.value for c in sheet[2]]
    sheet.cell(row=3, column=header.index("Listed On") + 1).value = datetime.datetime(2022, 12, 9)
    path = tmp_path / "ConList.xlsx"
    book.save(path)
    assert read_list([path], "uk-ofsi").entities[0].listed_on == "2022-12-09"


def test_folder_without_list(tmp_path):
    with pytest.raises(ListFormatError, match=r"no UK ConList file"):
        read_list([tmp_path], "uk-ofsi")


# --- full real files ----------------------------------------------------------


def test_full_xlsx_2025():
    parsed = read_list([raw("uk-ofsi", "ConList.xlsx")], "uk-ofsi")
    assert len(parsed.entities) == 4688
    assert parsed.published == "2025-04-14"
    assert parsed.warnings["groups with no Primary name row (first row's name used)"] == 2
    assert sum(any(n.kind is NameKind.ORIGINAL_SCRIPT for n in e.names) for e in parsed.entities) > 0


def test_full_csv_2018():
    parsed = read_list([raw("uk-ofsi", "sanctionsconlist_2018-04-13.csv")], "uk-ofsi")
    assert len(parsed.entities) == 2106
    assert parsed.published == "2018-04-13"
