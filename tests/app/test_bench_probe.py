"""The benchmark's 1M-event probe page must keep running as the UI glue changes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.imports.pipeline import import_paths

REPO = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_store_probe_page_runs_with_a_store(monkeypatch, tmp_path, fixture_data_dir) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv("NANSEI_STORE_DIR", str(store))
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    import_paths([REPO / "tests" / "fixtures" / "acled_small.csv"], "acled", folder=store)
    probe = tmp_path / "store_probe.py"
    probe.write_text(load_bench().STORE_APP, encoding="utf-8")
    at = AppTest.from_file(str(probe), default_timeout=60)
    at.query_params["imported"] = "true"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert int(at.metric[0].value) > 0
