"""Import page through AppTest: upload, counts, preview, errors, accept, store summary, problems, clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.curation.access import token_for
from analysis.imports.pipeline import import_paths
from analysis.imports.store import scan
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row
from ui import access
from ui.imported import accept_upload, clear_imported_store, read_uploads

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SECRET = "import-page-editor-secret"
WRITE_KEYS = {"import-accept", "store-clear"}


def open_page(token: str | None) -> AppTest:
    at = AppTest.from_file(str(REPO / "pages" / "7_Import.py"), default_timeout=90)
    if token is not None:
        at.session_state[access.TOKEN] = token
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path) -> Path:
    """A server with an editor secret, its store in ``tmp_path``."""
    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    monkeypatch.delenv("NANSEI_READ_ONLY", raising=False)
    return tmp_path


@pytest.fixture
def page(server: Path) -> AppTest:
    """The Import page for a session that unlocked editing."""
    return open_page(token_for(SECRET))


def frame_with(at: AppTest, column: str):
    """The first table on the page that has ``column`` (dataframes expose no key in AppTest)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_empty_store_is_explained(page: AppTest) -> None:
    assert page.title[0].value == "Import events"
    assert any("store is empty" in info.value for info in page.info)
    assert page.file_uploader[0].allowed_type == [".csv", ".tsv", ".txt", ".json", ".zip"]


def test_upload_preview_errors_accept_and_clear(page: AppTest, tmp_path: Path) -> None:
    content = (FIXTURES / "acled_small.csv").read_bytes()
    page.file_uploader[0].set_value([("acled_small.csv", content, "text/csv")]).run()
    assert not page.exception, page.exception
    assert metrics(page) == {"Accepted events": "16", "Outside scope": "0", "Rejected rows": "4", "Rows read": "20"}
    assert len(frame_with(page, "origin")) == 16
    errors = frame_with(page, "rule")
    assert list(errors.columns) == ["file", "row", "column", "value", "rule"] and "Atlantis" in set(errors["value"])
    assert scan(tmp_path).batches == []  # nothing stored before Accept

    page.button(key="import-accept").click().run()
    assert not page.exception, page.exception
    assert any("Stored 16 new events" in s.value for s in page.success)
    summary = frame_with(page, "batch_id")
    assert summary["stored"].tolist() == [16]

    page.button(key="store-clear").click().run()
    assert scan(tmp_path).batches == [] and not page.exception


def test_outside_scope_rows_are_summarised(page: AppTest) -> None:
    data = gdelt_bytes([gdelt_row(1, Actor1CountryCode="IRQ", Actor2CountryCode="", ActionGeo_CountryCode="IZ",
                                  ActionGeo_Lat="33", ActionGeo_Long="44"), gdelt_row(2)])
    page.file_uploader[0].set_value([("g.export.CSV", data, "text/plain")]).run()
    assert metrics(page)["Outside scope"] == "1" and metrics(page)["Accepted events"] == "1"
    assert frame_with(page, "Main country")["Main country"].tolist() == ["Iraq"]
    page.radio(key="import-scope").set_value("all").run()
    assert metrics(page)["Accepted events"] == "2"


def test_outside_scope_names_countries_in_plain_words(page: AppTest) -> None:
    # GDELT row with no actor country, placed in India (FIPS "IN") and far from the theatre (issue 27 #15).
    data = gdelt_bytes([gdelt_row(1, Actor1CountryCode="", Actor2CountryCode="", ActionGeo_CountryCode="IN",
                                  ActionGeo_Lat="28.6", ActionGeo_Long="77.2"), gdelt_row(2)])
    page.file_uploader[0].set_value([("g.export.CSV", data, "text/plain")]).run()
    assert not page.exception, page.exception
    assert frame_with(page, "Main country")["Main country"].tolist() == ["India (place of the event)"]
    shown = [str(v) for df in page.dataframe if "code" not in df.value.columns for v in df.value.to_numpy().ravel()]
    assert not any("FIPS" in value for value in shown), shown
    # The feed's code stays available behind "Technical details".
    details = next(e for e in page.expander if e.label == "Technical details")
    assert details.dataframe[0].value["code"].tolist() == ["FIPS IN"]


def test_scope_clauses_are_counted_on_the_page(page: AppTest) -> None:
    content = (FIXTURES / "feeds" / "gdelt_global_scope.tsv").read_bytes()
    page.file_uploader[0].set_value([("global.export.CSV", content, "text/plain")]).run()
    assert not page.exception, page.exception
    assert page.radio(key="import-scope").options == ["theatre", "region", "dyads", "all"]
    assert metrics(page)["Accepted events"] == "3" and metrics(page)["Outside scope"] == "5"
    captions = [c.value for c in page.caption]
    assert ("kept by clause (theatre): in the theatre region 1, between two theatre countries elsewhere 2."
            in captions)
    page.radio(key="import-scope").set_value("dyads").run()
    assert "kept by clause (dyads): between two theatre countries 2." in [c.value for c in page.caption]


def test_unreadable_uploads_are_explained_as_text(page: AppTest) -> None:
    page.file_uploader[0].set_value([("x.csv", b"/etc/passwd", "text/csv"), ("e.csv", b"", "text/csv")]).run()
    assert not page.exception, page.exception
    texts = [t.value for t in page.text]
    assert any("cannot tell the format" in t for t in texts) and any("empty" in t for t in texts)
    assert not any("root:" in t for t in texts)


def test_broken_store_still_loads_and_clears(page: AppTest, tmp_path: Path) -> None:
    (tmp_path / "batches").mkdir(mode=0o700)
    (tmp_path / "batches" / "x.json").write_text("{not json")
    (tmp_path / "imports.json").write_text("[{")
    page.run()
    assert not page.exception, page.exception
    assert any("problem(s) in the store" in w.value for w in page.warning)
    page.button(key="store-clear").click().run()
    assert not page.exception and scan(tmp_path).problems == []


def stored_store(folder: Path) -> None:
    _, record = import_paths([FIXTURES / "acled_small.csv"], "acled", folder=folder)
    assert record["stored"] == 16


# Explicit ids: a token carries a time and a nonce, and xdist workers must collect the same test names.
@pytest.mark.parametrize("token", [None, "forged", token_for("a guess"), token_for("")],
                         ids=["none", "forged", "guessed-secret", "empty-secret"])
def test_a_viewer_can_neither_upload_nor_clear(server: Path, token: str | None) -> None:
    stored_store(server)
    before = sorted(p.name for p in (server / "batches").iterdir())
    at = open_page(token)
    assert any("editor unlock" in i.value for i in at.info)
    assert not at.file_uploader and not {b.key for b in at.button} & WRITE_KEYS
    assert frame_with(at, "batch_id")["stored"].tolist() == [16]  # the store is still shown
    assert sorted(p.name for p in (server / "batches").iterdir()) == before


@pytest.mark.parametrize("token", [None, "forged", token_for("a guess")], ids=["none", "forged", "guessed-secret"])
def test_write_paths_refuse_a_forged_session(server: Path, token: str | None) -> None:
    stored_store(server)
    before = sorted(str(p.relative_to(server)) for p in server.rglob("*"))
    state: dict = {} if token is None else {access.TOKEN: token}

    class Upload:
        name, size, file_id = "acled_small.csv", 1, "x"

        def getvalue(self) -> bytes:
            return (FIXTURES / "acled_small.csv").read_bytes()

    with pytest.raises(access.NotAnEditorError):
        read_uploads([Upload()], "auto", "theatre", state=state)
    with pytest.raises(access.NotAnEditorError):
        accept_upload(state)
    with pytest.raises(access.NotAnEditorError):
        clear_imported_store(state)
    assert sorted(str(p.relative_to(server)) for p in server.rglob("*")) == before


def test_a_read_only_replica_turns_every_write_off_even_for_an_editor(server: Path, monkeypatch) -> None:
    stored_store(server)
    monkeypatch.setenv("NANSEI_READ_ONLY", "1")
    at = open_page(token_for(SECRET))
    assert any("read-only replica" in i.value for i in at.info)
    assert not at.file_uploader and not {b.key for b in at.button} & WRITE_KEYS
    with pytest.raises(access.NotAnEditorError, match="read-only"):
        clear_imported_store({access.TOKEN: token_for(SECRET)})
    assert scan(server).batches
