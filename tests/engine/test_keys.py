"""csrc/search.c word_keys: the retrieval keys of a word, as the Python description below gives them.

A word is reached by: its Latin form (L), its skeletons (S) and their one-deletion neighbours (E),
its variant sets (V), the one-deletion neighbours of its Latin form and core (D: typos,
transpositions) and their first five letters (P: truncation), a long word's last seven letters (Q: two
edits near its start); abjad words by skeletons only."""

from __future__ import annotations

import zlib

from watchlist import _engine as E
from watchlist.engine import word
from watchlist.names.tokens import analyze


def _keys(t) -> list[int]:
    if t.kind == "number":
        keys = {"L" + t.text}
    else:
        keys = {"S" + s for s in (t.skel, t.loose, t.core_skel) if len(s) >= 2}
        for s in (t.skel, t.loose):
            if len(s) >= 4:
                keys.update("E" + s[:i] + s[i + 1:] for i in range(len(s)))
                keys.add("E" + s)
        keys.update(f"V{v}" for v in t.variants)
        if not t.abjad:
            for form in (t.latin, t.core):
                if not form:
                    continue
                keys.add("L" + form)
                if len(form) >= 4:
                    keys.add("D" + form)
                    keys.update("D" + form[:i] + form[i + 1:] for i in range(len(form)))
                if len(form) >= 5:
                    keys.add("P" + form[:5])
            if len(t.latin) >= 10:
                keys.add("Q" + t.latin[-7:])
    return sorted({zlib.crc32(k.encode()) for k in keys})


def test_keys_of_listed_words(un_index) -> None:
    for t in un_index.vocabulary:
        assert E.word_keys(word(t)) == _keys(t), t.text


def test_keys_of_numbers_and_scripts() -> None:
    for t in analyze("77th Brigade 2 قاسم سليماني Путин 金正恩 ٣"):
        assert E.word_keys(word(t)) == _keys(t), t.text
