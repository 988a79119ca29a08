"""Which words of a document can matter: a lexicon of the listed names' words.

Built once per list index (a few hundred milliseconds), it answers in
constant time per word, so a document's words are checked without
searching the index:

* ``listed(word)``: the word (normalized, variant-canonical Latin form) is a
  not-too-common word of some listed name; the list scan that proposes
  candidates uses it;
* ``near(word)``: the same, or only its consonant skeleton is (Hashim ~
  Hashem, Suleimani ~ Soleimani); a mention with no such word cannot score
  at the threshold, so it is not screened;
* ``single(word)``: some listed name is this one name word ("HAMAS",
  "HIZBALLAH"); only such one-word mentions are screened;
* ``exact(text)``: the text, normalized, is a listed name (only such a text
  can score 100).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from watchlist.names.normalize import normalize
from watchlist.names.tokens import LOW_KINDS, Token, features

__all__ = ["Lexicon", "word_token"]

#: Words weighing less than this in an index (very common name parts) do not flag a window.
MIN_WEIGHT = 0.35


_normalize = lru_cache(maxsize=100_000)(normalize)


@lru_cache(maxsize=200_000)
def word_token(word: str) -> Token | None:
    """The features of one document word, or None if it normalizes to nothing or to several words."""
    norm = normalize(word)
    if not norm or " " in norm:
        return None
    return features(norm)


class Lexicon:
    """The words of the listed names of one or more indexes."""

    def __init__(self, indexes: Sequence) -> None:
        self.latin: set[str] = set()
        self.skel: set[str] = set()
        self.single_latin: set[str] = set()
        self.single_skel: set[str] = set()
        self.names: set[str] = set()
        for index in indexes:
            self.names.update(index.name_text(i) for i in range(len(index)))
            vocab, names = index.vocabulary, index.name_words
            for t in vocab:
                if t.kind == "name" and index.weight(t) >= MIN_WEIGHT:
                    self.latin.add(t.latin)
                    self.skel.add(t.skel)
            for ids in names:
                parts = [vocab[v] for v in ids if vocab[v].kind not in LOW_KINDS]
                if len(parts) == 1:
                    self.single_latin.add(parts[0].latin)
                    self.single_skel.add(parts[0].skel)

    def listed(self, word: str) -> bool:
        t = word_token(word)
        return t is not None and t.kind == "name" and t.latin in self.latin

    def near(self, word: str) -> bool:
        t = word_token(word)
        return t is not None and t.kind == "name" and (t.latin in self.latin or t.skel in self.skel)

    def single(self, word: str) -> bool:
        t = word_token(word)
        return t is not None and (t.latin in self.single_latin or t.skel in self.single_skel)

    def exact(self, text: str) -> bool:
        return _normalize(text) in self.names

    def scan(self, tokens: Sequence[str]) -> list[bool]:
        return [self.listed(w) for w in tokens]
