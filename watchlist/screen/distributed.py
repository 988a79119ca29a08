"""Batch screening on a Dask cluster (the ``dask`` extra: ``pip install 'watchlist[dask]'``).

The input is partitioned with ``dask.dataframe``; each partition is screened on
a worker, which opens the store and loads each list's persisted index once
(cached per worker process for the life of the worker). Results are written
in input order, partition after partition, so the report is the same as the
local engine's. The store folder must be readable at the same path by every
worker (a shared file system, or the same machine for a LocalCluster).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchlist.errors import InputError, WatchlistError
from watchlist.screen.batch import CSV_HEADER, BatchStats, report_chunk

__all__ = ["screen_file_dask"]

_WORKER_SCREENERS: dict[tuple[str, tuple[int, ...]], Any] = {}


def _worker_screener(store_folder: str, version_ids: tuple[int, ...]):
    """The worker's Screener for these exact list versions, loaded once per worker process."""
    key = (store_folder, version_ids)
    screener = _WORKER_SCREENERS.get(key)
    if screener is None:
        from watchlist.screen.screener import Screener
        from watchlist.store import Store

        store = Store(store_folder)
        versions = [v for v in store.versions() if v.id in version_ids]
        screener = _WORKER_SCREENERS[key] = Screener(store, versions=versions)
    return screener


def _screen_partition(frame, store_folder: str, version_ids: tuple[int, ...], column: str,
                      id_column: str | None, first_row: int, threshold: float | None, limit: int) -> dict:
    """Screen one partition; returns its report rows as CSV text plus counts (run on a worker)."""
    screener = _worker_screener(store_folder, version_ids)
    names = frame[column].tolist()
    rows = list(range(first_row, first_row + len(names)))
    ids = frame[id_column].str.strip().tolist() if id_column else [str(r) for r in rows]
    keep = [i for i, n in enumerate(names) if n.strip()]
    empty = [rows[i] for i, n in enumerate(names) if not n.strip()]
    part = report_chunk(screener, [names[i] for i in keep], [ids[i] for i in keep], threshold, limit)
    return {"report": part, "n": len(names), "screened": len(keep), "empty": empty}


def _column(header: list[str], wanted: str, path: Path, option: str) -> str:
    if wanted in header:
        return wanted
    folded = {h.casefold(): h for h in header}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    raise InputError(path.name, 1, f"no column {wanted!r} in the header ({', '.join(header)})",
                     f"Pass the name of the column with {option}")


def _frame(path: Path, encoding: str, blocksize: str):
    import dask.dataframe as dd
    import pandas as pd

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        pdf = pd.read_excel(path, dtype=str, keep_default_na=False)
        return dd.from_pandas(pdf, chunksize=20_000, sort=False)
    return dd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding=encoding,
                       blocksize=blocksize)


def screen_file_dask(store_folder: Path, path: Path, out, *, column: str, id_column: str | None = None,
                     threshold: float | None = None, limit: int = 10, lists: list[str] | None = None,
                     encoding: str = "utf-8-sig", scheduler: str | None = None, workers: int = 2,
                     blocksize: str = "8MB", progress: Callable[[int], None] | None = None,
                     keep: bool = False) -> BatchStats:
    """Screen a CSV/XLSX file on Dask workers; write the report (input order) to ``out``.

    ``scheduler`` is the address of an existing cluster; without it a LocalCluster of
    ``workers`` single-threaded worker processes is started and closed afterwards. ``keep``: keep
    the alert keys in the stats (not the names: dask reads the input its own way).
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise WatchlistError("--engine dask needs the dask extra. Install it with pip install 'watchlist[dask]'") from exc
    from watchlist.screen.screener import Screener
    from watchlist.store import Store

    if not path.is_file():
        raise InputError(str(path), "", "no such file", "Check the path")
    screener = Screener(Store(store_folder), lists)  # validates the lists here, before any worker starts
    version_ids = tuple(sorted(v.id for v in screener.versions))
    try:
        frame = _frame(path, encoding, blocksize)
    except UnicodeDecodeError as exc:
        raise InputError(path.name, "", f"bytes that are not {encoding} ({exc.reason})",
                         "Re-save the file as UTF-8, or pass --encoding cp1252") from None
    except (ValueError, OSError) as exc:
        raise InputError(path.name, "", f"cannot read ({exc})", "Pass a CSV or XLSX file with a header row") from None
    header = [str(c) for c in frame.columns]
    col = _column(header, column, path, "--column")
    idc = _column(header, id_column, path, "--id-column") if id_column else None
    frame = frame[[col] + ([idc] if idc and idc != col else [])]
    cluster = None
    client = Client(scheduler) if scheduler else None
    if client is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        sizes = [int(n) for n in frame.map_partitions(len).compute()]
        starts = [2 + sum(sizes[:i]) for i in range(len(sizes))]  # row 1 is the header
        parts = client.compute(frame.to_delayed())
        futures = [
            client.submit(_screen_partition, part, str(store_folder), version_ids, col, idc, first, threshold,
                          limit, pure=False)
            for part, first in zip(parts, starts, strict=True)
        ]
        stats = BatchStats(keys=set() if keep else None)
        out.write(CSV_HEADER)
        for fut in futures:  # in input order
            result = fut.result()
            part = result["report"]
            out.write(part.text)
            stats.rows += result["n"]
            stats.screened += result["screened"]
            stats.empty_rows.extend(result["empty"])
            stats.add(part.alerts, part.names_with_alerts, part.keys)
            if progress is not None:
                progress(result["n"])
        return stats
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
