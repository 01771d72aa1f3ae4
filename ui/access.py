"""The one editor guard every page write path goes through.

A session may write (Curate saves, Ingest decisions and records, Import uploads, accept and clear)
only when :func:`is_editor` says so: the server is not a read-only replica (``NANSEI_READ_ONLY``),
it has an editor secret, and the session holds a token made from that secret
(:func:`analysis.curation.access.may_edit`). Write callbacks are wrapped in :func:`editor_only`;
inline write paths call :func:`require_editor`, which raises :class:`NotAnEditorError`. Crafted
session state never passes: the token is checked against the server's secret on every call.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import os
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar

import streamlit as st

from analysis import settings
from analysis.curation.access import editing_enabled, may_edit, secret_problem, unlock

_log = logging.getLogger("nansei.access")

SECRET_KEY = "editor_secret"  # in .streamlit/secrets.toml
TOKEN = "cur_token"
WHO = "cur_who"
RESULT = "cur_result"
LOCKED_MESSAGE = "Editing is locked: nothing was saved."
READ_ONLY_MESSAGE = "This server is a read-only replica (NANSEI_READ_ONLY): nothing can be written here."
State = MutableMapping[str, Any]
F = TypeVar("F", bound=Callable[..., None])
W = TypeVar("W", bound=Callable[..., Any])


class NotAnEditorError(PermissionError):
    """A write was attempted by a session that has not unlocked editing (or on a read-only server)."""


def session_state(state: State | None) -> State:
    """``state``, or this session's ``st.session_state`` when None."""
    return st.session_state if state is None else state  # type: ignore[return-value]


def server_secret() -> str | None:
    """The editor secret: ``$NANSEI_EDITOR_SECRET``, else ``editor_secret`` in ``.streamlit/secrets.toml``.

    Read once and taken out of the process environment (:func:`analysis.settings.editor_secret`;
    Streamlit's copy of ``editor_secret`` from secrets.toml too), so child processes never see it.
    """
    secret = settings.editor_secret()
    if secret:
        return secret
    try:
        value = st.secrets.get(SECRET_KEY)
    except FileNotFoundError:  # no secrets.toml, or one Streamlit cannot parse: editing stays off
        return None
    os.environ.pop(SECRET_KEY, None)  # Streamlit copies top-level secrets.toml strings into os.environ
    return str(value) if value else None


def secret_notice() -> str:
    """Why editing is off on this server ("" when an editor may unlock)."""
    if settings.read_only():
        return READ_ONLY_MESSAGE
    problem = secret_problem(server_secret())
    if problem is None:
        return ""
    return (f"Editing is off on this server: {problem}. Whoever runs the server can set `NANSEI_EDITOR_SECRET` or "
            "`editor_secret` in `.streamlit/secrets.toml` (docs/curation.md, docs/security.md).")


def editing_available() -> bool:
    """True when this server accepts editors at all (not read-only, and it has an editor secret)."""
    return not settings.read_only() and editing_enabled(server_secret())


def is_editor(state: State | None = None) -> bool:
    """True if this session may write: not a read-only server, and unlocked with the server's secret."""
    if settings.read_only():
        return False
    return may_edit(session_state(state).get(TOKEN), server_secret())


def require_editor(state: State | None = None) -> str:
    """The editor's name ("" if not given) if this session may write; raise otherwise.

    Raises
    ------
    NotAnEditorError
        If the session has not unlocked editing or the server is read-only.
    """
    state = session_state(state)
    if not is_editor(state):
        raise NotAnEditorError(refusal_message())
    return editor_name(state)


def proxy_user() -> str:
    """The user the proxy authenticated (``$NANSEI_USER_HEADER``, only with ``NANSEI_TRUST_PROXY=1``), or ""."""
    header = settings.user_header()
    if not header or not settings.trust_proxy():
        return ""
    try:
        value = st.context.headers.get(header)
    except Exception:  # no request context (AppTest, direct calls)
        return ""
    return value.strip()[:100] if isinstance(value, str) else ""


def editor_name(state: State | None = None) -> str:
    """Who the change log names: the proxy's authenticated user when configured, else the name typed."""
    return proxy_user() or str(session_state(state).get(WHO) or "")


def refusal_message(read_only_only: bool = False) -> str:
    """Why a write was refused: read-only server, or editing locked ("" then if ``read_only_only``)."""
    if settings.read_only():
        return READ_ONLY_MESSAGE
    return "" if read_only_only else LOCKED_MESSAGE


def editor_only(callback: F) -> F:
    """Wrap a write callback ``callback(state=None, ...)``: a viewer's call records a refusal and writes nothing."""

    @functools.wraps(callback)
    def guarded(state: State | None = None, *args: Any, **kwargs: Any) -> None:
        state = session_state(state)
        if not is_editor(state):
            state[RESULT] = {"ok": False, "message": refusal_message(), "errors": None, "changes": None}
            return None
        return callback(state, *args, **kwargs)

    return guarded  # type: ignore[return-value]


def editor_required(func: W) -> W:
    """Wrap a writer taking ``state=None``: it runs with the session state, for editors only.

    The raising twin of :func:`editor_only` (for code that reports the refusal itself).

    Raises
    ------
    NotAnEditorError
        Before ``func`` runs, if this session may not write (see :func:`require_editor`).
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        state = session_state(bound.arguments.get("state"))
        require_editor(state)
        bound.arguments["state"] = state
        return func(*bound.args, **bound.kwargs)

    return guarded  # type: ignore[return-value]


# --- unlock attempts: back-off and lockout per session and per client address -----------------

MAX_FAILURES = 5  # failures within WINDOW_S before a key is locked out for LOCKOUT_S
WINDOW_S = 15 * 60
LOCKOUT_S = 15 * 60
_failures: dict[tuple[str, str], list[float]] = {}
_failures_lock = threading.Lock()


def _now() -> float:
    return time.monotonic()


def client_keys(state: State | None = None) -> list[tuple[str, str]]:
    """Who is trying: ("session", id) and ("client", address); the proxy's forwarded address if trusted."""
    keys = []
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        keys.append(("session", ctx.session_id if ctx else f"state-{id(session_state(state))}"))
    except Exception:  # outside a script run (tests calling a callback directly)
        keys.append(("session", f"state-{id(session_state(state))}"))
    address = ""
    try:
        if settings.trust_proxy():
            address = (st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        address = address or (st.context.ip_address or "")
    except Exception:  # no request context (AppTest, direct calls)
        address = ""
    if isinstance(address, str) and address:
        keys.append(("client", address))
    return keys


def wait_seconds(keys: list[tuple[str, str]]) -> float:
    """How long these keys must wait before the next unlock attempt (0 = may try now)."""
    now, wait = _now(), 0.0
    with _failures_lock:
        for key in keys:
            recent = [t for t in _failures.get(key, []) if now - t < WINDOW_S]
            _failures[key] = recent
            if not recent:
                continue
            if len(recent) >= MAX_FAILURES:
                wait = max(wait, LOCKOUT_S - (now - recent[-1]))
            elif len(recent) >= 2:  # one typo is free; then 1, 2, 4 s between attempts
                wait = max(wait, min(2.0 ** (len(recent) - 2), 30.0) - (now - recent[-1]))
    return max(wait, 0.0)


def try_unlock(entered: str | None, state: State | None = None) -> tuple[str | None, str]:
    """A token for the right secret, or (None, why not); every failure is counted and logged, never the guess."""
    keys = client_keys(state)
    wait = wait_seconds(keys)
    if wait > 0:
        _log.warning("editor unlock refused while backing off (%s): %.0f s left", _describe(keys), wait)
        return None, f"Too many wrong secrets: try again in {math.ceil(wait)} s."
    token = unlock(entered, server_secret())
    with _failures_lock:
        if token:
            for key in keys:
                if key[0] == "session":
                    _failures.pop(key, None)
            return token, ""
        now = _now()
        for key in keys:
            _failures.setdefault(key, []).append(now)
        count = max(len(_failures[key]) for key in keys)
    _log.warning("editor unlock failed (%s): failure %d in %d min", _describe(keys), count, WINDOW_S // 60)
    return None, "That is not the editor secret."


def _describe(keys: list[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {value}" for kind, value in keys)
