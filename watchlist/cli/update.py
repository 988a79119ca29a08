"""`watchlist lists update`: download lists from their publishers and import the new versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from watchlist.cli._common import QuietOpt, StoreOpt, _err, _errors, _open_store, _Say, lists_app
from watchlist.errors import WatchlistError


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


@lists_app.command("update")
def lists_update(
    names: Annotated[list[str] | None, typer.Argument(help="Lists to update (default: every list in the config).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Sources config (default: sources.toml in the store folder, created on first use).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each file (connect, each read, and the whole download).")] = 60.0,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse a file larger than this.")] = 512 * 1024 * 1024,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Download the current list files from their publishers, check they read, import them and print what changed.

    Proxies come from HTTP_PROXY / HTTPS_PROXY / NO_PROXY. A list whose download
    or reading fails keeps its previous version; the others are still updated.
    """
    from watchlist.update import load_sources, sources_path, update_list

    say = _Say(quiet)
    failed = 0
    with _errors():
        st = _open_store(store, say, bundled=False)
        path = sources_path(st, config)
        sources = load_sources(path)
        wanted = list(dict.fromkeys(names or sources))
        unknown = [n for n in wanted if n not in sources]
        if unknown:
            raise WatchlistError(f"no list named {', '.join(map(repr, unknown))} in {path} "
                                 f"(lists: {', '.join(sources)}). Add a [lists.NAME] table to it")
        say(f"sources: {path}")
        for name in wanted:
            try:
                up = update_list(st, sources[name], timeout=timeout, max_bytes=max_bytes, progress=say)
            except WatchlistError as exc:
                failed += 1
                _err(str(exc).rstrip(".") + ".")
                continue
            v = up.result.version
            fetched = f"downloaded {_size(up.bytes)} in {up.seconds:.1f} s"
            if up.diff is None:
                typer.echo(f"{name}: unchanged, same content as v{v.version} ({v.entities:,} entities); "
                           f"nothing added ({fetched}).")
                continue
            d = up.diff
            since = f" since v{up.result.previous.version}" if up.result.previous else ""
            typer.echo(
                f"{name} v{v.version}: {v.entities:,} entities, {v.names:,} names"
                f"{' published ' + v.published if v.published else ''}; "
                f"{d.count('added'):,} added, {d.count('removed'):,} removed, {d.count('changed'):,} changed{since} "
                f"({fetched})"
            )
    if failed:
        raise typer.Exit(1)
