"""Read a reviewed report: a batch/rescreen report with a ``review`` column filled in.

Required columns (as written by ``watchlist batch`` / ``rescreen``): ``query``,
``list``, ``list_version``, ``entity_id``, ``matched_name``, and ``review``,
one of ``true-match``, ``false-positive`` or ``open`` (case, spaces and
underscores do not matter; an empty cell means "not reviewed" and is skipped).
Optional: ``reviewer`` and ``note``. Every row is checked before anything is
stored, so a bad row stores nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from watchlist.errors import InputError, StoreError
from watchlist.screen.cleared import unescape
from watchlist.store.core import Store
from watchlist.store.decisions import Decision, Verdict

__all__ = ["REQUIRED", "Reviewed", "read_reviewed"]

REQUIRED = ("query", "list", "list_version", "entity_id", "matched_name", "review")
_ALIASES = {"truematch": Verdict.TRUE_MATCH, "falsepositive": Verdict.FALSE_POSITIVE, "open": Verdict.OPEN,
            "tp": Verdict.TRUE_MATCH, "fp": Verdict.FALSE_POSITIVE}


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The decisions read from a reviewed report, and how many rows had no review."""

    decisions: tuple[Decision, ...]
    unreviewed: int


def _verdict(value: str) -> Verdict | None:
    key = value.strip().casefold().replace("-", "").replace("_", "").replace(" ", "")
    return _ALIASES.get(key)


def read_reviewed(path: Path, store: Store, *, reviewer: str, encoding: str = "utf-8-sig") -> Reviewed:
    """Decisions from a reviewed CSV report; ``reviewer`` is used where the row names none."""
    try:
        fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise InputError(str(path), "", f"cannot open ({exc.strerror})", "Check the path") from None
    now = datetime.now(UTC).isoformat(timespec="seconds")
    digests: dict[tuple[str, int], dict[str, str]] = {}
    out: list[Decision] = []
    unreviewed = 0
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InputError(path.name, 1, f"no column {', '.join(missing)} in the header",
                                 "Import the report written by `watchlist batch` or `rescreen`, "
                                 "with a review column added")
            reader.fieldnames = header
            for line, row in enumerate(reader, start=2):
                raw = (row.get("review") or "").strip()
                if not raw:
                    unreviewed += 1
                    continue
                verdict = _verdict(raw)
                if verdict is None:
                    raise InputError(path.name, line, f"review {raw!r} is not true-match, false-positive or open",
                                     "Fix the cell (or leave it empty to skip the row)")
                list_name, entity_id = unescape(row["list"] or ""), unescape(row["entity_id"] or "")
                try:
                    version = int(row["list_version"] or "")
                except ValueError:
                    raise InputError(path.name, line, f"list_version {row['list_version']!r} is not a number",
                                     "Keep the report's list_version column as written") from None
                if (list_name, version) not in digests:
                    try:
                        digests[(list_name, version)] = store.digests(store.version(list_name, version))
                    except StoreError as exc:
                        raise InputError(path.name, line, str(exc).rstrip("."),
                                         "Import decisions into the store the report was screened with") from None
                found = digests[(list_name, version)].get(entity_id)
                if found is None:
                    raise InputError(path.name, line, f"{list_name} v{version} has no entity {entity_id!r}",
                                     "Import decisions into the store the report was screened with")
                who = (row.get("reviewer") or "").strip() or reviewer
                out.append(Decision(unescape(row["query"] or ""), list_name, entity_id,
                                    unescape(row["matched_name"] or ""), verdict, version, found, who,
                                    (row.get("note") or "").strip(), now, path.name))
        except csv.Error as exc:
            raise InputError(path.name, reader.line_num, f"not a readable CSV ({exc})", "Save it as CSV") from None
        except UnicodeDecodeError:
            raise InputError(path.name, "", f"not {encoding} text", "Save it as UTF-8 CSV, or pass --encoding") \
                from None
    return Reviewed(tuple(out), unreviewed)
