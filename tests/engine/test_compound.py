"""csrc/compound.c: the engine's word for the compound of two ASCII words is the Python reference's,
word_features(join(a, b)), field by field, on every compound of real listed names and on random words."""

from __future__ import annotations

import csv

from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist import _engine
from watchlist.engine import compound_word, word_features
from watchlist.index.core import _compound
from watchlist.match.features import compound_pairs
from watchlist.names.tokens import analyze, features, join
from watchlist.names.translit import is_syllabic, latinize
from watchlist.sources import read_list

from .conftest import perturbed


def reference(a: str, b: str) -> tuple:
    return word_features(join(features(a), features(b)))


def ascii_pairs(names) -> set[tuple[str, str]]:
    out = set()
    for name in names:
        q = analyze(name)
        for i, j in compound_pairs(q):
            if q[i].text.isascii() and q[j].text.isascii():
                out.add((q[i].text, q[j].text))
    return out


def sdn_names(raw) -> list[str]:
    with open(raw / "ofac-sdn" / "sdn.csv", encoding="cp1252", newline="") as fh:
        return [rec[1] for rec in csv.reader(fh) if len(rec) > 2]


def test_every_compound_of_listed_names_equals_reference(raw, un_listed):
    """Every adjacent pair of name words in the OFAC SDN and UN lists, and in perturbed and unlisted queries:
    Arabic compounds (abd + rahman, safi + din, nasr + allah), joined articles, Slavic endings, the dh across
    a join (amid + hussain), variant and translation sets, weights."""
    names = sdn_names(raw) + [n for n, _ in un_listed]
    pairs = ascii_pairs(names + perturbed(names, 3000, 11))
    assert len(pairs) > 10_000
    kinds = {"abd": 0, "din": 0, "allah": 0, "slavic": 0, "dh": 0, "variants": 0}
    for a, b in sorted(pairs):
        got = _engine.compound_args(a, b)
        assert got == reference(a, b), (a, b)
        kinds["abd"] += a.startswith("abd")
        kinds["din"] += b in ("din", "deen", "dine")
        kinds["allah"] += b.endswith("llah")
        kinds["slavic"] += got[3] != got[2]
        kinds["dh"] += a[-1:] in "td" and b[:1] == "h"
        kinds["variants"] += bool(got[10])
    assert all(n > 20 for n in kinds.values()), kinds  # each rule met often


# pieces the rules look for (abd, al/bin articles, -llah, -din, Slavic endings, t/d + h), letters and a digit
pieces = st.sampled_from(["abd", "abdul", "al", "el", "bin", "ibn", "ul", "llah", "allah", "din", "eddine", "deen",
                          "ov", "eva", "enko", "vich", "ou", "sk", "h", "t", "d", "i", "y", "a", "e", "o", "u",
                          "m", "r", "s", "n", "kh", "sh", "q", "z", "0", "7", "mohammad", "bank", "group", "abu"])
words = st.lists(pieces, min_size=1, max_size=5).map("".join)


@settings(max_examples=3000)
@given(words, words)
def test_random_compounds_equal_reference(a: str, b: str) -> None:
    assert _engine.compound_args(a, b) == reference(a, b), (a, b)


def test_short_compounds_at_the_rules_edges():
    """Five letters ending in i: the nisba (omari -> omar) counts; four letters do not; an article needs three
    letters after it (alkabi, not alkab); "ye" and y inside a skeleton."""
    cases = [("oma", "ri"), ("sai", "di"), ("om", "ari"), ("al", "kabi"), ("al", "kab"), ("bin", "alshibh"),
             ("amid", "hussain"), ("mohamad", "yeganeh"), ("i", "i"), ("0", "7"),
             ("o'neil", "smith"), ("Abd", "Ul"), ("al-", "haj"), ("x.y", "z")]  # other ASCII: the skeletons' Python path
    for a, b in cases:
        assert _engine.compound_args(a, b) == reference(a, b), (a, b)
    assert _engine.compound_args("oma", "ri")[10]  # omari: the variant set of omar, by its nisba


def test_other_alphabets_join_in_their_latin_forms(raw):
    """Two words of the UK list's non-Latin scripts other than abjad and Han/kana (Cyrillic mostly): join
    joins their Latin forms, so the engine's compound of those is the reference's compound of the words."""
    names = {n.text for e in read_list([raw / "uk-ofsi" / "ConList.xlsx"], "uk-ofsi").entities for n in e.names}
    seen = 0
    for name in sorted(names):
        q = analyze(name)
        for i, j in compound_pairs(q):
            a, b = q[i], q[j]
            if a.text.isascii() and b.text.isascii() or a.abjad or b.abjad or is_syllabic(a.text) or is_syllabic(b.text):
                continue
            assert _engine.compound_args(latinize(a.text), latinize(b.text)) == word_features(join(a, b)), (a, b)
            assert compound_word(a, b).text == join(a, b).text  # (the engine's word, its text the joined Latin)
            seen += 1
    assert seen > 1000


def test_other_scripts_are_left_to_python():
    """A non-ASCII word: the engine gives None; compound_word takes the Python path for abjad words."""
    assert _engine.compound_args("قاسم", "سليماني") is None
    assert _engine.compound_args("ivan", "петров") is None
    a, b = features("قاسم"), features("سليماني")
    assert compound_word(a, b).text == join(a, b).text == "قاسمسليماني"
    w = _compound(features("safi"), features("din"))
    assert w.text == "safidin"
