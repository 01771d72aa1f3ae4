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
from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar

import streamlit as st

from analysis import settings
from analysis.curation.access import editing_enabled, may_edit

SECRET_KEY = "editor_secret"  # in .streamlit/secrets.toml
TOKEN = "cur_token"
WHO = "cur_who"
RESULT = "cur_result"
LOCKED_MESSAGE = "Editing is locked: nothing was saved."
READ_ONLY_MESSAGE = "This server is a read-only replica (NANSEI_READ_ONLY): nothing can be written here."
State = MutableMapping[str, Any]
F = TypeVar("F", bound=Callable[..., None])


class NotAnEditorError(PermissionError):
    """A write was attempted by a session that has not unlocked editing (or on a read-only server)."""


def session_state(state: State | None) -> State:
    """``state``, or this session's ``st.session_state`` when None."""
    return st.session_state if state is None else state  # type: ignore[return-value]


def server_secret() -> str | None:
    """The editor secret: ``$NANSEI_EDITOR_SECRET``, else ``editor_secret`` in ``.streamlit/secrets.toml``."""
    secret = settings.editor_secret()
    if secret:
        return secret
    try:
        value = st.secrets.get(SECRET_KEY)
    except FileNotFoundError:  # no secrets.toml, or one Streamlit cannot parse: editing stays off
        return None
    return str(value) if value else None


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
    return str(state.get(WHO) or "")


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
