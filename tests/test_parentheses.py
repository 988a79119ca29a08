"""A listed name's parentheses read as other names of the party (watchlist.index.parentheses), on
names as the UK, UN and OFAC lists write them; and the index that searches them beside the name."""

from __future__ import annotations

import pytest

from watchlist.index import NameIndex
from watchlist.index.parentheses import alternates
from watchlist.models import EntityType as T


@pytest.mark.parametrize("name,person,expected", [
    # an acronym, a short name, the full name: another name of the party, and the name without them
    ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", False, ("COMPAGNIE AERIENNE DES GRANDS LACS", "CAGL")),
    ("ESNICO (EQUIPMENT SUPPLIER FOR NUCLEAR INDUSTRIES CORPORATION)", False,
     ("ESNICO", "EQUIPMENT SUPPLIER FOR NUCLEAR INDUSTRIES CORPORATION")),
    ("JSC STATE SCIENTIFIC CENTRE RESEARCH INSTITUTE OF ATOMIC REACTORS (JSC SSC RIAR)", False,
     ("JSC STATE SCIENTIFIC CENTRE RESEARCH INSTITUTE OF ATOMIC REACTORS", "JSC SSC RIAR")),
    ("حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)", True, ("حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul")),
    ("Abu Muhammad Al-Kadari (original script: Абу Мухаммад Аль-Кадари)", True,
     ("Abu Muhammad Al-Kadari", "Абу Мухаммад Аль-Кадари")),  # the label is dropped
    # inside the name: only the acronym of the words before it
    ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) AEROSPACE FORCE", False,
     ("ISLAMIC REVOLUTIONARY GUARD CORPS AEROSPACE FORCE", "IRGC")),
    ("LIMMT (DALIAN) METALLURGY AND MINERALS CO., LTD.", False, ("LIMMT METALLURGY AND MINERALS CO., LTD.",)),
    ("TET KHAM (S) PTE. LTD.", False, ("TET KHAM PTE. LTD.",)),
    # where, what kind, a note: no name
    ("AL-HARAMAYN FOUNDATION (KENYA)", False, ("AL-HARAMAYN FOUNDATION",)),
    ("AL-HARAMAIN FOUNDATION (UNION OF THE COMOROS)", False, ("AL-HARAMAIN FOUNDATION",)),
    ("AL-HARAMAIN (AFGHANISTAN BRANCH)", False, ("AL-HARAMAIN",)),
    ("HANIFA MONEY EXCHANGE OFFICE (BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC)", False,
     ("HANIFA MONEY EXCHANGE OFFICE",)),
    ("LABICO SAL (OFF SHORE)", False, ("LABICO SAL",)),
    ("STARS GROUP SAL (HOLDING)", False, ("STARS GROUP SAL",)),
    ("VTB BANK (PJSC)", False, ("VTB BANK",)),
    ("Encep Nurjaman (birth name)", True, ("Encep Nurjaman",)),
    # one word of a person's name is another spelling of a part, not the person's name
    ("KANAAN, Maustaf Fawzi (Faouzi)", True, ("KANAAN, Maustaf Fawzi",)),
    ("Hilarion SANTOS III (THIRD)", True, ("Hilarion SANTOS III",)),
    ("HIZBUL MUJAHIDEEN (HM)", False, ("HIZBUL MUJAHIDEEN",)),  # two letters: too short to name anyone
    ("ALFA-BANK JSC", False, ()),
    ("BROKEN (NAME", False, ()),
])
def test_alternates(name: str, person: bool, expected: tuple[str, ...]) -> None:
    assert alternates(name, person) == expected


ENTRIES = [
    (0, "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", T.ORGANIZATION),
    (1, ("MAIN CENTRE FOR SPECIAL TECHNOLOGIES (GTSST) OF THE MAIN DIRECTORATE OF THE GENERAL STAFF OF THE ARMED "
         "FORCES OF THE RUSSIAN FEDERATION (GU/GRU) ('SANDWORM')"), T.ORGANIZATION),
    (2, "TEYREBAZEN AZADIYA KURDISTAN (TAK)", T.ORGANIZATION),
    (3, "CARGO LINES", T.ORGANIZATION),
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.loads(NameIndex.build(ENTRIES).dumps())


@pytest.mark.parametrize("engine", [True, False])
def test_alternate_reports_the_listed_name(index: NameIndex, engine: bool) -> None:
    index.use_engine = engine
    try:
        hit = index.search("CAGL")[0]
        assert (hit.group, hit.name_id, hit.score) == (0, 0, 100.0)  # the listed name's id, not the alternate's
        assert hit.explanation.endswith("(listed name read as: cagl)")
        assert index.search("SANDWORM")[0].group == 1
        assert [h.group for h in index.search("TAK")] == [2]
        assert index.search("TEK") == []  # a near spelling of an acronym is another acronym
    finally:
        index.use_engine = True


def test_alternates_do_not_count_in_word_rarity(index: NameIndex) -> None:
    assert len(index) == len(ENTRIES)
    alone = NameIndex.build([(0, "COMPAGNIE AERIENNE DES GRANDS LACS CAGL", T.ORGANIZATION)] + ENTRIES[1:])
    from watchlist.names.tokens import analyze
    cagl = analyze("CAGL")[0]
    assert index.weight(cagl) == alone.weight(cagl)


def test_acronym_forms_of_an_organisation() -> None:
    from watchlist.match.acronyms import acronym_forms
    from watchlist.names.tokens import analyze
    forms = acronym_forms(analyze("ISLAMIC STATE IN IRAQ AND THE LEVANT - YEMEN"))
    assert {"isil", "isiil", "isi", "siil", "isily"} <= forms  # connectors skipped or giving their letter
    assert "sil" in forms and "isl" not in forms  # runs of consecutive name words (iraq is not skipped)
    assert "is" not in forms and "iy" not in forms  # three name words or more
    assert acronym_forms(analyze("AHMED KHALFAN GHAILANI")) == frozenset()  # a person's name


@pytest.mark.parametrize("engine", [True, False])
def test_an_acronym_retrieves_its_organisation(engine: bool) -> None:
    index = NameIndex.build([(0, "THE DALZAVOD SHIP REPAIR CENTRE JSC", T.ORGANIZATION),
                             (1, "LIBYAN INVESTMENT AUTHORITY", T.ORGANIZATION),
                             (2, "DALZAVOD SHIPYARD", T.ORGANIZATION)])
    index.use_engine = engine
    hit = index.search("DSRC JSC")[0]
    assert hit.group == 0 and "dsrc ~ dalzavod ship repair centre (acronym)" in hit.explanation
    assert index.search("LIA")[0].group == 1
    assert index.search("Lia MACEDO") == []  # a given name spelling initials leaves the family name out
