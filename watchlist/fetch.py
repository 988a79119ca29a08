"""Download list files over HTTP(S), with a timeout, a size cap and proxies from the environment.

``urllib``'s default opener honours ``HTTP_PROXY``, ``HTTPS_PROXY`` and
``NO_PROXY`` (lower-case too), so a corporate proxy needs no option here.
``timeout`` bounds every connect and read, and the whole download of one file
(a server that trickles bytes is cut off too). A file is written to
``<folder>/<name>.part`` and renamed when complete, so a failed download never
leaves a half file under its real name.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchlist import __version__
from watchlist.errors import WatchlistError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT_S", "Downloaded", "FetchError", "fetch", "file_name"]

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_CHUNK = 1 << 16


class FetchError(WatchlistError):
    """A file could not be downloaded."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    """A file downloaded to ``path``."""

    url: str
    path: Path
    size: int
    seconds: float


def file_name(url: str) -> str:
    """The file name a URL is saved under: the last part of its path (``sdn.csv``)."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if not name or name in (".", ".."):
        raise FetchError(f"{url}: the URL does not end in a file name. Point it at the file itself")
    return name


def fetch(url: str, folder: Path, *, timeout: float = DEFAULT_TIMEOUT_S,
          max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> Downloaded:
    """Download ``url`` into ``folder`` (as ``name``, default :func:`file_name`)."""
    target = folder / (name or file_name(url))
    part = target.with_name(target.name + ".part")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https", "file"):
        raise FetchError(f"{url}: unsupported URL scheme {scheme!r}. Use an http(s):// address")
    request = urllib.request.Request(url, headers={"User-Agent": f"watchlist/{__version__}"})
    t0 = time.monotonic()
    size = 0
    try:
        opener = urllib.request.build_opener()  # built per call: reads *_PROXY from the environment now
        with opener.open(request, timeout=timeout) as resp, open(part, "wb") as out:
            declared = resp.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: the file is {int(declared):,} bytes, over the {max_bytes:,}-byte cap. "
                                 "Raise --max-bytes if this is expected")
            while chunk := resp.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: more than {max_bytes:,} bytes. Raise --max-bytes if this is expected")
                if time.monotonic() - t0 > timeout:
                    raise FetchError(f"{url}: download took longer than {timeout:g} s. "
                                     "Try again, or raise --timeout")
                out.write(chunk)
            if declared is not None and declared.isdigit() and size != int(declared):
                raise FetchError(f"{url}: the connection closed after {size:,} of {int(declared):,} bytes. Try again")
        part.replace(target)
    except FetchError:
        part.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}. Check the URL in the sources config") from None
    except TimeoutError:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: no answer within {timeout:g} s. Try again, or raise --timeout") from None
    except urllib.error.URLError as exc:
        part.unlink(missing_ok=True)
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise FetchError(f"{url}: no answer within {timeout:g} s. Try again, or raise --timeout") from None
        raise FetchError(f"{url}: cannot connect ({reason}). Check the network, the URL or HTTPS_PROXY") from None
    except http.client.IncompleteRead as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: the connection closed after {size + len(exc.partial):,} bytes. "
                         "Try again") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: download failed ({exc.__class__.__name__}: {exc}). Try again") from None
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: cannot save to {part} ({exc.strerror}). Check the disk") from None
    return Downloaded(url, target, size, time.monotonic() - t0)
