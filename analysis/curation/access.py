"""Who may write curated data: nobody, unless the server has an editor secret.

The secret is set by whoever runs the server (``NANSEI_EDITOR_SECRET`` or
``editor_secret`` in ``.streamlit/secrets.toml``; see docs/curation.md). An
editor who types it gets a token (an HMAC of the secret); every write checks the
token against the server's secret again, so a session flag alone, or crafted
session state, never grants writing.
"""

from __future__ import annotations

import hashlib
import hmac

_LABEL = b"nansei-watch-editor-token-v1"


def editing_enabled(secret: str | None) -> bool:
    """True when the server has a non-empty editor secret."""
    return bool(secret and secret.strip())


def token_for(secret: str) -> str:
    """The session token an editor who knows ``secret`` holds (never the secret itself)."""
    return hmac.new(secret.encode("utf-8"), _LABEL, hashlib.sha256).hexdigest()


def unlock(entered: str | None, secret: str | None) -> str | None:
    """The token if ``entered`` is the server's secret (constant-time compare), else None."""
    if not editing_enabled(secret) or not entered:
        return None
    assert secret is not None
    if hmac.compare_digest(entered.encode("utf-8"), secret.encode("utf-8")):
        return token_for(secret)
    return None


def may_edit(token: object, secret: str | None) -> bool:
    """True only if the server has a secret and ``token`` was made from it."""
    if not editing_enabled(secret) or not isinstance(token, str):
        return False
    assert secret is not None
    return hmac.compare_digest(token.encode("utf-8"), token_for(secret).encode("utf-8"))
