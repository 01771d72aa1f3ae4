"""The error boundary every page runs in: a short, helpful message instead of a traceback.

:func:`ui.core.setup_page` (the first call of app.py and every file in pages/)
installs :func:`install_error_boundary` for the current script run. From then on
an unexpected exception anywhere in the page, including in callbacks and
fragments, is handled by :func:`show_unexpected_error`: the browser gets what
failed, that nothing was changed and what to try, plus an error id; the server
log gets the same id with the full traceback. Streamlit's own error box (a
traceback, or with ``showErrorDetails = "none"`` a generic line) is suppressed.

A page can also fail before it reaches ``setup_page``: while it imports its modules. For those runs
:func:`install_process_boundary` (called by ``ui/__init__.py`` before it imports anything else) wraps
Streamlit's handler of uncaught script exceptions once per process, so a run without a boundary of its
own gets the same short message and id.

It uses Streamlit's ``on_script_error`` hook (the one ``st.App(on_script_error=...)``
sets) on the running script's context; ``tests/app/test_error_boundary.py``
fails if a Streamlit upgrade moves it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

LOGGER = get_logger("nansei.errors")


def new_error_id() -> str:
    """A short id that ties the message in the browser to the traceback in the server log."""
    return uuid.uuid4().hex[:10]


def error_message(page: str | None, error_id: str, kind: str = "") -> str:
    """The text shown for an unexpected error on ``page``.

    Only our own words and the exception's class name: its message may hold file
    content or paths and is kept for the server log.
    """
    what = f" ({kind})" if kind else ""
    subject = f"The {page} page" if page else "This page"
    return (
        f"**{subject} could not be completed: something unexpected went wrong{what}.** "
        "Nothing was changed: the curated files, imported events and your filters are as they were.\n\n"
        "Try: reload the page; or open it without filters (drop the part of the link after `?`); "
        "or check the **Data check** page. If it keeps happening, give whoever runs the dashboard "
        f"the error id `{error_id}`: the server log has the details under it."
    )


def show_unexpected_error(page: str | None, exc: BaseException) -> str:
    """Log ``exc`` with a new id (traceback on the server only) and show the short message.

    Returns the error id.
    """
    error_id = new_error_id()
    LOGGER.error("error id %s: the %s page failed with %s", error_id, page or "(unnamed)", type(exc).__name__,
                 exc_info=exc)
    st.error(error_message(page, error_id, type(exc).__name__), icon="🛑")
    return error_id


def install_error_boundary(page: str) -> None:
    """Handle any uncaught exception of this script run with :func:`show_unexpected_error`."""
    ctx = get_script_run_ctx()
    if ctx is None:  # imported outside a script run (bare mode): nothing to guard
        return

    def on_script_error(exc: Exception) -> bool:
        show_unexpected_error(page, exc)
        return True  # suppress Streamlit's own exception display

    ctx.on_script_error = on_script_error


def install_process_boundary() -> None:
    """Give every script run that has no boundary of its own the short message (once per process).

    Covers exceptions raised before ``setup_page`` installs the page's boundary, e.g. while a page
    imports its modules. It wraps ``handle_user_script_exception`` where Streamlit's script runner and
    fragments call it; ``tests/app/test_error_boundary.py`` fails if an upgrade moves it.
    """
    from streamlit.runtime import fragment
    from streamlit.runtime.scriptrunner import exec_code

    original = exec_code.handle_user_script_exception
    if getattr(original, "nansei_boundary", False):
        return

    def fallback(exc: Exception) -> bool:
        show_unexpected_error(None, exc)
        return True

    def handle(ex: Exception, on_script_error: Callable[[Exception], bool | None] | None) -> None:
        original(ex, on_script_error or fallback)

    handle.nansei_boundary = True  # type: ignore[attr-defined]
    exec_code.handle_user_script_exception = handle
    fragment.handle_user_script_exception = handle
