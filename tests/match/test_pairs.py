"""Golden pairs (tests/fixtures/name_pairs.csv): every rule of the name engine, each with its reason."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from watchlist.match import DEFAULT_THRESHOLD, MATCH_THRESHOLD, compare, explain

PAIRS = list(csv.DictReader(open(Path(__file__).parents[1] / "fixtures" / "name_pairs.csv", encoding="utf-8")))


@pytest.mark.parametrize("row", PAIRS, ids=[f"{r['query']}|{r['candidate']}" for r in PAIRS])
def test_golden_pair(row: dict) -> None:
    e = explain(row["query"], row["candidate"])
    assert e.decision == row["expected"], f"{row['reason']}: {e.score} {e.text}"


def test_thresholds_ordered() -> None:
    assert 0 < DEFAULT_THRESHOLD < MATCH_THRESHOLD < 100


def test_explanation_names_parts_and_rules() -> None:
    e = explain("Hashim Safi al-Din", "SAFIEDDINE, Hashem")
    rules = {(p.query_part, p.listed_part): p.rule for p in e.parts}
    assert rules[("safi al din", "safieddine")] == "compound"
    assert rules[("hashim", "hashem")] in ("variant", "phonetic")
    assert "safi al din = safieddine (compound)" in e.text


def test_score_bands() -> None:
    assert compare("Qasem Soleimani", "Qasem Soleimani") == 100.0
    assert compare("QASEM  soleimani!", "Qasem Soleimani") == 100.0  # equal after normalization
    assert 98 <= compare("Qasem Soleimani", "SOLEIMANI, Qasem") < 100  # order only
    assert 95 <= compare("Владимир Путин", "Vladimir Putin") < 98.5  # script
    assert compare("Ali Khamenei", "KHAMENEI, Ali Husseini") < compare("Ali Khamenei", "Khamenei Ali")


def test_missing_part_reported() -> None:
    e = explain("Ali Khamenei", "KHAMENEI, Ali Husseini")
    assert "1 listed part unmatched (husseini)" in e.text
    assert any(p.rule == "missing" and p.listed_part == "husseini" for p in e.parts)
