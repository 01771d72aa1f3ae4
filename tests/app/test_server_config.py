"""Server settings that keep the app's promises: no unneutralised export, no outside request."""

from __future__ import annotations

import tomllib

from streamlit import config as st_config

from tests.conftest import REPO

CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_dataframe_toolbar_export_is_off() -> None:
    assert CONFIG["client"]["disableDataExport"] is True
    assert "client.disableDataExport" in st_config._config_options_template  # the option exists in this version


def test_a_foreign_websocket_origin_makes_no_outside_request(monkeypatch) -> None:
    from streamlit import net_util
    from streamlit.web.server import server_util

    import ui  # noqa: F401 - installs ui.offline, as every page does

    calls: list[str] = []
    monkeypatch.setattr(net_util, "_make_blocking_http_get", lambda url, timeout=None: calls.append(url))
    monkeypatch.setattr(net_util, "_external_ip", None)
    for _ in range(3):  # every foreign connection, not only the first
        assert server_util.is_url_from_allowed_origins("https://evil.example") is False
    assert server_util.is_url_from_allowed_origins("http://localhost:8501") is True
    assert calls == [], f"the CORS check made outside requests: {calls}"
