"""Every page as a person uses it: runs, filters, keeps filters across pages, survives bad data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.app.conftest import PAGE_FILES, run_page, set_dates
from ui.core import DATE_FROM, DATE_TO


def caption_with(at, needle: str) -> str:
    return next(c.value for c in at.caption if needle in c.value)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_on_bundled_data_with_sidebar(page: str) -> None:
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} has no title"
    keys = {w.key for w in at.sidebar.multiselect}
    assert {"countries", "categories"} <= keys
    assert at.sidebar.date_input(key=DATE_FROM) is not None and at.sidebar.date_input(key=DATE_TO) is not None


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_on_broken_data_and_shows_the_problem(page: str, monkeypatch, broken_data_dir: Path) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(broken_data_dir))
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    if page.endswith("Data_check.py"):
        table = at.dataframe[0].value
        assert {"file", "row", "column", "value", "rule"} <= set(table.columns)
        assert "events.csv" in set(table["file"])
        assert table["rule"].str.contains("okinawa").any()
    else:
        assert any("problem(s) in the curated data" in w.value for w in at.warning)


def test_country_filter_changes_the_events_table(fixture_data) -> None:
    at = run_page("pages/4_Events.py")
    assert len(at.dataframe[0].value) == 5
    at.multiselect(key="countries").set_value(["USA"]).run()
    table = at.dataframe[0].value
    assert list(table["event_id"]) == ["fx-4"]
    assert "countries: USA" in caption_with(at, "events match")


def test_date_and_category_filters(fixture_data) -> None:
    at = run_page("pages/4_Events.py")
    set_dates(at, dt.date(2025, 11, 1), dt.date(2025, 11, 30)).run()
    assert set(at.dataframe[0].value["event_id"]) == {"fx-1", "fx-2"}
    at.multiselect(key="categories").set_value(["economic_measure"]).run()
    assert list(at.dataframe[0].value["event_id"]) == ["fx-2"]


def test_typed_dates_stay_as_typed_one_field_at_a_time(fixture_data) -> None:
    # Issue 27 #18: typing a start after the current end, then the end, kept neither as typed.
    at = run_page("pages/4_Events.py", dates=["2025-11-01", "2025-11-10"])
    at.date_input(key=DATE_FROM).set_value(dt.date(2025, 11, 20)).run()  # after the current end, for now
    assert (at.date_input(key=DATE_FROM).value, at.date_input(key=DATE_TO).value) == (
        dt.date(2025, 11, 20), dt.date(2025, 11, 10))
    assert any("'From' is after 'to'" in c.value for c in at.sidebar.caption)
    at.date_input(key=DATE_TO).set_value(dt.date(2025, 11, 30)).run()
    assert (at.date_input(key=DATE_FROM).value, at.date_input(key=DATE_TO).value) == (
        dt.date(2025, 11, 20), dt.date(2025, 11, 30))
    assert "dates: 2025-11-20 to 2025-11-30" in caption_with(at, "events match")
    assert at.query_params["dates"] == ["2025-11-20", "2025-11-30"]


def test_filters_persist_when_switching_pages(fixture_data) -> None:
    at = run_page("app.py")
    at.multiselect(key="countries").set_value(["USA"]).run()
    at.switch_page("pages/4_Events.py").run()
    assert at.sidebar.multiselect(key="countries").value == ["USA"]
    assert list(at.dataframe[0].value["event_id"]) == ["fx-4"]
    at.switch_page("pages/6_Sources.py").run()
    assert at.sidebar.multiselect(key="countries").value == ["USA"]
    assert not at.exception


def test_url_query_parameters_initialise_the_filters(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries="China", dates=["2025-11-01", "2025-12-31"])
    assert at.multiselect(key="countries").value == ["CHN"]
    assert set(at.dataframe[0].value["event_id"]) == {"fx-1", "fx-2", "fx-3"}


def test_invalid_url_values_are_ignored(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries="Atlantis", dates=["1800-01-01", "1800-02-01"])
    assert not at.exception
    assert at.multiselect(key="countries").value == []


def test_overview_shows_counts_and_latest_events(fixture_data) -> None:
    at = run_page("app.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events (filtered)"] == "5"
    assert metrics["Newest curated event"] == "2026-01-15"
    # The fixture's newest event is months old: the page says so, with the date and how to add events.
    assert any("2026-01-15" in w.value and "Curate and Ingest pages" in w.value for w in at.warning)
    budgets = {row["Budget"]: row["Amount"] for row in at.table[0].value.to_dict("records")}
    assert budgets["Japan FY2025"] == "110 bn JPY"  # headline budget, default scope
    latest = at.dataframe[0].value
    assert latest["event_id"].iloc[0] == "fx-4"


def test_sources_page_counts_citing_rows(fixture_data) -> None:
    at = run_page("pages/6_Sources.py")
    usage = at.dataframe[0].value.set_index("source_id")
    assert usage.loc["src-fix-a", "events"] == 3
    assert usage.loc["src-fix-b", "cited_rows"] > usage.loc["src-fix-a", "cited_rows"]
    at.selectbox(key="source-pick").set_value("src-fix-a").run()
    cited = at.dataframe[1].value
    assert set(cited["row"]) == {"fx-1", "fx-2", "fx-3"}


def test_data_check_page_reports_clean_data(fixture_data) -> None:
    at = run_page("pages/8_Data_check.py")
    assert any("passed validation" in s.value for s in at.success)
    overrides = next(df.value for df in at.dataframe if "goldstein_override_reason" in df.value.columns)
    assert overrides["event_id"].tolist() == ["fx-4"]  # the fixture's one override, with its reason
    assert overrides["table_goldstein"].tolist() == [7.4] and overrides["goldstein"].tolist() == [6.0]
    assert overrides["goldstein_override_reason"].str.startswith("Synthetic override").all()


def test_data_check_lists_names_of_unknown_map_features(monkeypatch, tmp_path: Path) -> None:
    from tests.conftest import copy_fixture_data

    copy_fixture_data(tmp_path)
    with open(tmp_path / "names.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("no-such-strait,points,Nowhere Strait,,,,,no,,src-fix-b\r\n")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    at = run_page("pages/8_Data_check.py")
    table = at.dataframe[0].value
    row = table[table["value"] == "no-such-strait"].iloc[0]
    assert row["file"] == "names.csv" and "points layer" in row["rule"]


def test_data_check_page_says_when_nothing_is_overridden() -> None:
    at = run_page("pages/8_Data_check.py")  # bundled data: every score is the table value
    assert any("No event overrides the Goldstein table" in i.value for i in at.info)


def test_data_check_lists_map_layer_problems(monkeypatch, tmp_path: Path, fixture_data_dir: Path) -> None:
    import shutil

    shutil.copytree(fixture_data_dir, tmp_path / "data")
    # Bundled layers beside fixture sources: their citations do not resolve there.
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "geo", tmp_path / "data" / "geo")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path / "data"))
    at = run_page("pages/8_Data_check.py")
    table = at.dataframe[0].value
    assert {"lines.geojson", "points.geojson"} <= set(table["file"])
    assert table["rule"].str.contains("not found").any()


def test_sidebar_links_name_every_page(fixture_data) -> None:
    at = run_page("app.py")
    labels = [link.proto.label for link in at.get("page_link")]
    assert labels == ["Overview", "Map", "Timeline", "Budgets", "Events", "Briefing", "Sources", "Import",
                      "Data check", "Curate", "Ingest", "Review"]


@pytest.mark.parametrize("page", ["app.py", "pages/4_Events.py", "pages/3_Budgets.py", "pages/6_Sources.py"])
def test_tables_show_clean_values(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NANSEI_DATA_DIR", raising=False)  # the real data: its gaps, ids and long decimals
    at = run_page(page, 90)
    assert not at.exception, [e.value for e in at.exception]
    for frame in at.dataframe:
        cells = frame.value.astype(str)
        raw = cells.isin(["None", "nan", "NaN", "NaT", "<NA>"]) | cells.apply(lambda c: c.str.endswith("00:00:00"))
        assert not raw.any().any(), cells[raw.any(axis=1)].head(3).to_dict("records")
        for col in ("category", "region", "actors"):
            if col in frame.value.columns:
                assert not cells[col].str.contains(r"_|\b[A-Z]{3};", regex=True).any(), cells[col].tolist()[:5]
        if "usd_bn" in frame.value.columns:
            assert all(len(v.split(".")[-1]) <= 2 for v in cells["usd_bn"] if "." in v), cells["usd_bn"].tolist()


def test_sources_page_says_whether_the_filters_apply(fixture_data) -> None:
    at = run_page("pages/6_Sources.py", countries=["USA"])
    everything = len(at.dataframe[0].value)
    assert any("sidebar filters do not apply" in c.value for c in at.caption)
    at.checkbox(key="sources-filtered").check().run()
    assert len(at.dataframe[0].value) < everything
    assert set(at.dataframe[0].value["source_id"]) == {"src-fix-b"}  # the USA event's only source
