"""analysis.settings: every environment variable is read in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import settings


def test_defaults_point_into_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (settings.DATA_DIR_ENV, settings.STORE_DIR_ENV, settings.CHROMIUM_ENV):
        monkeypatch.delenv(name, raising=False)
    assert settings.data_dir() == settings.REPO_ROOT / "data"
    assert (settings.data_dir() / "events.csv").is_file()
    assert settings.store_dir() == settings.REPO_ROOT / "local" / "store"
    assert settings.chromium_override() is None


def test_environment_overrides_each_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(settings.DATA_DIR_ENV, str(tmp_path / "d"))
    monkeypatch.setenv(settings.STORE_DIR_ENV, str(tmp_path / "s"))
    monkeypatch.setenv(settings.CHROMIUM_ENV, "/opt/chromium")
    assert settings.data_dir() == tmp_path / "d"
    assert settings.store_dir() == tmp_path / "s"
    assert settings.chromium_override() == "/opt/chromium"


def test_store_and_ui_use_the_same_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from analysis.imports.store import store_dir

    monkeypatch.setenv(settings.STORE_DIR_ENV, str(tmp_path))
    assert store_dir() == tmp_path
