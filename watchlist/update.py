"""Update lists from their publishers: download, check that the files parse, import a new version.

Where each list is downloaded from is kept in ``sources.toml`` in the store
folder, written from :data:`DEFAULT_SOURCES_TOML` on first use; users edit it
to use a mirror or to add a list. The defaults are the addresses the
publishers document for downloading their lists.

All files of one list are downloaded into a temporary folder, read with the
list's reader, and only then imported (atomically) as the next version. A
download, parse or import failure of a list leaves its versions as they were.
"""

from __future__ import annotations

import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import ListFormatError, WatchlistError
from watchlist.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, FetchError, fetch, file_name
from watchlist.store.core import ImportResult, Store
from watchlist.store.diff import ListDiff, diff_versions

__all__ = [
    "DEFAULT_SOURCES_TOML",
    "SOURCES_FILE",
    "Source",
    "UpdateError",
    "Updated",
    "load_sources",
    "sources_path",
    "update_list",
]

SOURCES_FILE = "sources.toml"

DEFAULT_SOURCES_TOML = """\
# Where `watchlist lists update` downloads each list from. Edit a URL to use a mirror,
# or add a [lists.NAME] table (format = one of watchlist's list formats, urls = the files).
# Files are saved under the last part of their URL, which is how the readers recognise them.
# Defaults: the download addresses each publisher documents for its list.

# US Treasury OFAC, Specially Designated Nationals list, legacy CSV files
# (https://ofac.treasury.gov/sdn-list-data-formats-data-schemas)
[lists.ofac-sdn]
format = "ofac-sdn"
urls = [
    "https://www.treasury.gov/ofac/downloads/sdn.csv",
    "https://www.treasury.gov/ofac/downloads/alt.csv",
    "https://www.treasury.gov/ofac/downloads/add.csv",
    "https://www.treasury.gov/ofac/downloads/sdn_comments.csv",
]

# US Treasury OFAC, Consolidated (non-SDN) list, legacy CSV files
[lists.ofac-cons]
format = "ofac-cons"
urls = [
    "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv",
    "https://www.treasury.gov/ofac/downloads/consolidated/cons_alt.csv",
    "https://www.treasury.gov/ofac/downloads/consolidated/cons_add.csv",
    "https://www.treasury.gov/ofac/downloads/consolidated/cons_comments.csv",
]

# UN Security Council Consolidated List, XML
# (https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list)
[lists.un-sc]
format = "un-sc"
urls = ["https://scsanctions.un.org/resources/xml/en/consolidated.xml"]

# HM Treasury OFSI Consolidated List, 2022 format (XLSX; ConList.csv is the same list as CSV)
# (https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets)
[lists.uk-ofsi]
format = "uk-ofsi"
urls = ["https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx"]
"""


class UpdateError(WatchlistError):
    """A list could not be updated (its store versions are unchanged)."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where one list comes from."""

    list: str
    format: str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Updated:
    """What updating one list did."""

    source: Source
    result: ImportResult
    diff: ListDiff | None  # None when the content was unchanged
    bytes: int
    seconds: float


def sources_path(store: Store, config: Path | None = None) -> Path:
    """The sources config in use: ``config``, else ``sources.toml`` in the store folder (created if missing)."""
    if config is not None:
        return config
    path = store.folder / SOURCES_FILE
    if not path.exists():
        store.folder.mkdir(parents=True, exist_ok=True)
        path.write_text(DEFAULT_SOURCES_TOML, encoding="utf-8")
    return path


def load_sources(path: Path) -> dict[str, Source]:
    """The lists of a sources config, by name."""
    from watchlist.sources import FORMATS

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UpdateError(f"{path}: cannot read the sources config ({exc.strerror}). Check --config") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UpdateError(f"{path}: not valid TOML ({exc}). Fix the file, or delete it to get the defaults back") from None
    lists = data.get("lists")
    if not isinstance(lists, dict) or not lists:
        raise UpdateError(f"{path}: no [lists.NAME] tables. Delete the file to get the defaults back")
    out: dict[str, Source] = {}
    for name, table in lists.items():
        fmt = table.get("format") if isinstance(table, dict) else None
        urls = table.get("urls") if isinstance(table, dict) else None
        if fmt not in FORMATS:
            raise UpdateError(f"{path}: [lists.{name}] format {fmt!r} is not one of {', '.join(FORMATS)}. Fix the file")
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u for u in urls):
            raise UpdateError(f"{path}: [lists.{name}] needs urls = [\"https://...\", ...]. Fix the file")
        names = [file_name(u) for u in urls]
        if len(set(names)) != len(names):
            raise UpdateError(f"{path}: [lists.{name}] has two URLs ending in the same file name. Fix the file")
        out[name] = Source(name, fmt, tuple(urls))
    return out


def update_list(store: Store, source: Source, *, timeout: float = DEFAULT_TIMEOUT_S,
                max_bytes: int = DEFAULT_MAX_BYTES, progress: Callable[[str], None] | None = None) -> Updated:
    """Download one list's files, read them, and import them as its next version.

    Raises:
        UpdateError: naming the list and URL; the store is unchanged.
    """
    from watchlist.sources import read_list

    say = progress or (lambda _msg: None)
    total = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix=f"watchlist-{source.list}-") as tmp:
        folder = Path(tmp)
        paths: list[Path] = []
        for url in source.urls:
            say(f"{source.list}: downloading {url}")
            try:
                got = fetch(url, folder, timeout=timeout, max_bytes=max_bytes)
            except FetchError as exc:
                raise UpdateError(f"{source.list}: {exc}") from None
            total += got.size
            seconds += got.seconds
            paths.append(got.path)
        try:
            parsed = read_list(paths, source.format)
        except ListFormatError as exc:
            url = _url_of(source.urls, exc.file)
            raise UpdateError(f"{source.list}: {url}: the downloaded file does not read as {source.format}: "
                              f"{exc}".rstrip(".") + ". Nothing was imported") from None
        if not parsed.entities:
            raise UpdateError(f"{source.list}: {', '.join(source.urls)}: no entities in the downloaded files. "
                              "Nothing was imported; check the URLs")
        for message, count in parsed.warnings.items():
            say(f"{source.list}: warning: {count:,} {message}")
        result = store.import_parsed(source.list, parsed, progress=say)
    diff = None if result.unchanged else diff_versions(store, result.previous, result.version)
    return Updated(source, result, diff, total, seconds)


def _url_of(urls: Sequence[str], file: str) -> str:
    for url in urls:
        if file and (file == file_name(url) or file.endswith("/" + file_name(url))):
            return url
    return ", ".join(urls)
