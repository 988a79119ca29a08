"""Organisation words in other languages (names/data/org_translations.yml) and their English renderings."""

from __future__ import annotations

import pytest

from watchlist.match.features import token_sim
from watchlist.match.score import weight_key
from watchlist.names.tokens import features
from watchlist.names.variants import translation_ids, variant_key


def keys(word: str) -> set[str]:
    return {variant_key(i) for i in features(word).variants}


@pytest.mark.parametrize("word", ["научный", "научного", "научно", "nauchno", "nauchnyy", "навуковы", "bilimsel"])
def test_stem_and_its_endings(word: str) -> None:
    """A stem entry (научн-) matches its inflected forms, in Cyrillic and in Latin transliteration."""
    assert "scientific" in keys(word)


@pytest.mark.parametrize("word,english", [
    ("предприятие", "enterprise"),  # unidecode "predpriiatie"
    ("predpriyatie", "enterprise"),  # BGN/PCGN: я = ya
    ("хімічны", "chemical"),  # Belarusian
    ("державне", "state"),  # Ukrainian
    ("الصناعية", "industry"),  # article al- dropped for the look-up
    ("صنايع", "industry"),  # Arabic yeh where the entry has Persian yeh
    ("kombinat", "plant"),  # комбинат, a Soviet industrial plant, in English also a "combine"
    ("комбината", "plant"),
    ("الجزاير", "algeria"),  # a country's Arabic name (normalized: ئ = ي), article dropped for the look-up
    ("jazair", "algeria"),
    ("kavkaza", "caucasus"),  # Кавказ, a Russian stem
    ("машиностроительный", "machine building"),  # one Russian word, two English ones
    ("sudoremontnogo", "ship repair"),
    ("hawala", "exchange"),  # a money-transfer house, the business of a sarrafi
])
def test_other_spellings(word: str, english: str) -> None:
    assert english in keys(word)


def test_no_stem_match_inside_a_longer_word_or_a_short_latin_one() -> None:
    assert "bank" not in keys("bankrot")  # "rot" is no inflection ending
    assert "port" not in keys("porto") and "port" in keys("порта")  # Latin spellings need 5-letter stems
    assert translation_ids("moskva", "moskva") == ()


def test_rule_names() -> None:
    assert token_sim(features("завод"), features("plant")) == (0.95, "translation")
    assert token_sim(features("guards"), features("guard")) == (0.95, "variant")  # two English forms
    assert token_sim(features("combine"), features("plant")) == (0.95, "variant")  # kombinat in English
    assert token_sim(features("bureau"), features("office")) == (0.95, "variant")  # бюро: bureau, office
    assert token_sim(features("бюро"), features("office"))[1] == "translation"
    assert token_sim(features("sham"), features("levant")) == (0.95, "translation")  # not an English form


def test_two_english_words() -> None:
    """A Russian compound adjective meets its two-word English rendering as one compound part."""
    from watchlist.names.tokens import analyze, join
    ship, repair = analyze("SHIP REPAIR")
    assert token_sim(features("sudoremonta"), join(ship, repair)) == (0.95, "translation")


def test_weights() -> None:
    """Other-language forms weigh like the set's first English form; English forms keep their own weight."""
    assert weight_key(features("фабрика")) == weight_key(features("завод")) == "plant"
    assert weight_key(features("factory")) == "factory"
    assert weight_key(features("banks")) == "banks"
