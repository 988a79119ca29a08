"""`watchlist lists update` against a local HTTP server serving the real publisher files.

The server listens on 127.0.0.1 only; the proxy test uses a second local
server as the proxy, so nothing here leaves the machine. Every failure must
print one ``Error:`` line naming the list and the URL, exit 1, and leave the
store's versions exactly as they were.
"""

from __future__ import annotations

import http.server
import random
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from watchlist.cli import app
from watchlist.store import Store
from watchlist.update import DEFAULT_SOURCES_TOML, SOURCES_FILE, load_sources, sources_path

runner = CliRunner()

SDN_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(res, *fragments):
    assert res.exit_code == 1, res.output
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("Error: ")]
    assert len(errors) == 1, res.stderr
    assert errors[0].endswith("."), errors[0]
    assert "Traceback" not in res.output
    for f in fragments:
        assert f in errors[0], errors[0]


def _routes(raw: Path) -> dict[str, bytes]:
    routes: dict[str, bytes] = {}
    for name in SDN_FILES:
        routes[f"/sdn2021/{name}"] = (raw / "ofac-sdn-2021-07-set" / name).read_bytes()
        routes[f"/sdn2024/{name}"] = (raw / "ofac-sdn" / name).read_bytes()
    routes["/un/consolidated.xml"] = (raw / "un-sc" / "consolidated.xml").read_bytes()
    sdn = routes["/sdn2024/sdn.csv"]
    cut = sdn.index(b"\r\n", len(sdn) // 2) + 40  # 40 bytes into a row: cut mid-row
    routes["/truncated/sdn.csv"] = sdn[:cut]
    for name in SDN_FILES[1:]:
        routes[f"/truncated/{name}"] = routes[f"/sdn2024/{name}"]
    routes["/broken/consolidated.xml"] = random.Random(6).randbytes(50_000)  # garbage bytes
    return routes


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    proxied: ClassVar[list[str]] = []

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:  # http.server's name for it
        path = self.path
        if path.startswith("http://"):  # a proxy request carries the absolute URL
            self.proxied.append(path)
            path = "/" + path.split("/", 3)[3]
        if path.startswith("/slow/"):
            time.sleep(3)
            path = path.replace("/slow/", "/un/", 1)
        if path.startswith("/short/"):  # announces more bytes than it sends, then hangs up
            body = self.routes["/un/consolidated.xml"]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 3])
            self.close_connection = True
            return
        body = self.routes.get(path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client giving up (timeout, size cap) breaks the pipe: expected here, not worth a traceback


@pytest.fixture(scope="module")
def server(raw):
    _Handler.routes = _routes(raw)
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_outside_proxy(monkeypatch):
    """Whatever proxy the machine has, these tests talk to 127.0.0.1 directly (unless a test sets one)."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def _config(tmp_path: Path, **lists: tuple[str, list[str]]) -> Path:
    lines = []
    for name, (fmt, urls) in lists.items():
        lines += [f"[lists.{name}]", f'format = "{fmt}"', "urls = [" + ", ".join(f'"{u}"' for u in urls) + "]", ""]
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _sdn(server: str, folder: str) -> tuple[str, list[str]]:
    return ("ofac-sdn", [f"{server}/{folder}/{n}" for n in SDN_FILES])


def _versions(store: Path) -> list[tuple[str, int, str]]:
    st = Store(store)
    try:
        return [(v.list, v.version, v.content_sha256) for v in st.versions()]
    finally:
        st.close()


@pytest.fixture(scope="module")
def _sdn_v1_master(server, tmp_path_factory):
    """A store holding sdn v1 (2021) downloaded from the local server; copied per test."""
    base = tmp_path_factory.mktemp("update")
    cfg = _config(base, sdn=_sdn(server, "sdn2021"))
    res = run("lists", "update", "--config", cfg, "--store", base / "store")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("sdn v1: 8,976 entities, ")
    assert "; 8,976 added, 0 removed, 0 changed (downloaded 3.5 MB in " in res.stdout
    return base / "store"


@pytest.fixture()
def sdn_v1(_sdn_v1_master, tmp_path) -> Path:
    import shutil

    folder = tmp_path / "store"
    shutil.copytree(_sdn_v1_master, folder)
    return folder


# ------------------------------------------------------------------ success


def test_update_imports_a_new_version_prints_the_diff_then_says_unchanged(server, sdn_v1, tmp_path):
    cfg = _config(tmp_path, sdn=_sdn(server, "sdn2024"))
    res = run("lists", "update", "--config", cfg, "--store", sdn_v1)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("sdn v2: 14,965 entities, 32,612 names; ")
    assert "6,870 added, 881 removed, 1,316 changed since v1 (downloaded 6.6 MB in " in res.stdout
    assert f"sdn: downloading {server}/sdn2024/sdn.csv" in res.stderr
    assert [v[:2] for v in _versions(sdn_v1)] == [("sdn", 1), ("sdn", 2)]
    again = run("lists", "update", "sdn", "--config", cfg, "--store", sdn_v1)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("sdn: unchanged, same content as v2 (14,965 entities); nothing added (downloaded ")
    assert [v[:2] for v in _versions(sdn_v1)] == [("sdn", 1), ("sdn", 2)]


def test_update_goes_through_the_proxy_named_in_the_environment(server, tmp_path, monkeypatch):
    # lists.example.invalid does not resolve: the file can only arrive through the (local) proxy
    cfg = _config(tmp_path, un=("un-sc", ["http://lists.example.invalid/un/consolidated.xml"]))
    monkeypatch.setenv("HTTP_PROXY", server)
    monkeypatch.setenv("http_proxy", server)
    _Handler.proxied.clear()
    res = run("lists", "update", "--config", cfg, "--store", tmp_path / "s")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("un v1: 1,003 entities, ")
    assert _Handler.proxied == ["http://lists.example.invalid/un/consolidated.xml"]


def test_first_update_writes_the_default_config_with_the_publishers_addresses(tmp_path):
    st = Store(tmp_path / "s")
    path = sources_path(st)
    assert path == tmp_path / "s" / SOURCES_FILE
    assert path.read_text(encoding="utf-8") == DEFAULT_SOURCES_TOML
    sources = load_sources(path)
    assert sorted(sources) == ["ofac-cons", "ofac-sdn", "uk-ofsi", "un-sc"]
    assert sources["ofac-sdn"].urls == tuple(f"https://www.treasury.gov/ofac/downloads/{n}" for n in SDN_FILES)
    assert sources["un-sc"].urls == ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",)
    assert sources["ofac-cons"].urls[0] == "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv"
    assert sources["uk-ofsi"].format == "uk-ofsi"
    path.write_text('[lists.mine]\nformat = "un-sc"\nurls = ["http://127.0.0.1:9/x.xml"]\n', encoding="utf-8")
    assert list(load_sources(sources_path(st))) == ["mine"]  # the user's edits are kept, not overwritten


def test_one_failing_list_does_not_stop_the_others(server, tmp_path):
    cfg = _config(tmp_path, bad=("un-sc", [f"{server}/missing/consolidated.xml"]),
                  un=("un-sc", [f"{server}/un/consolidated.xml"]))
    res = run("lists", "update", "--config", cfg, "--store", tmp_path / "s")
    one_error_line(res, "bad: ", f"{server}/missing/consolidated.xml", "HTTP 404")
    assert res.stdout.startswith("un v1: 1,003 entities")
    assert [v[:2] for v in _versions(tmp_path / "s")] == [("un", 1)]


# ------------------------------------------------------------------ failures: the store keeps its versions


@pytest.mark.parametrize(
    ("folder", "options", "fragments"),
    [
        ("missing", [], ["HTTP 404 Not Found", "Check the URL"]),
        ("truncated", [], ["sdn.csv", "does not read as ofac-sdn", "looks truncated", "Nothing was imported"]),
        ("slow", ["--timeout", "0.5"], ["no answer within 0.5 s", "raise --timeout"]),
        ("short", [], ["the connection closed after 676,873 of 2,030,620 bytes", "Try again"]),
        ("broken", [], ["does not read as"]),
        ("sdn2024", ["--max-bytes", "100000"], ["over the 100,000-byte cap"]),
    ],
)
def test_a_failed_update_prints_one_error_naming_list_and_url_and_keeps_the_store(server, sdn_v1, tmp_path, folder,
                                                                                 options, fragments):
    before = _versions(sdn_v1)
    if folder in ("slow", "short", "broken"):
        source = ("ofac-sdn", [f"{server}/{folder}/consolidated.xml"])
        if folder == "broken":
            source = ("un-sc", source[1])
        url = source[1][0]
    else:
        source = _sdn(server, folder)
        url = source[1][0]
    cfg = _config(tmp_path, sdn=source)
    t0 = time.monotonic()
    res = run("lists", "update", "--config", cfg, "--store", sdn_v1, *options)
    one_error_line(res, "Error: sdn: ", url, *fragments)
    assert res.stdout == ""
    assert _versions(sdn_v1) == before  # the previous version is still the latest, nothing added
    if folder == "slow":
        assert time.monotonic() - t0 < 3  # gave up at the timeout, did not wait for the server


def test_unknown_list_name_and_bad_config_are_clear_errors(tmp_path):
    res = run("lists", "update", "nosuch", "--store", tmp_path / "s")
    one_error_line(res, "no list named 'nosuch' in", "sources.toml", "(lists: ofac-sdn, ofac-cons, un-sc, uk-ofsi)")
    bad = tmp_path / "bad.toml"
    bad.write_text("[lists.x\nformat=", encoding="utf-8")
    one_error_line(run("lists", "update", "--config", bad, "--store", tmp_path / "s"), "bad.toml: not valid TOML")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[lists.x]\nformat = "pdf"\nurls = ["http://127.0.0.1:9/a.pdf"]\n', encoding="utf-8")
    one_error_line(run("lists", "update", "--config", wrong, "--store", tmp_path / "s"),
                   "[lists.x] format 'pdf' is not one of")
    missing = run("lists", "update", "--config", tmp_path / "nope.toml", "--store", tmp_path / "s")
    one_error_line(missing, "nope.toml: cannot read the sources config")
