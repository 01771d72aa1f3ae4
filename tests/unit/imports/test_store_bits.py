"""Versioned store layout (issue 25 #4): the sidebar's order never relabels stored events."""

from __future__ import annotations

import importlib
import json

import pytest

import analysis.data.countries as names
from analysis.data.filters import EventFilter
from analysis.imports import countries as cty
from analysis.imports.store import scan
from analysis.query.engine import open_duckdb
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row
from tests.unit.imports.test_store import write


def _ids(folder, code: str) -> set[str]:
    engine = open_duckdb(folder)
    return set(engine.page(EventFilter(countries=(code,)), 100)["event_id"])


@pytest.fixture
def stored(tmp_path):
    rows = [gdelt_row(1, Actor1CountryCode="JPN", Actor2CountryCode="CHN"),
            gdelt_row(2, Actor1CountryCode="PHL", Actor2CountryCode="USA"),
            gdelt_row(3, Actor1CountryCode="TWN", Actor2CountryCode="")]
    record = write(tmp_path, "g.export.CSV", gdelt_bytes(rows))
    assert record["actor_bits_table"] == list(cty.ACTOR_BIT_TABLE)
    return tmp_path


@pytest.mark.slow
def test_reordering_the_sidebar_list_keeps_stored_countries(stored, monkeypatch) -> None:
    before = {code: _ids(stored, code) for code in ("JPN", "CHN", "PHL", "USA", "TWN")}
    assert "gdelt-700000001" in before["JPN"] and "gdelt-700000003" in before["TWN"]
    bits = dict(cty.COUNTRY_BITS)
    monkeypatch.setattr(names, "COUNTRY_NAMES", dict(reversed(list(names.COUNTRY_NAMES.items()))))
    try:
        importlib.reload(cty)  # the bit table is rebuilt as at a fresh start with the reordered sidebar
        assert bits == cty.COUNTRY_BITS
        assert {code: _ids(stored, code) for code in before} == before
    finally:
        monkeypatch.undo()
        importlib.reload(cty)


def test_a_batch_written_with_another_bit_table_is_skipped_not_misread(stored) -> None:
    sidecar = next((stored / "batches").glob("*.json"))
    entry = json.loads(sidecar.read_text())
    entry["actor_bits_table"] = ["CHN", "JPN", *entry["actor_bits_table"][2:]]
    sidecar.write_text(json.dumps(entry))
    found = scan(stored)
    assert found.batches == [] and any("another country-bit table" in p for p in found.problems)
    entry["actor_bits_table"] = entry["actor_bits_table"][2:]
    del entry["actor_bits_table"]  # written before tables were recorded: the legacy table, still readable
    sidecar.write_text(json.dumps(entry))
    assert len(scan(stored).batches) == 1
    assert cty.bit_table_compatible(None) and cty.bit_table_compatible(list(cty.ACTOR_BIT_TABLE[:5]))
