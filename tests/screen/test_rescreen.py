"""Delta re-screening on the real OFAC SDN: 2021-07 set as v1, the 2024 files as v2.

The expected alerts are computed independently of the re-screen code: a full
screen of every name against v2, kept where the entity's digest differs from
v1 (or it is new) and the alert key was not in the v1 batch report.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchlist.cli import app
from watchlist.screen.inputs import read_rows
from watchlist.screen.rescreen import DeltaProbe, delta_entities
from watchlist.screen.screener import Screener
from watchlist.sources import read_list
from watchlist.store import Store

runner = CliRunner()

ORDINARY = ["John Smith", "Maria Garcia Lopez", "Wei Zhang", "Anna Mueller", "Olga Petrovna Ivanova",
            "Acme Trading Ltd", "Nordic Fish Export AS", "Pedro Alvarez", "Fatima Begum", "Hans Peter Schmidt"]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _report(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _key(row) -> tuple:
    return (row["input_id"], row["query"], row["list"], row["entity_id"], row["matched_name"])


@pytest.fixture(scope="module")
def sdn_world(raw, tmp_path_factory):
    """sdn v1 (2021) screened by `watchlist batch`, then sdn v2 (2024) imported. Copied per test."""
    base = tmp_path_factory.mktemp("rescreen")
    store = Store(base / "store")
    old = read_list([raw / "ofac-sdn-2021-07-set"], "ofac-sdn")
    new = read_list([raw / "ofac-sdn"], "ofac-sdn")
    old_ids = {e.entity_id for e in old.entities}
    rng = random.Random(6)
    added = rng.sample([e for e in new.entities if e.entity_id not in old_ids], 40)
    kept = rng.sample([e for e in new.entities if e.entity_id in old_ids], 40)
    names = [e.primary_name for e in added] + [e.primary_name for e in kept] + ORDINARY + [added[0].primary_name, ""]
    customers = base / "customers.csv"
    with open(customers, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name"])
        w.writerows([f"C{i:03d}", n] for i, n in enumerate(names))
    store.import_parsed("sdn", old)
    store.close()
    res = run("batch", customers, "-c", "name", "--id-column", "customer_id", "-o", base / "v1.csv",
              "--store", base / "store")
    assert res.exit_code == 0, res.output
    store = Store(base / "store")
    store.import_parsed("sdn", new)
    store.close()
    return base


@pytest.fixture()
def world(sdn_world, tmp_path) -> Path:
    shutil.copytree(sdn_world, tmp_path / "w")
    return tmp_path / "w"


def _expected(world: Path, since: int = 1) -> set[tuple]:
    store = Store(world / "store")
    v_old, v_new = store.version("sdn", since), store.version("sdn")
    before, after = store.digests(v_old), store.digests(v_new)
    touched = {eid for eid, d in after.items() if before.get(eid) != d}
    rows = [r for r in read_rows(world / "customers.csv", "name", "customer_id") if r.name.strip()]
    full = Screener(store).screen_many([r.name for r in rows], input_ids=[r.input_id for r in rows])
    earlier = {_key(r)[1:] for r in _report(world / "v1.csv")}
    store.close()
    return {(a.input_id, a.query, a.list, a.entity_id, a.matched_name, f"{a.score}", str(a.rank))
            for alerts in full for a in alerts
            if a.entity_id in touched and (a.query, a.list, a.entity_id, a.matched_name) not in earlier}


def _got(path: Path) -> set[tuple]:
    return {(*_key(r), r["score"], r["rank"]) for r in _report(path)}


def test_rescreen_reports_exactly_the_new_alerts_of_added_and_changed_entities(world):
    res = run("rescreen", world / "customers.csv", "-c", "name", "--id-column", "customer_id",
              "-o", world / "new.csv", "--store", world / "store")
    assert res.exit_code == 0, res.output
    expected = _expected(world)
    assert len(expected) >= 40  # every added entity's own name, at least
    assert _got(world / "new.csv") == expected
    rows = _report(world / "new.csv")
    assert {r["list_version"] for r in rows} == {"2"}
    assert {r["reason"] for r in rows} <= {"entity added since v1", "entity changed since v1"}
    assert "sdn v2 since v1: 8,186 entities added or changed" in res.stderr
    assert "previous screening " in res.stderr and "1 rows had an empty name" in res.stderr
    # the name given twice (C000 and C090) gets its alerts on both rows
    assert {r["input_id"] for r in rows if r["query"] == rows[0]["query"]} >= {"C000", "C090"}


def test_delta_probe_agrees_with_a_full_search_restricted_to_the_delta(world):
    """The probe skips names; it must never skip one a full search would alert on a delta entity."""
    store = Store(world / "store")
    v1, v2 = store.version("sdn", 1), store.version("sdn", 2)
    delta = delta_entities(store, v1, v2)
    index = store.index(v2)
    probe = DeltaProbe(index, delta.rows)
    names = [r.name for r in read_rows(world / "customers.csv", "name") if r.name.strip()]
    names += [n.upper() for n in names[:20]] + [" ".join(reversed(n.split())) for n in names[:40]]
    for name in names:
        full = any(h.group in delta.rows for h in index.search(name, limit=10_000))
        assert probe.hits(name) == full, name
    store.close()


def test_new_rows_of_the_input_are_screened_in_full(world, raw):
    store = Store(world / "store")
    v2 = store.version("sdn")
    before, after = store.digests(store.version("sdn", 1)), store.digests(v2)
    unchanged = next(e for _, e in store.entities(v2) if before.get(e.entity_id) == after[e.entity_id]
                     and e.type.value == "organization" and len(e.primary_name) > 25)
    store.close()
    # screened against v2 here (so nothing changed since), then the customer file gains a row
    assert run("batch", world / "customers.csv", "-c", "name", "--id-column", "customer_id", "-o", world / "v2.csv",
               "--store", world / "store").exit_code == 0
    with open(world / "customers.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["C999", unchanged.primary_name])
    res = run("rescreen", world / "customers.csv", "-c", "name", "--id-column", "customer_id",
              "--store", world / "store")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert rows and {r["input_id"] for r in rows} == {"C999"}  # the file's previous screening is found by path
    assert rows[0]["entity_id"] == unchanged.entity_id and rows[0]["reason"] == "name not screened before"
    assert "sdn v2 since v2: 0 entities added or changed" in res.stderr


def test_without_a_previous_screening_every_alert_on_the_delta_is_new(world):
    other = world / "other.csv"
    shutil.copy(world / "customers.csv", other)
    with open(other, "a", encoding="utf-8") as fh:
        fh.write("X1,Someone Else\n")  # other content, other path: no previous screening
    res = run("rescreen", other, "-c", "name", "--id-column", "customer_id", "--since", "sdn=1",
              "--store", world / "store")
    assert res.exit_code == 0, res.output
    assert "no previous screening of this input" in res.stderr
    assert _got_stdout(res) >= _expected(world)


def _got_stdout(res) -> set[tuple]:
    return {(*_key(r), r["score"], r["rank"]) for r in csv.DictReader(res.stdout.splitlines())}


def test_rescreen_errors(world):
    args = ["-c", "name", "--store", world / "store"]
    bad = run("rescreen", world / "customers.csv", "--since", "latest", *args)
    assert bad.exit_code == 2 and "is not VERSION or LIST=VERSION" in bad.stderr
    late = run("rescreen", world / "customers.csv", "--since", "7", *args)
    assert late.exit_code == 1 and late.stderr.startswith("Error: --since sdn=7 is after the latest version v2")
    missing = run("rescreen", world / "nope.csv", *args)
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: ") and "nope.csv" in missing.stderr
    column = run("rescreen", world / "customers.csv", "-c", "nom", "--store", world / "store")
    assert column.exit_code == 1 and "no column 'nom'" in column.stderr


def _with_review(src: Path, dst: Path, pick, verdict: str, reviewer: str = "", note: str = "") -> dict:
    rows = _report(src)
    chosen = None
    for r in rows:
        r["review"], r["reviewer"], r["note"] = "", "", ""
        if chosen is None and pick(r):
            r["review"], r["reviewer"], r["note"] = verdict, reviewer, note
            chosen = r
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert chosen is not None
    return chosen


def _change_programs(raw: Path, folder: Path, entity_id: str) -> Path:
    """A copy of the 2024 SDN files where one entity's program field says something else."""
    folder.mkdir()
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        shutil.copy(raw / "ofac-sdn" / name, folder / name)
    lines = (raw / "ofac-sdn" / "sdn.csv").read_bytes().split(b"\r\n")
    prefix = f"{entity_id},".encode()
    hits = [i for i, ln in enumerate(lines) if ln.startswith(prefix)]
    assert len(hits) == 1
    fields = next(csv.reader([lines[hits[0]].decode("cp1252")]))
    fields[3] = fields[3] + "] [CYBER2"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(fields)
    lines[hits[0]] = buf.getvalue().encode("cp1252")
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines))
    return folder


def test_cleared_false_positive_stays_cleared_and_reopens_when_its_entity_changes(world, raw):
    store_opt = ["--store", world / "store"]
    rescreen = ["rescreen", world / "customers.csv", "-c", "name", "--id-column", "customer_id", *store_opt]
    first = run(*rescreen, "-o", world / "new.csv")
    assert first.exit_code == 0, first.output
    new_rows = _report(world / "new.csv")
    fp = _with_review(world / "new.csv", world / "reviewed.csv", lambda r: r["decision"] == "review",
                      "false-positive", "ana", "different date of birth")
    imp = run("decisions", "import", world / "reviewed.csv", "--reviewer", "bob", *store_opt)
    assert imp.exit_code == 0, imp.output
    assert imp.stdout == (f"reviewed.csv: 1 decisions (0 true-match, 1 false-positive, 0 open); 1 stored, 0 unchanged; "
                          f"{len(new_rows) - 1} rows without a review.\n")

    # re-screen again: the cleared alert is gone, everything else is as before
    again = run(*rescreen, "-o", world / "again.csv")
    assert again.exit_code == 0, again.output
    # a decision is on (query text, list, entity, matched name): every row of that query text clears
    cleared_rows = {g for g in _got(world / "new.csv") if g[1:5] == _key(fp)[1:]}
    assert (*_key(fp), fp["score"], fp["rank"]) in cleared_rows
    assert _got(world / "again.csv") == _got(world / "new.csv") - cleared_rows
    assert f"{len(cleared_rows)} cleared as false positives" in again.stderr
    shown = [r for r in csv.DictReader(run(*rescreen, "--show-cleared", "-q").stdout.splitlines())
             if _key(r) == _key(fp)]
    assert len(shown) == 1 and shown[0]["decision"] == "cleared"
    assert shown[0]["explanation"].startswith("cleared as false positive by ana on ")
    assert ": different date of birth; " in shown[0]["explanation"]

    # a full batch report drops it too (and shows it with --show-cleared)
    batch = run("batch", world / "customers.csv", "-c", "name", "--id-column", "customer_id", "-o", "-", *store_opt)
    assert batch.exit_code == 0, batch.output
    keys = {_key(r) for r in csv.DictReader(batch.stdout.splitlines())}
    assert _key(fp) not in keys
    assert f"{len(cleared_rows)} report rows are alerts cleared as false positives" in batch.stderr
    batch_shown = run("batch", world / "customers.csv", "-c", "name", "--id-column", "customer_id", "-o", "-",
                      "--show-cleared", *store_opt)
    assert [r["decision"] for r in csv.DictReader(batch_shown.stdout.splitlines()) if _key(r) == _key(fp)] == ["cleared"]

    # the publisher changes that entity: the alert re-opens; the decision itself is kept for audit
    changed = _change_programs(raw, world / "sdn-changed", fp["entity_id"])
    store = Store(world / "store")
    v3 = store.import_parsed("sdn", read_list([changed], "ofac-sdn")).version
    store.close()
    assert v3.version == 3
    reopened = run(*rescreen, "-o", world / "reopened.csv")
    assert reopened.exit_code == 0, reopened.output
    back = [r for r in _report(world / "reopened.csv") if _key(r) == _key(fp)]
    assert len(back) == 1 and back[0]["decision"] == fp["decision"] and back[0]["list_version"] == "3"
    assert back[0]["reason"] == "entity changed since v2"  # the last batch (against v2) is the baseline now
    assert "0 cleared as false positives" in reopened.stderr
    ls = run("decisions", "ls", "--format", "json", *store_opt)
    assert '"verdict": "false-positive"' in ls.stdout and '"reviewer": "ana"' in ls.stdout
