"""Word kinds that depend on the whole name: legal-form phrases, -vich surnames, syllabic scripts."""

from __future__ import annotations

import pytest

from watchlist.names.tokens import analyze
from watchlist.names.translit import is_syllabic


def kinds(name: str) -> list[str]:
    return [t.kind for t in analyze(name)]


@pytest.mark.parametrize("name,expected", [
    ("JOINT STOCK COMPANY STROYSERVIS", ["legal", "legal", "legal", "name"]),
    # Cyrillic phrase matched through its transliteration; й written as и still matches
    ("ОБЩЕСТВО С ОГРАНИЧЕННОИ ОТВЕТСТВЕННОСТЬЮ ЛАЗУРИТ", ["legal"] * 4 + ["name"]),
    ("OTKRYTOE AKTSIONERNOE OBSCHESTVO PLANAR", ["legal", "legal", "legal", "name"]),  # sch = shch
    ("BEKS ANONIM SIRKETI", ["name", "legal", "legal"]),
    ("STOCK EXCHANGE", ["name", "name"]),  # one word of a phrase alone is not a legal form
    ("SCIENTIFIC AND PRODUCTION ENTERPRISE SALYUT", ["legal"] * 4 + ["name"]),  # NPP, an organisation type
    ("НАУЧНО-ПРОИЗВОДСТВЕННОЕ ОБЪЕДИНЕНИЕ ВЕКТОР", ["legal"] * 3 + ["name"]),  # NPO in Cyrillic
])
def test_legal_phrases(name: str, expected: list[str]) -> None:
    assert kinds(name) == expected


@pytest.mark.parametrize("name,expected", [
    ("Sergei Viktorovich LAVROV", ["name", "patronymic", "name"]),
    ("LAVROV Sergei Viktorovich", ["name", "name", "patronymic"]),
    ("Oleg Sergeevich GAIDUKEVICH", ["name", "patronymic", "name"]),  # surname after the patronymic
    ("ALIASHKEVICH Aliaksandr Mikhailavich", ["name", "name", "patronymic"]),  # surname first
    ("Viktor YANUKOVYCH", ["name", "name"]),  # two parts: no room for a patronymic
    ("Olga Igorevna Ivanova", ["name", "patronymic", "name"]),  # -vna is never a surname
])
def test_vich_surnames(name: str, expected: list[str]) -> None:
    assert kinds(name) == expected


@pytest.mark.parametrize("name,expected", [
    ("BANK-E TOSE'EH-YE SADERAT", ["name", "particle", "name", "particle", "name"]),  # ezafe -e and -ye
    ("Aung Ye HTUT", ["name", "name", "name"]),  # a Burmese Ye after a consonant is a name part
    ("YE Jianying", ["name", "name"]),  # and so is a Chinese family name
])
def test_persian_ezafe(name: str, expected: list[str]) -> None:
    assert kinds(name) == expected


@pytest.mark.parametrize("name,words", [
    ("Hajahmad MIRZAEI", ["haj", "ahmad", "mirzaei"]),  # Haj joined to a curated given name
    ("Hajimohammad", ["haji", "mohammad"]),
    ("Hajjali KHAN", ["hajj", "ali", "khan"]),
    ("HAJIZADEH", ["hajizadeh"]),  # zadeh is no given name: a family name of its own
    ("Hajari", ["hajari"]),
])
def test_joined_haj(name: str, words: list[str]) -> None:
    assert [t.text for t in analyze(name)] == words
    assert analyze(name)[0].kind == ("title" if len(words) > 1 and words[0].startswith("haj") else "name")


def test_syllabic_scripts() -> None:
    assert is_syllabic("习近平") and is_syllabic("カザン")
    assert not is_syllabic("김정은")  # Hangul: romanizations differ letter by letter, compared loosely
    assert not is_syllabic("putin") and not is_syllabic("")


@pytest.mark.parametrize("name,expected", [
    ("Hassan EL-HAJJ", ["name", "particle", "name"]),  # a title after an article is a family name
    ("Mohammad Abdul-Sattar AL SAYED", ["name", "name", "name", "particle", "name"]),
    ("Sheikh Hassan NASRALLAH", ["title", "name", "name"]),
    ("Haj Ahmad", ["title", "name"]),
    ("Kader es-Sayed", ["name", "particle", "name"]),  # es-, the article assimilated to s, written with e
    ("Ahmed esh-Sheikh", ["name", "particle", "name"]),
])
def test_family_titles(name: str, expected: list[str]) -> None:
    assert kinds(name) == expected


@pytest.mark.parametrize("name,words", [
    ("东莞圣寅数控设备有限公司", ["东莞", "圣寅", "数控", "设备", "有限公司"]),  # two-character words, legal form
    ("赵光宗", ["赵", "光宗"]),  # family name + given name
    ("香港恒邦微電子有限公司", ["香港", "恒邦", "微電子", "有限公司"]),  # an odd character joins the word before
    ("有限公司", ["有限公司"]),
    ("カザン", ["カザン"]),  # kana are not split
])
def test_han_words(name: str, words: list[str]) -> None:
    assert [t.text for t in analyze(name)] == words
    assert analyze(name)[-1].kind == ("legal" if words[-1].endswith("公司") else "name")


def test_soft_c_in_the_loose_skeleton() -> None:
    """French and Spanish spellings write s before e, i as c: one loose skeleton, the strict one keeps c = k."""
    from watchlist.names.translit import interdental_skeleton, latin_skeleton
    assert interdental_skeleton("houcein") == interdental_skeleton("husayn") == "hsn"
    assert interdental_skeleton("yacine") == interdental_skeleton("yasin")
    assert interdental_skeleton("carlos") != interdental_skeleton("sarlos")  # c before a, o, u stays k
    assert latin_skeleton("lahcen") != latin_skeleton("lahsen")


@pytest.mark.parametrize("name,expected", [
    ("Ahmad SAYYED", ["name", "name"]),  # a title that ends a name is a family name
    ("Sayyed AHMAD", ["title", "name"]),  # before the name it is a title
    ("Ruben Pestano LAVILLA, JR", ["name", "name", "name", "title"]),  # Jr. stays what it is
    ("Ali AL-SHEIKH", ["name", "particle", "name"]),  # after an article
])
def test_titles_ending_a_name(name: str, expected: list[str]) -> None:
    assert kinds(name) == expected


def test_numbers_written_out() -> None:
    assert analyze("MINING ENTERPRISE NUMBER TWO")[-1].text == "2"
    assert analyze("77TH LIGHT INFANTRY DIVISION")[0].kind == "number"
