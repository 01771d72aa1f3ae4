"""Server settings that keep the app's promises: no unneutralised export, no outside request."""

from __future__ import annotations

import tomllib

from streamlit import config as st_config

from tests.conftest import REPO

CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_dataframe_toolbar_export_is_off() -> None:
    assert CONFIG["client"]["disableDataExport"] is True
    assert "client.disableDataExport" in st_config._config_options_template  # the option exists in this version
