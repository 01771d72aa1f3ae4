"""Who may write curated data: nobody, unless the server has a strong enough editor secret.

The secret is set by whoever runs the server (``NANSEI_EDITOR_SECRET`` or ``editor_secret`` in
``.streamlit/secrets.toml``; see docs/curation.md and docs/security.md). It must pass
:func:`secret_problem` (at least :data:`MIN_SECRET_CHARS` characters, not one repeated
character), or editing stays off. An editor who types it gets a *session token*: an expiry time,
a random nonce and an HMAC of both under a key derived from the secret. Every write checks the
token against the server's secret again, so a session flag, crafted session state, an expired
token or a token from before the secret changed never grants writing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from analysis import clock

_LABEL = b"nansei-watch-editor-token-v2"
MIN_SECRET_CHARS = 16
TOKEN_HOURS = 8.0


def secret_problem(secret: str | None) -> str | None:
    """Why ``secret`` cannot unlock editing (None when it is set and strong enough)."""
    if not secret or not secret.strip():
        return "no editor secret is set"
    if len(secret) < MIN_SECRET_CHARS:
        return f"the editor secret is too short: at least {MIN_SECRET_CHARS} characters, got {len(secret)}"
    if len(set(secret)) < 5:
        return f"the editor secret is too simple: at least 5 different characters, got {len(set(secret))}"
    return None


def editing_enabled(secret: str | None) -> bool:
    """True when the server has an editor secret that passes :func:`secret_problem`."""
    return secret_problem(secret) is None


def _key(secret: str) -> bytes:
    """The server key every token is signed with (derived from the secret; the secret is never stored)."""
    return hmac.new(secret.encode("utf-8"), _LABEL, hashlib.sha256).digest()


def _sign(secret: str, expires: int, nonce: str) -> str:
    return hmac.new(_key(secret), f"{expires}.{nonce}".encode(), hashlib.sha256).hexdigest()


def token_for(secret: str, hours: float = TOKEN_HOURS) -> str:
    """A new session token for an editor who knows ``secret``, valid for ``hours`` (never the secret itself)."""
    expires = int(clock.now_utc().timestamp() + hours * 3600)
    nonce = secrets.token_hex(8)
    return f"{expires}.{nonce}.{_sign(secret, expires, nonce)}"


def unlock(entered: str | None, secret: str | None, hours: float = TOKEN_HOURS) -> str | None:
    """A new token if ``entered`` is the server's (strong) secret (constant-time compare), else None."""
    if not editing_enabled(secret) or not entered:
        return None
    assert secret is not None
    if hmac.compare_digest(entered.encode("utf-8"), secret.encode("utf-8")):
        return token_for(secret, hours)
    return None


def may_edit(token: object, secret: str | None) -> bool:
    """True only if the server has a strong secret and ``token`` was signed with it and has not expired."""
    if not editing_enabled(secret) or not isinstance(token, str):
        return False
    assert secret is not None
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return False
    expires, nonce, mac = int(parts[0]), parts[1], parts[2]
    if not hmac.compare_digest(mac.encode("utf-8"), _sign(secret, expires, nonce).encode("utf-8")):
        return False
    return clock.now_utc().timestamp() < expires
