"""Screen documents (news articles, press releases) for the listed parties they name.

Steps for one :class:`~watchlist.screen.documents.Document`:

1. **Candidates** (:mod:`.mentions`): capitalized runs with titles and
   nationality words stripped, the list scan, and spaCy NER when enabled.
2. **Screening**: a candidate text is screened against every list
   (:class:`~watchlist.screen.screener.Screener`) once per run (later
   documents reuse the alerts), and only when its alerts can change the
   result: not when its words cannot reach the threshold (the lexicon), not
   for a short form that links to its full form anyway, not for a span that an
   overlapping exact listed name beats whatever it scores. One-word mentions
   are searched at :data:`SINGLE_WORD_MIN` for non-persons, all they may keep.
3. **Single words** are held to a stricter rule than full names: a mention
   with one name word ("Hezbollah", "Tehran") alerts only if it matches a
   listed organization name of one name word at :data:`SINGLE_WORD_MIN` or above. Lone
   words match many listed names loosely (Tehran ~ BEHRAN TRADING COMPANY).
4. **Linking** (:mod:`.linking`): a short form ("al-Muhandis", "Abadi") takes
   the alerts of the full form named in the same document, so one person
   makes one mention group; a short form that is a listed name on its own
   keeps its own alerts.
5. **Overlaps**: where candidate spans overlap ("Iranian Quds Force" and
   "Quds Force"), the best-scoring span wins (the longer one on a tie).

Each result row is one (mention, listed entity) pair, with exact offsets
into the document text (``text[start:end] == mention``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from watchlist.match import DEFAULT_THRESHOLD, MATCH_THRESHOLD
from watchlist.models import EntityType
from watchlist.names.tokens import LOW_KINDS, analyze
from watchlist.screen.documents import Document
from watchlist.screen.lexicon import Lexicon
from watchlist.screen.linking import is_short_form, link, name_words
from watchlist.screen.mentions import Mention, Word, find_mentions, mention_kind, vocab, words
from watchlist.screen.ner import KIND_OF_LABEL, Ner
from watchlist.screen.screener import Alert, Screener

__all__ = ["SINGLE_WORD_MIN", "MentionAlert", "ArticleScreener", "sentences"]

#: Lowest score at which a one-word mention may alert (and the listed name must be one word too).
SINGLE_WORD_MIN = 95.0
#: Within one list, when a mention matches an entity at MATCH_THRESHOLD or above, other entities of
#: that list scoring more than this many points lower are dropped for that mention ("Islamic
#: Revolutionary Guard Corps" is not also "... Corps Air Force").
LIST_MARGIN = 10.0
#: Query texts whose alerts are kept for later documents of the same run (names recur across articles).
CACHE_MAX = 50_000


@dataclass(frozen=True, slots=True)
class MentionAlert:
    """One (mention, listed entity) pair; ``alert`` is None for an unmatched mention (``--all-mentions``)."""

    document: str
    mention: str
    start: int
    end: int
    sentence: str
    group: int  # mentions of one party share a group number (1-based, per document)
    linked_to: str  # the full form a short form was linked to, else ""
    mention_type: str  # person / organization / place / "" (hint)
    found_by: str  # caps / scan / ner
    alert: Alert | None


_BOUNDARY = re.compile(r"[.!?…][\"”’)\]]*\s+|\n[ \t]*\n\s*")
_ABBREV = frozenset("mr mrs ms dr gen lt col maj capt sgt st jr sr no vs etc inc ltd co corp rev prof sen rep gov "
                    "brig adm cmdr hon u.s u.n u.k e.g i.e al".split())


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text (after . ! ? or a blank line; not after abbreviations or initials)."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] == ".":
            before = re.search(r"([\w.]+)$", text[start:m.start()])
            word = before.group(1).lower() if before else ""
            if word in _ABBREV or len(word) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=100_000)
def _name_parts(text: str) -> int:
    return sum(1 for t in analyze(text) if t.kind not in LOW_KINDS)


class ArticleScreener:
    """Screens documents against the lists of a :class:`Screener`."""

    def __init__(self, screener: Screener, ner: Ner | None = None) -> None:
        self.screener = screener
        self.ner = ner
        self._cache: dict[tuple[str, bool, float, int], list[Alert]] = {}  # (text, strict, floor, limit)
        #: Search a mention only when its alerts can change the result (False: search every mention
        #: first, the reference the tests compare with; same rows, more searches).
        self.lazy = True
        try:
            self.lexicon: Lexicon | None = Lexicon(screener.indexes)
        except TypeError:
            self.lexicon = None

    def scan(self, tokens: Sequence[str]) -> list[bool]:
        """True where a word occurs in a listed name of any list."""
        if self.lexicon is not None:
            return self.lexicon.scan(tokens)
        flags = [False] * len(tokens)
        for index in self.screener.indexes:
            for i, f in enumerate(index.scan_tokens(tokens)):
                flags[i] = flags[i] or f
        return flags

    # ---------------------------------------------------------------- candidates
    def candidates(self, text: str) -> list[Mention]:
        """Candidate mentions of a text (with NER spans and type hints when enabled)."""
        ws = words(text)
        found = find_mentions(text, self.scan, ws=ws)
        if self.ner is None:
            return found
        ents = [(s, e, KIND_OF_LABEL.get(label, "")) for s, e, label in self.ner(text)]
        kinds = {(s, e): k for s, e, k in ents}
        out = {(m.start, m.end): m for m in found}
        starts = [w.start for w in ws]
        for s, e, kind in ents:
            if kind not in ("person", "organization"):
                continue
            span = self._ner_span(ws, starts, s, e)
            if span is not None and (span[0].start, span[-1].end) not in out:
                a, b = span[0].start, span[-1].end
                out[(a, b)] = Mention(a, b, text[a:b], "ner", kind)
        typed = []
        for key, m in sorted(out.items()):
            hint = kinds.get(key) or next((k for s, e, k in ents if s <= m.start and m.end <= e and k), "")
            typed.append(Mention(m.start, m.end, m.text, m.source, hint or m.kind, m.stripped) if hint else m)
        return typed

    @staticmethod
    def _ner_span(ws: list[Word], starts: list[int], s: int, e: int) -> list[Word] | None:
        v = vocab()
        i = bisect.bisect_left(starts, s)
        span = [w for w in ws[i:] if w.end <= e]
        drop = v["drop"]
        while span and span[0].key in drop:
            span = span[1:]
        while span and (span[-1].key in v["function"] or span[-1].key in v["particles"]):
            span = span[:-1]
        return span or None

    # ---------------------------------------------------------------- screening
    def _worth(self, m: Mention) -> bool:
        """Can the mention reach the threshold at all? (Saves screening prose.)"""
        if self.lexicon is None:
            return True
        ws = [w for w in m.text.replace("-", " ").split() if _name_parts(w)]
        if _name_parts(m.text) <= 1:  # a one-word place too ("Baghdad"): it must be a one-word listed name
            return any(self.lexicon.single(w) for w in ws)
        if mention_kind_is_place(m.text):  # as many words, at 95 or above: any spelling may get there
            return True
        near = sum(1 for w in ws if self.lexicon.near(w))
        return near >= max(1, len(ws) / 2)  # fewer near-listed words cannot reach a default threshold

    @staticmethod
    def _strict(m: Mention) -> bool:
        """Is the mention held to the one-word rule (one name word, or a place)?"""
        return _name_parts(m.text) <= 1 or mention_kind_is_place(m.text)

    def _alerts(self, text: str, strict: bool, threshold: float | None, limit: int) -> list[Alert]:
        """Alerts of one query text, searched once per run (names recur across articles).

        A strict query (:meth:`_strict`) can only keep alerts at :data:`SINGLE_WORD_MIN` or above
        on entities that are not persons (:meth:`_allowed`), so it is searched at that floor for
        non-persons only: the same alerts, found faster (and no person takes the place of an
        organization among the ``limit`` best).
        """
        key = self._key(text, strict, threshold, limit)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_MAX:
                self._cache.clear()
            found = self._cache[key] = self.screener.screen_many(
                [text], threshold=key[2], limit=limit, query_type=EntityType.ORGANIZATION if strict else None)[0]
        return found

    @staticmethod
    def _key(text: str, strict: bool, threshold: float | None, limit: int) -> tuple[str, bool, float, int]:
        floor = DEFAULT_THRESHOLD if threshold is None else threshold
        return text, strict, max(floor, SINGLE_WORD_MIN) if strict else floor, limit

    @staticmethod
    def _allowed(mention: Mention, alert: Alert) -> bool:
        if _name_parts(mention.text) > 1 and not mention_kind_is_place(mention.text):
            return True
        # a lone word names an organization ("Hezbollah", "Hamas"); as a person it is a first name or a nickname
        return (alert.score >= SINGLE_WORD_MIN and alert.entity_type != "person"
                and _name_parts(alert.matched_name) == _name_parts(mention.text))

    @staticmethod
    def _margin(alerts: list[Alert]) -> list[Alert]:
        best: dict[str, float] = {}
        for a in alerts:
            best[a.list] = max(best.get(a.list, 0.0), a.score)
        return [a for a in alerts if best[a.list] < MATCH_THRESHOLD or a.score >= best[a.list] - LIST_MARGIN]

    def screen(self, doc: Document, *, threshold: float | None = None, limit: int = 10,
               all_mentions: bool = False) -> list[MentionAlert]:
        """The (mention, listed entity) pairs of one document, in document order.

        A mention text is searched only when its alerts can change the result (lazily): not for a
        short form that links to its full form anyway, nor for a span that a longer or
        higher-scoring overlapping span beats whatever it scores (:meth:`_kept`).
        """
        text = doc.text
        cands = self.candidates(text)
        if not cands:
            return []
        worth = {m.text: self._strict(m) for m in cands if self._worth(m)}
        own_of: dict[int, list[Alert]] = {}

        def own(i: int) -> list[Alert]:
            found = own_of.get(i)
            if found is None:
                m = cands[i]
                alerts = self._alerts(m.text, worth[m.text], threshold, limit) if m.text in worth else []
                found = own_of[i] = self._margin([a for a in alerts if self._allowed(m, a)])
            return found

        def known(i: int) -> bool:
            t = cands[i].text
            return i in own_of or t not in worth or self._key(t, worth[t], threshold, limit) in self._cache

        def allowed(i: int, j: int) -> bool:
            # a short form with alerts of its own does not link to an organization. Its own alerts are
            # asked last unless known, so a short form that links whatever its alerts is not searched.
            if known(i) and not own(i):
                return True
            if cands[j].kind != "organization" and not (own(j) and own(j)[0].entity_type == "organization"):
                return True
            return not own(i)

        if not self.lazy:
            for i in range(len(cands)):
                own(i)
        roots = link([m.text for m in cands], allowed)
        kept = self._kept(cands, roots, own)
        shown = self._to_shown(cands, roots, kept, allowed)
        if shown != roots:
            roots, kept = shown, self._kept(cands, shown, own)
        return self._rows(doc, cands, roots, kept, all_mentions)

    @staticmethod
    def _to_shown(cands: list[Mention], roots: list[int], kept: dict[int, list[Alert]],
                  allowed: Callable[[int, int], bool]) -> list[int]:
        """Short forms whose full form lost to an overlapping span link to the span shown there.

        "Iraqi Harakat Hezbollah al-Nujaba", "Harakat Hezbollah al-Nujaba" and "Hezbollah
        al-Nujaba" are candidates for one place; a later "al-Nujaba" links to the one reported.
        """
        out = list(roots)
        keys: dict[int, tuple[str, ...]] = {}

        def key(i: int) -> tuple[str, ...]:
            if i not in keys:
                keys[i] = name_words(cands[i].text)
            return keys[i]

        for i, r in enumerate(roots):
            if r == i or r in kept:
                continue
            m = cands[r]
            for k in sorted(kept):
                c = cands[k]
                if k != i and c.start < m.end and m.start < c.end and (key(i) == key(k) or is_short_form(
                        key(i), key(k))) and allowed(i, k):
                    out[i] = roots[k]
                    break
        return out

    def _kept(self, cands: list[Mention], roots: list[int], own: Callable[[int], list[Alert]]
              ) -> dict[int, list[Alert]]:
        """:meth:`_resolve` over every mention's alerts (its root's), searching only what can matter.

        A mention's pairs lose to an overlapping kept pair of score 100 if that span is longer or
        the mention's alerts cannot reach 100 (100 means the text equals a listed name): such a
        pair sorts before all of them. So a group of mentions (one root) is searched only while
        one of its mentions is not beaten that way; exact listed names are searched first, as only
        they can beat the others. The kept pairs are then those of searching everything.
        """
        groups: dict[int, list[int]] = {}
        for i, r in enumerate(roots):
            groups.setdefault(r, []).append(i)
        over: list[list[int]] = [[] for _ in cands]
        for i, m in enumerate(cands):  # cands are sorted by start
            for j in range(i + 1, len(cands)):
                if cands[j].start >= m.end:
                    break
                over[i].append(j)
                over[j].append(i)
        exact = {r: self.lexicon is None or self.lexicon.exact(cands[r].text) for r in groups}
        todo = set(groups)
        batch = {r for r in todo if any(not over[i] for i in groups[r])} if self.lazy else set(todo)
        while True:
            for r in sorted(batch):
                own(r)
            todo -= batch
            pairs = [(a.score, m.end - m.start, i, a) for i, m in enumerate(cands)
                     if roots[i] not in todo for a in own(roots[i])]
            kept = self._resolve(cands, pairs, over)
            if not todo:
                return kept
            top = {k: cands[k].end - cands[k].start for k, alerts in kept.items() if alerts[0].score >= 100.0}

            def beaten(i: int, r: int) -> bool:
                n = cands[i].end - cands[i].start
                return any(k != i and k in top and (top[k] > n or not exact[r]) for k in over[i])

            left = {r for r in todo if not all(beaten(i, r) for i in groups[r])}
            if not left:
                return kept
            batch = {r for r in left if exact[r]} or left

    @staticmethod
    def _resolve(cands: list[Mention], pairs: list[tuple[float, int, int, Alert]],
                 over: list[list[int]]) -> dict[int, list[Alert]]:
        """Keep the best pair where spans overlap (``over[i]``: the other mentions overlapping mention
        i); same-span pairs (other lists, other entities) stay."""
        pairs.sort(key=lambda p: (-p[0], -p[1], cands[p[2]].start, p[3].list, p[3].entity_id))
        kept: dict[int, list[Alert]] = {}
        for _, _, i, a in pairs:
            if any(j in kept for j in over[i]):
                continue
            same = kept.setdefault(i, [])
            if not any(b.list == a.list and b.entity_id == a.entity_id for b in same):
                same.append(a)
        return kept

    def _rows(self, doc: Document, cands: list[Mention], roots: list[int], kept: dict[int, list[Alert]],
              all_mentions: bool) -> list[MentionAlert]:
        text = doc.text
        sents = sentences(text)
        sent_starts = [s for s, _ in sents]

        def sentence(m: Mention) -> str:
            k = max(0, bisect.bisect_right(sent_starts, m.start) - 1)
            s, e = sents[k]
            return " ".join(text[s:e].split())

        groups: dict[int, int] = {}
        out: list[MentionAlert] = []
        shown = [(cands[i].start, cands[i].end) for i in kept]
        listed: list[tuple[int, int]] = []
        for i, m in enumerate(cands):
            alerts = kept.get(i)
            if not alerts:
                if not all_mentions or m.kind == "place" or not self._listable(m, shown + listed):
                    continue
                listed.append((m.start, m.end))
            g = groups.setdefault(roots[i], len(groups) + 1)
            linked = cands[roots[i]].text if cands[roots[i]].text != m.text else ""
            kind = m.kind or cands[roots[i]].kind
            base = dict(document=doc.name, mention=m.text, start=m.start, end=m.end, sentence=sentence(m),
                        group=g, linked_to=linked, mention_type=kind, found_by=m.source)
            if not alerts:
                out.append(MentionAlert(**base, alert=None))
                continue
            alerts = sorted(alerts, key=lambda a: (-a.score, a.list, a.entity_id))
            for rank, a in enumerate(alerts, start=1):
                a = _with(a, rank=rank, explanation=a.explanation + (f"; short form of {linked!r}" if linked else ""))
                out.append(MentionAlert(**base, alert=a))
        return out

    @staticmethod
    def _listable(m: Mention, taken: Iterable[tuple[int, int]]) -> bool:
        if mention_kind_is_place(m.text):
            return False
        return not any(s < m.end and m.start < e for s, e in taken)

    def screen_many(self, docs: Iterable[Document], **kwargs) -> Iterable[list[MentionAlert]]:
        for doc in docs:
            yield self.screen(doc, **kwargs)


def mention_kind_is_place(text: str) -> bool:
    """Is the mention a place name of the curated list (Baghdad, Tehran, Saudi Arabia)?"""
    return " ".join(text.replace(".", "").lower().split()) in vocab()["places"]


def _with(alert: Alert, **changes) -> Alert:
    from dataclasses import replace

    return replace(alert, **changes)


__all__ += ["mention_kind", "mention_kind_is_place"]
