"""Import page through AppTest: upload, preview, row errors, accept, summary, clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.imports.store import EventStore, read_manifest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path) -> AppTest:
    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    at = AppTest.from_file(str(REPO / "pages" / "7_Import.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str):
    """The first table on the page that has ``column`` (dataframes expose no key in AppTest)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_empty_store_is_explained(page: AppTest) -> None:
    assert page.title[0].value == "Import events"
    assert any("store is empty" in info.value for info in page.info)
    assert page.file_uploader[0].allowed_type == [".csv", ".tsv", ".txt"]


def test_upload_preview_errors_accept_and_clear(page: AppTest, tmp_path: Path) -> None:
    content = (FIXTURES / "acled_small.csv").read_bytes()
    page.file_uploader[0].set_value(("acled_small.csv", content, "text/csv")).run()
    assert not page.exception, page.exception
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Accepted events"] == "16" and metrics["Rejected rows"] == "4" and metrics["Format"] == "ACLED"
    preview = frame_with(page, "origin")
    assert len(preview) == 16 and set(preview["origin"]) == {"acled"}
    errors = frame_with(page, "rule")
    assert list(errors.columns) == ["file", "row", "column", "value", "rule"]
    assert "Atlantis" in set(errors["value"])
    assert read_manifest(tmp_path) == []  # nothing stored before Accept

    page.button(key="import-accept").click().run()
    assert not page.exception, page.exception
    assert any("Stored 16 events" in s.value for s in page.success)
    assert len(EventStore.load(tmp_path)) == 16
    page.run()
    summary = frame_with(page, "imported_at")
    assert summary["events"].tolist() == [16] and summary["format"].tolist() == ["acled"]

    page.button(key="store-clear").click().run()
    assert read_manifest(tmp_path) == [] and len(EventStore.load(tmp_path)) == 0


def test_gdelt_upload_with_explicit_format_and_unknown_layout(page: AppTest) -> None:
    page.radio(key="import-format").set_value("gdelt").run()
    page.file_uploader[0].set_value(("g.tsv", (FIXTURES / "gdelt_small.tsv").read_bytes(), "text/plain")).run()
    assert {m.label: m.value for m in page.metric}["Format"] == "GDELT"
    page.radio(key="import-format").set_value("auto").run()
    page.file_uploader[0].set_value(("x.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert any("cannot tell the format" in e.value for e in page.error)


def glue_page() -> None:
    import streamlit as st

    import ui
    from ui.imported import event_store, imported_events

    ctx = ui.setup_page("Glue")  # draws the "Show imported events" toggle
    st.title("Glue")
    if ctx.show_imported:
        events = imported_events(ctx.selection)
        st.metric("Imported", len(events))
        st.dataframe(events, key="imported-table")
        st.metric("Same store object", str(event_store() is event_store()))


def test_toggle_and_imported_events_follow_the_filters(tmp_path, monkeypatch, fixture_data_dir) -> None:
    from analysis.data.schemas import EVENTS
    from analysis.imports.readers import import_gdelt
    from analysis.imports.store import write_import

    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    write_import(import_gdelt(FIXTURES / "gdelt_small.tsv"), tmp_path)
    at = AppTest.from_function(glue_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    toggle = at.sidebar.toggle(key="imported")
    assert toggle.label == "Show imported events" and toggle.value is False and not at.metric
    toggle.set_value(True).run()
    assert {m.label: m.value for m in at.metric} == {"Imported": "16", "Same store object": "True"}
    table = frame_with(at, "origin")
    assert list(table.columns) == [*EVENTS.column_names, "origin"] and set(table["origin"]) == {"gdelt"}
    at.sidebar.multiselect(key="countries").set_value(["TWN"]).run()
    expected = int(table["actors"].astype(str).str.contains("TWN").sum())
    assert 0 < expected < 16
    assert {m.label: m.value for m in at.metric}["Imported"] == str(expected)
