"""`watchlist lists ...`: import, ls, show, diff."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from watchlist.cli._common import (
    OutputFormat,
    QuietOpt,
    StoreOpt,
    _emit,
    _errors,
    _open_store,
    _Say,
    lists_app,
)


def _parse_map(value: Optional[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        key, sep, col = part.partition("=")
        if not sep or not key.strip() or not col.strip():
            raise typer.BadParameter(f"{part!r} is not FIELD=COLUMN", param_hint="--map")
        out[key.strip()] = col.strip()
    return out




@lists_app.command("import")
def lists_import(
    paths: Annotated[list[Path], typer.Argument(help="List files, or the folder holding them.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="ofac-sdn, ofac-cons, uk-ofsi, un-sc, opensanctions, generic.")],
    list_name: Annotated[Optional[str], typer.Option("--list", help="List name (default: the format's name).")] = None,
    mapping: Annotated[Optional[str], typer.Option("--map", help="generic: name=COL,id=COL,type=COL,aliases=COL,...")] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Import list files as a new version of a list and print what changed."""
    from watchlist.sources import FORMATS, read_list
    from watchlist.store import diff_versions

    say = _Say(quiet)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    options = {}
    if fmt == "generic":
        if not mapping:
            raise typer.BadParameter("the generic format needs --map name=COL[,id=COL,type=COL,aliases=COL]",
                                     param_hint="--map")
        _parse_map(mapping)
        options["map"] = mapping
    with _errors():
        st = _open_store(store, say, bundled=False)
        name = list_name or fmt
        t0 = time.perf_counter()
        say(f"reading {', '.join(str(p) for p in paths)} as {fmt}")
        parsed = read_list(paths, fmt, options)
        for message, count in parsed.warnings.items():
            say(f"warning: {count:,} {message}")
        for note in parsed.notes:
            say(f"note: {note}")
        result = st.import_parsed(name, parsed, options=json.dumps(options, sort_keys=True), progress=say)
        v = result.version
        if result.unchanged:
            typer.echo(f"{name}: unchanged, same content as v{v.version} ({v.entities:,} entities); nothing added.")
            return
        d = diff_versions(st, result.previous, v)
        since = f" since v{result.previous.version}" if result.previous else ""
        typer.echo(
            f"{name} v{v.version}: {v.entities:,} entities, {v.names:,} names"
            f"{' published ' + v.published if v.published else ''}; "
            f"{d.count('added'):,} added, {d.count('removed'):,} removed, {d.count('changed'):,} changed{since} "
            f"({time.perf_counter() - t0:.1f} s)"
        )


def _version_rows(versions) -> list[dict]:
    return [
        {"list": v.list, "version": v.version, "imported_at": v.imported_at, "published": v.published,
         "entities": v.entities, "names": v.names, "format": v.format,
         "files": "; ".join(f.name for f in v.files), "content_sha256": v.content_sha256,
         "warnings": "; ".join(f"{n} {m}" for m, n in v.warnings)}
        for v in versions
    ]


@lists_app.command("ls")
def lists_ls(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show each list's versions."""
    with _errors():
        st = _open_store(store, _Say(quiet))
        rows = _version_rows(st.versions())
        cols = ["list", "version", "imported_at", "published", "entities", "names", "format", "files"]
        _emit(rows, fmt, cols if fmt is OutputFormat.table else None, "lists")


@lists_app.command("show")
def lists_show(
    name: Annotated[str, typer.Argument(help="List name.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show one list's versions, with files, hashes and import warnings."""
    with _errors():
        st = _open_store(store, _Say(quiet))
        st.version(name)  # raises a clear error for an unknown list
        _emit(_version_rows(st.versions(name)), fmt, title=name)


@lists_app.command("diff")
def lists_diff(
    name: Annotated[str, typer.Argument(help="List name.")],
    from_version: Annotated[Optional[int], typer.Option("--from", help="Old version (default: the one before --to).")] = None,
    to_version: Annotated[Optional[int], typer.Option("--to", help="New version (default: the latest).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Entities added, removed and changed between two versions of a list."""
    from watchlist.store import diff_versions

    with _errors():
        st = _open_store(store, _Say(quiet))
        new = st.version(name, to_version)
        if from_version is None:
            old = st.version(name, new.version - 1) if new.version > 1 else None
        else:
            old = st.version(name, from_version)
        d = diff_versions(st, old, new)
        rows = [
            {"change": c.change, "entity_id": c.entity_id, "entity_type": c.entity_type,
             "primary_name": c.primary_name, "names_added": " | ".join(c.names_added),
             "names_removed": " | ".join(c.names_removed), "programs_added": ", ".join(c.programs_added),
             "programs_removed": ", ".join(c.programs_removed), "fields_changed": ", ".join(c.fields_changed)}
            for c in d.changes
        ]
        cols = list(rows[0]) if rows else ["change", "entity_id", "entity_type", "primary_name", "names_added",
                                           "names_removed", "programs_added", "programs_removed", "fields_changed"]
        if fmt is OutputFormat.table:
            rows = [{"change": c.change, "entity_id": c.entity_id, "primary_name": c.primary_name,
                     "what": c.summary() if c.change == "changed" else ", ".join(c.programs_added or c.programs_removed)}
                    for c in d.changes]
            cols = ["change", "entity_id", "primary_name", "what"]
        old_label = f"v{old.version}" if old else "nothing"
        _Say(quiet)(f"{name}: {old_label} -> v{new.version}: {d.count('added'):,} added, "
                    f"{d.count('removed'):,} removed, {d.count('changed'):,} changed")
        _emit(rows, fmt, cols, f"{name} {old_label} -> v{new.version}")


