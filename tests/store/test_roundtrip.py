"""Any name survives CSV -> generic import -> store -> entity, exactly (hypothesis)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchlist.sources import read_list
from watchlist.store import Store

# A name: any text with at least one letter; surrounding/duplicate whitespace is normalized by readers,
# and NUL or line separators are not names, so the property is stated on the cleaned text.
names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
names = names.map(lambda s: " ".join(s.split())).filter(lambda s: any(c.isalpha() for c in s))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, min_size=1, max_size=5, unique=True))
def test_names_round_trip_through_the_store(texts):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "name"])
            for i, t in enumerate(texts):
                w.writerow([f"E{i}", t])
        store = Store(Path(tmp) / "store")
        version = store.import_parsed("t", read_list([path], "generic", {"map": "id=id,name=name"})).version
        got = [e.primary_name for _, e in store.entities(version)]
        assert got == texts
        assert [text for _, text, _ in store.names(version)] == texts
        store.close()
