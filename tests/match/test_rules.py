"""Scoring rules that lower a score for what the parts mean, not how they are spelled; each explains itself."""

from __future__ import annotations

import pytest

from watchlist.match import explain
from watchlist.match import score as score_mod
from watchlist.names.tokens import analyze, is_given_name


@pytest.mark.parametrize("name,position,given", [
    ("Mohammed", 0, True), ("Sergei", 0, True), ("Sergei Ivanovich PETROV", 1, True),  # given name, patronymic
    ("Qatarji", 0, False), ("Hezbollah", 0, False), ("Abu", 0, False),  # family name, organisation, kunya word
])
def test_given_name(name: str, position: int, given: bool) -> None:
    assert is_given_name(analyze(name)[position]) == given


@pytest.mark.parametrize("query,listed,note", [
    ("HAMCHO GROUP", "Mohammed HAMCHO", "an organisation's name vs a person's"),
    ("Abu Yasser", "Yasser Hussein IBRAHIM", "kunya: abu yasser is not the name yasser"),
    ("NADRA", "Mohammad NADERI", "one short word, met only by a near spelling or variant"),
    ("Michael Ross", "ALROSA", "the listed name's one part met only by a near spelling of one query part"),
])
def test_rule_is_explained(query: str, listed: str, note: str) -> None:
    assert note in explain(query, listed).text


@pytest.mark.parametrize("query,listed,const", [
    ("HAMCHO GROUP", "Mohammed HAMCHO", "_PERSON_VS_ORG"),
    ("Abu Yasser", "Yasser Hussein IBRAHIM", "_KUNYA"),
    ("NADRA", "Mohammad NADERI", "_ONE_SHORT"),
    ("Michael Ross", "ALROSA", "_LISTED_ONE_NEAR"),
])
def test_rules_only_lower_a_score(query: str, listed: str, const: str, monkeypatch) -> None:
    """The index's score bound ignores these factors: each must only ever lower a score."""
    with_rule = explain(query, listed).score
    monkeypatch.setattr(score_mod, const, 1.0)
    assert explain(query, listed).score > with_rule


@pytest.mark.parametrize("query,listed", [
    ("Andrea Kim", "Mohammad NADERI"),  # Latin: a vowel onset vs a consonant one, one skeleton (ndr)
    ("كامل آل سعود", "Samer Kamal AL-ASAD"),  # Arabic script: سعود starts with a consonant letter, asad with a vowel
])
def test_onset_mismatch_lowers_a_meeting(query: str, listed: str, monkeypatch) -> None:
    from watchlist.match import features
    with_rule = explain(query, listed).score
    monkeypatch.setattr(features, "ONSET_MISMATCH", 1.0)
    assert explain(query, listed).score >= 72 > with_rule


def test_abjad_onsets() -> None:
    from watchlist.match.features import abjad_onsets
    assert abjad_onsets("عمر") == (True, False)  # ayn: Omar
    assert abjad_onsets("كوثر") == (False, True)  # kaf: Kowsar
    assert abjad_onsets("العلي") == (True, False)  # the article and its word both start with a vowel letter
    assert abjad_onsets("الشايع") == (True, True)  # al-Shaye: the article's alif, the word's shin


def test_wholly_met_listed_name_caps_the_cost_of_query_parts(monkeypatch) -> None:
    """A specific listed name of two parts or more, every part closely met: the query's own parts cost at
    most _WHOLE_CAP x the pairs' weight."""
    whole = explain("Shahroudi Ali SAEEDI", "Ali SAEEDI").score
    monkeypatch.setattr(score_mod, "_WHOLE_CAP", 10.0)
    assert explain("Shahroudi Ali SAEEDI", "Ali SAEEDI").score < 72 <= whole
    # common parts only (no part weighs 0.5): the rule does not apply, whatever its cap
    common = explain("Reza Mohammad Ali", "Mohammad ALI").score
    monkeypatch.setattr(score_mod, "_WHOLE_CAP", 0.01)
    assert explain("Reza Mohammad Ali", "Mohammad ALI").score == common
    assert explain("Shahroudi Ali SAEEDI", "Ali SAEEDI").score > whole


def test_organisation_descriptor_before_its_name() -> None:
    """Left out before the first met part: a descriptor (no connector) costs less than a sub-unit."""
    descriptor = explain("NATIONAL CLEARING CENTRE", "CENTRAL COUNTERPARTY NATIONAL CLEARING CENTRE").score
    sub_unit = explain("NATIONAL CLEARING CENTRE", "NATIONAL CLEARING CENTRE CENTRAL COUNTERPARTY").score
    of_connector = explain("NATIONAL CLEARING CENTRE", "CENTRAL COUNTERPARTY OF NATIONAL CLEARING CENTRE").score
    assert descriptor >= 72 > sub_unit and of_connector == sub_unit


def test_query_acronym_meets_its_run() -> None:
    e = explain("PFLP - GENERAL COMMAND", "THE POPULAR FRONT FOR LIBERATION OF PALESTINE - GENERAL COMMAND")
    assert "pflp ~ popular front for liberation of palestine (acronym)" in e.text
    assert [p.listed_part for p in e.parts if p.rule == "acronym"] == ["popular front for liberation of palestine"]
    # a person's initials spell words by chance: no acronym against a person's name
    assert explain("AKG", "AHMED KHALFAN GHAILANI").score == 0
