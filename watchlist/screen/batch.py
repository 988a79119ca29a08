"""Screen a file of names: read in chunks, search every list, write report rows in input order.

With ``jobs > 1`` the chunks are screened by a pool of forked worker
processes that inherit the parent's loaded indexes (nothing is reloaded);
each worker opens its own connection to the store, and chunks are written
back in input order, so the report is byte-identical to ``jobs=1``.

A name met again in a later row is screened once: :func:`screen_file` keeps each name's report
lines without their input id cell (``lines_chunk``) and writes them again under the new row's id.
"""

from __future__ import annotations

import copy
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from watchlist.report import BATCH_COLUMNS, EXTRA_COLUMNS, csv_header, excel_safe, id_cell, line_writer
from watchlist.screen.cleared import unescape
from watchlist.screen.inputs import InputRow, read_rows
from watchlist.screen.screener import Alert, Screener

__all__ = ["BATCH_REPORT_COLUMNS", "BatchStats", "ChunkLines", "ChunkReport", "default_jobs", "lines_chunk",
           "report_chunk", "screen_file", "screen_rows"]

BATCH_REPORT_COLUMNS = BATCH_COLUMNS + EXTRA_COLUMNS
# lines_chunk writes the cells after input_id in this order
assert BATCH_REPORT_COLUMNS == ("input_id", "query", "rank", "score", "decision", "list", "list_version", "entity_id",
                                "entity_type", "matched_name", "primary_name", "matched_name_kind", "programs",
                                "explanation", "list_published")
CSV_HEADER = csv_header(BATCH_REPORT_COLUMNS)
CHUNK = 2000
# Rows per chunk a worker screens. A worker searches the lists in turn for each chunk, and each list's
# engine data leave the core's caches while the others are searched: the larger a chunk, the less
# that costs (a 100,000-name batch took 17.1-18.1 s of CPU in chunks of at most 2,000 rows, 15.9-16.9 s
# in chunks of 6,250). But a large last chunk keeps one worker busy after the others are done: the
# chunks shrink as the end of the file nears (_guided_chunks).
JOB_CHUNK = 500  # the smallest chunk
JOB_CHUNK_MAX = 8000
CHUNKS_PER_JOB = 2  # the rows left once the end of the file is in sight, cut into about this many chunks a worker
MAX_JOBS = 8
#: names whose report lines a batch keeps to write them again where the name comes back (bounds memory)
KNOWN_MAX = 200_000


def default_jobs() -> int:
    """Worker processes by default: the usable cores, at most MAX_JOBS."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, n))


_PARENT: Screener | None = None  # set before forking; each worker copies it once
_WORKER: Screener | None = None


def _alerts(screener: Screener, names: list[str], ids: list[str], threshold: float | None,
            limit: int) -> list[list[Alert]]:
    """A chunk's alerts, per name (what :func:`screen_rows` yields)."""
    return screener.screen_many(names, input_ids=ids, threshold=threshold, limit=limit)


@dataclass(frozen=True, slots=True)
class ChunkReport:
    """A chunk's report rows as CSV text, and the counts :class:`BatchStats` keeps."""

    text: str
    alerts: int
    names_with_alerts: int
    #: the alerts' keys as :func:`watchlist.screen.cleared.row_key` reads them from the rows
    keys: frozenset[tuple[str, str, str, str]]


def report_chunk(screener: Screener, names: list[str], ids: list[str], threshold: float | None,
                 limit: int) -> ChunkReport:
    """A chunk's report rows, ready to append to the report (what the Dask engine's workers send).

    Run where the chunk is screened, so the process writing the report only copies text and does
    not take CPU from the workers. The rows of :func:`lines_chunk` under each row's id.
    """
    part = lines_chunk(screener, names, ids, threshold, limit)
    text, named = _under_ids(ids, part.lines)
    return ChunkReport("".join(text), len(text), named, part.keys)


def _under_ids(ids: list[str], lines: Iterable[tuple[str, ...]]) -> tuple[list[str], int]:
    """The report lines of each row (its id cell, then each of its name's lines) and how many rows have any."""
    text: list[str] = []
    named = 0
    for rid, rest in zip(ids, lines):
        if rest:
            named += 1
            cell = id_cell(rid)
            text += [cell + line for line in rest]
    return text, named


@dataclass(frozen=True, slots=True)
class ChunkLines:
    """A chunk's report lines per name screened, after the ``input_id`` cell (a line is
    :func:`watchlist.report.id_cell` and this rest), and its alerts' keys (as :class:`ChunkReport`'s)."""

    lines: list[tuple[str, ...]]
    keys: frozenset[tuple[str, str, str, str]]


def lines_chunk(screener: Screener, names: list[str], ids: list[str], threshold: float | None,
                limit: int) -> ChunkLines:
    """The report lines of each name, without its input id (``ids`` is not read): what :func:`screen_file`
    writes, for this name and every later row of the same name.

    The cells of an :class:`Alert`'s report row (``CsvReport.write(alert_row(alert))``: each cell
    ``excel_safe``), made from the ranked hits without an Alert for each: a batch writes millions of them.
    """
    lines: list[str] = []
    writerow = line_writer(lines)
    # alert keys are cleared.alert_key of the cells: the query's and the list's parts once, not per alert
    per_version = [(v, excel_safe(v.list), v.version, excel_safe(v.published), unescape(v.list))
                   for v in screener.versions]
    summary, name_of = screener.summary, screener.name
    out: list[tuple[str, ...]] = []
    keys = set()
    for query, found in zip(names, screener.ranked(names, threshold=threshold, limit=limit)):
        if not found:
            out.append(())
            continue
        cell, query_key = excel_safe(query), unescape(query)
        for rank, (li, hit) in enumerate(found, start=1):
            version, list_cell, number, published, list_key = per_version[li]
            s = summary(version, hit.group)
            text, kind = name_of(version, hit.name_id)
            writerow([cell, rank, hit.score, hit.decision, list_cell, number, excel_safe(s.entity_id), excel_safe(s.type),
                      excel_safe(text), excel_safe(s.primary_name), excel_safe(kind), excel_safe(s.programs),
                      excel_safe(hit.explanation), published])
            keys.add((query_key, list_key, unescape(s.entity_id), unescape(text)))
        out.append(tuple(["," + line for line in lines]))
        lines.clear()
    return ChunkLines(out, frozenset(keys))


def _in_worker(work: Callable, names: list[str], ids: list[str], threshold: float | None, limit: int):
    """Run ``work`` in a forked worker: the parent's screener with the worker's own store connection."""
    global _WORKER
    if _WORKER is None:
        from watchlist.store import Store

        assert _PARENT is not None
        w = copy.copy(_PARENT)
        w.store = Store(_PARENT.store.folder)  # a SQLite connection must not cross a fork
        w._summaries, w._names = {}, {}
        _WORKER = w
    return work(_WORKER, names, ids, threshold, limit)


@dataclass(slots=True)
class BatchStats:
    """What a batch run saw.

    ``screen_file(keep=True)`` also keeps the distinct names screened (``queries``) and the keys
    of the report's alerts (``keys``): remembering the screening then needs no second reading of
    the input or of the report (:func:`watchlist.screen.remember.finish_report`). None: not kept.
    """

    rows: int = 0
    screened: int = 0
    empty_rows: list[int] = field(default_factory=list)
    alerts: int = 0
    names_with_alerts: int = 0
    queries: set[str] | None = None
    keys: set[tuple[str, str, str, str]] | None = None

    def add(self, alerts: int, names_with_alerts: int, keys: Iterable[tuple[str, str, str, str]]) -> None:
        """Count a chunk's report rows and the rows with any (and keep its alert keys when keys are kept)."""
        self.alerts += alerts
        self.names_with_alerts += names_with_alerts
        if self.keys is not None:
            self.keys.update(keys)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while names are screened.

    Screening makes no reference cycles, but it fills large caches (words, queries), and every
    collection walks all of them: with the collector on, 30,000 names took 12.3 s in one
    process, 10.9 s without it. Reference counting still frees everything as usual. On the way out
    what the batch made is moved to the oldest generation (freeze, unfreeze): the first collection
    after a 100,000-name batch walked all of it as young objects (48 ms of the command's end).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if not gc.get_freeze_count():  # (what a caller froze itself stays frozen)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def screen_rows(screener: Screener, rows: Iterable[InputRow], *, threshold: float | None = None,
                limit: int = 10, stats: BatchStats | None = None,
                progress: Callable[[int], None] | None = None, jobs: int = 1) -> Iterator[Alert]:
    """Alerts for every row, in input order; rows with an empty name are counted in ``stats``.

    ``jobs > 1`` screens chunks in that many forked worker processes (Linux/macOS
    "fork" start method; elsewhere, and for at most JOB_CHUNK rows, this process does it), in
    chunks that shrink towards the end of the file (:func:`_guided_chunks`).
    """
    stats = stats if stats is not None else BatchStats()
    with collector_paused():
        for *_, results in _screen_chunks(screener, rows, _alerts, threshold, limit, stats, progress, jobs):
            for alerts in results:
                stats.alerts += len(alerts)
                stats.names_with_alerts += bool(alerts)
                yield from alerts


def _screen_chunks(screener: Screener, rows: Iterable[InputRow], work: Callable, threshold: float | None,
                   limit: int, stats: BatchStats, progress: Callable[[int], None] | None, jobs: int,
                   send: Callable[[list[str], list[str]], tuple[list[str], list[str]]] | None = None) -> Iterator:
    """(names, ids, sent names, ``work(screener, *sent, threshold, limit)``) of each chunk's named rows, in input order.

    ``send(names, ids)`` gives the names and ids the work is done for (default: all of them).
    Counts rows, screened and empty names in ``stats``; ``progress`` hears of each chunk once
    its result has been taken.
    """
    it = iter(rows)
    first = list(islice(it, _window(jobs) if jobs > 1 else CHUNK))
    parallel = jobs > 1 and len(first) > JOB_CHUNK and "fork" in multiprocessing.get_all_start_methods()

    def split(chunk: list[InputRow]) -> tuple[list[str], list[str], tuple[list[str], list[str]]]:
        names, ids = [], []
        for r in chunk:
            stats.rows += 1
            if r.name.strip():
                names.append(r.name)
                ids.append(r.input_id)
            else:
                stats.empty_rows.append(r.row)
        stats.screened += len(names)
        if stats.queries is not None:
            stats.queries.update(names)
        return names, ids, (names, ids) if send is None else send(names, ids)

    if not parallel:
        for chunk in _chunks(_chain(first, it), CHUNK):
            names, ids, sent = split(chunk)
            yield names, ids, sent[0], work(screener, *sent, threshold, limit)
            if progress is not None:
                progress(len(chunk))
        return
    global _PARENT
    _PARENT = screener
    ctx = multiprocessing.get_context("fork")
    pending: deque[tuple[int, list[str], list[str], list[str], Future]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        try:
            for chunk in _guided_chunks(first, it, jobs):
                names, ids, sent = split(chunk)
                pending.append((len(chunk), names, ids, sent[0],
                                pool.submit(_in_worker, work, *sent, threshold, limit)))
                while len(pending) > 2 * jobs:  # bounded read-ahead, results in input order
                    n, names, ids, sent_names, f = pending.popleft()
                    yield names, ids, sent_names, f.result()
                    if progress is not None:
                        progress(n)
            while pending:
                n, names, ids, sent_names, f = pending.popleft()
                yield names, ids, sent_names, f.result()
                if progress is not None:
                    progress(n)
        finally:
            for *_, f in pending:
                f.cancel()
            _PARENT = None


def _window(jobs: int) -> int:
    """Rows the parallel screening reads ahead of the chunks it cuts (JOB_CHUNK_MAX x CHUNKS_PER_JOB x jobs)."""
    return JOB_CHUNK_MAX * CHUNKS_PER_JOB * jobs


def _job_chunk(left: int, jobs: int) -> int:
    """The next chunk's rows when ``left`` rows are left in the file: about 1/CHUNKS_PER_JOB of a worker's
    share, within JOB_CHUNK..JOB_CHUNK_MAX (guided self-scheduling: the chunks shrink towards the end, so
    the last ones are small and every worker stays busy to the end)."""
    return max(JOB_CHUNK, min(JOB_CHUNK_MAX, left // (jobs * CHUNKS_PER_JOB)))


def _guided_chunks(first: list[InputRow], rest: Iterator[InputRow], jobs: int) -> Iterator[list[InputRow]]:
    """The rows in chunks for ``jobs`` workers: JOB_CHUNK_MAX rows while more than :func:`_window` rows are
    left, then :func:`_job_chunk` of the rows left. ``first``: the first rows, read ahead (at most the window);
    the rest are read as the window empties, so memory stays bounded whatever the file's size."""
    window = _window(jobs)
    buf = deque(first)
    end = len(first) < window
    while True:
        if not end and len(buf) < window:
            more = list(islice(rest, window - len(buf)))
            end = len(buf) + len(more) < window
            buf.extend(more)
        if not buf:
            return
        size = JOB_CHUNK_MAX if not end else _job_chunk(len(buf), jobs)
        yield [buf.popleft() for _ in range(min(size, len(buf)))]


def _chain(first: list[InputRow], rest: Iterator[InputRow]) -> Iterator[InputRow]:
    yield from first
    yield from rest


def screen_file(screener: Screener, path: Path, out, *, column: str, id_column: str | None = None,
                threshold: float | None = None, limit: int = 10, encoding: str = "utf-8-sig",
                progress: Callable[[int], None] | None = None, jobs: int = 1, keep: bool = False) -> BatchStats:
    """Screen the names in ``column`` of a CSV/XLSX file and write the CSV report to ``out``.

    ``jobs``: worker processes (see :func:`screen_rows`); the report does not depend on it.
    ``keep``: keep the distinct names and the alert keys in the stats (for ``finish_report``).
    A repeated name is screened once (the lines of at most KNOWN_MAX names are kept).
    """
    stats = BatchStats(queries=set(), keys=set()) if keep else BatchStats()
    out.write(CSV_HEADER)
    rows = read_rows(path, column, id_column, encoding)
    # A name met again is not screened again: its report lines (without the input id cell) are kept
    # by name. None: the name's chunk is not back yet (chunks come back in input order, so its
    # lines are there when a later chunk is written).
    known: dict[str, tuple[str, ...] | None] = {}

    def send(names: list[str], ids: list[str]) -> tuple[list[str], list[str]]:
        fresh = [n for n in dict.fromkeys(names) if n not in known]
        if len(known) < KNOWN_MAX:
            known.update(dict.fromkeys(fresh))
        return fresh, []

    with collector_paused():
        for names, ids, sent, part in _screen_chunks(screener, rows, lines_chunk, threshold, limit, stats, progress,
                                                     jobs, send):
            got = dict(zip(sent, part.lines))
            known.update([(n, lines) for n, lines in got.items() if n in known])
            text, named = _under_ids(ids, [got[n] if n in got else known[n] for n in names])
            out.write("".join(text))
            stats.add(len(text), named, part.keys)
    return stats
