"""Keep the server from calling out: Streamlit's external-IP lookup is switched off.

When a websocket or request arrives from an Origin Streamlit does not recognise, its CORS check
(``streamlit.web.server.server_util.is_url_from_allowed_origins``) asks
``streamlit.net_util.get_external_ip``, which makes a blocking HTTP request to
checkip.amazonaws.com, and repeats it on every such connection when it fails. The app promises
no outside request, so that lookup answers "unknown" here; a foreign origin is then refused
without any traffic. Allowed origins are localhost, ``browser.serverAddress`` and
``server.corsAllowedOrigins`` (docs/deploy.md). Installed when :mod:`ui` is first imported.
"""

from __future__ import annotations

from streamlit import net_util


def _no_external_ip() -> str | None:
    """The external address is never looked up (it would be an outside request)."""
    return None


def install() -> None:
    """Replace Streamlit's external-IP lookup with one that makes no request (idempotent)."""
    net_util.get_external_ip = _no_external_ip
