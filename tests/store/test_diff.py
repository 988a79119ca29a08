"""lists diff on real OFAC SDN files: the 2021-07 set against the 2024-05 one."""

from __future__ import annotations

import pytest

from watchlist.sources import read_list
from watchlist.store import Store, diff_versions


@pytest.fixture(scope="module")
def sdn_store(tmp_path_factory, raw):
    store = Store(tmp_path_factory.mktemp("sdn-diff"))
    store.import_parsed("sdn", read_list([raw / "ofac-sdn-2021-07-set"], "ofac-sdn"))
    store.import_parsed("sdn", read_list([raw / "ofac-sdn"], "ofac-sdn"))
    return store


def test_diff_counts_add_up(sdn_store):
    old, new = sdn_store.version("sdn", 1), sdn_store.version("sdn", 2)
    d = diff_versions(sdn_store, old, new)
    old_digests, new_digests = sdn_store.digests(old), sdn_store.digests(new)
    old_ids, new_ids = set(old_digests), set(new_digests)
    assert d.count("added") == len(new_ids - old_ids)
    assert d.count("removed") == len(old_ids - new_ids)
    assert d.count("added") > 5000 and d.count("removed") > 100  # the SDN list grew a lot 2021 -> 2024
    unchanged = sum(1 for e in old_ids & new_ids if old_digests[e] == new_digests[e])
    assert d.count("changed") == len(old_ids & new_ids) - unchanged


def test_a_known_designation_is_added(sdn_store):
    d = diff_versions(sdn_store, sdn_store.version("sdn", 1), sdn_store.version("sdn", 2))
    added = {c.entity_id: c for c in d.changes if c.change == "added"}
    # PUTIN, Vladimir Vladimirovich was designated by OFAC on 2022-02-25 (ent_num 35096)
    assert added["35096"].primary_name == "PUTIN, Vladimir Vladimirovich"
    assert added["35096"].programs_added == ("RUSSIA-EO14024",)


def test_changed_entities_say_what_changed(sdn_store):
    d = diff_versions(sdn_store, sdn_store.version("sdn", 1), sdn_store.version("sdn", 2))
    changed = [c for c in d.changes if c.change == "changed"]
    assert changed
    assert all(c.names_added or c.names_removed or c.programs_added or c.programs_removed or c.fields_changed
               for c in changed)
    assert any(c.programs_added or c.programs_removed for c in changed)


def test_diff_of_a_version_with_itself_is_empty(sdn_store):
    v = sdn_store.version("sdn", 2)
    assert diff_versions(sdn_store, v, v).changes == ()


def test_first_version_diff_is_all_added(sdn_store):
    v = sdn_store.version("sdn", 1)
    d = diff_versions(sdn_store, None, v)
    assert d.count("added") == v.entities == 8976
