"""Real names to screen in tests, cut from the real OFAC SDN file."""

from __future__ import annotations

import csv
from pathlib import Path


def sdn_names(raw: Path, every: int, n: int) -> list[str]:
    """Every ``every``-th SDN_Name of ../shared/lists-raw/ofac-sdn/sdn.csv, at most ``n`` of them."""
    rows: list[str] = []
    with open(raw / "ofac-sdn" / "sdn.csv", encoding="cp1252", newline="") as fh:
        for i, rec in enumerate(csv.reader(fh)):
            if len(rec) < 3 or i % every:
                continue
            rows.append(rec[1])
            if len(rows) >= n:
                break
    return rows
