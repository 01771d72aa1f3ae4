"""PNG, SVG and PDF through kaleido and a local Chromium: one browser kept warm per process.

The first image costs ~3 s (the browser starts), then ~0.2 s each. When the warm browser cannot start,
each export starts its own (slow but works). :func:`static_export_available` says why exports are off.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import threading
import time
from concurrent.futures import Future
from typing import Any

import plotly.graph_objects as go

from analysis import settings

RENDER_TIMEOUT_S = 90

_log = logging.getLogger(__name__)


def browser_path() -> str | None:
    """Path of the Chromium kaleido will drive, or None when there is none.

    ``$NANSEI_CHROMIUM`` (also used by the browser tests) overrides the search.
    """
    override = settings.chromium_override()
    if override:
        return override if os.access(override, os.X_OK) else None
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # any failure to look means "no browser"
        return None


def static_export_available() -> tuple[bool, str]:
    """Whether PNG/SVG/PDF can be made here, and why not when they cannot.

    Returns
    -------
    (bool, str)
        ``(True, "")`` or ``(False, reason)``; HTML and CSV work either way.
    """
    try:
        import kaleido  # noqa: F401
    except ImportError as exc:
        return False, f"PNG/SVG/PDF export needs the kaleido package ({exc}); HTML and CSV still work."
    path = browser_path()
    if path is None:
        where = settings.chromium_override() or "PATH"
        return False, (
            f"PNG/SVG/PDF export needs Chromium, none found (looked in {where}); install Debian's `chromium` "
            "package. HTML and CSV downloads still work."
        )
    return True, ""


def scrub_browser_env() -> None:
    """Start Chromium with :func:`analysis.settings.child_env`: no secret reaches the export browser.

    choreographer copies ``os.environ`` for the browser it starts (``Chromium.get_env``); this
    replaces that copy with the scrubbed one.
    """
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:  # no static export here at all
        return
    Chromium.get_env = lambda self: settings.child_env()  # type: ignore[method-assign]


CLOSE_TIMEOUT_S = 30
_POLL_S = 0.05


def _result_within(future: Future, seconds: float) -> object:
    """``future.result()`` if it is done within about ``seconds``; TimeoutError otherwise.

    Counts short sleeps instead of waiting on a lock with a deadline: this runs at interpreter exit, and a
    timed lock wait whose deadline a moved clock puts far ahead (libfaketime, ``make test-clock``) never
    times out, which would keep the process from ending.
    """
    for _ in range(max(1, round(seconds / _POLL_S))):
        if future.done():
            return future.result()
        time.sleep(_POLL_S)
    if future.done():
        return future.result()
    raise TimeoutError(f"the export browser did not close within {seconds:g} s")


class _WarmBrowser:
    """One kaleido browser on its own event-loop thread, shared by every caller.

    kaleido's own ``start_sync_server`` hangs forever when its browser dies or
    fails to start; here each render has a timeout and a failed start is seen.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None  # kaleido.Kaleido once started
        self.failed: str | None = None
        self._atexit = False

    def _kaleido_kwargs(self) -> dict:
        # mathjax=False: kaleido's default loads MathJax from a CDN; we make no network request.
        return {"n": 1, "mathjax": False, "path": browser_path(), "timeout": RENDER_TIMEOUT_S}

    def start(self) -> bool:
        """Start the browser once (thread-safe); False if it cannot start."""
        with self._lock:
            if self._kaleido is not None:
                return True
            if self.failed:
                return False
            import kaleido

            scrub_browser_env()
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="kaleido-warm", daemon=True).start()
            k = kaleido.Kaleido(**self._kaleido_kwargs())
            try:
                asyncio.run_coroutine_threadsafe(k.open(), loop).result(timeout=60)
            except Exception as exc:  # fall back to a cold browser per call
                self.failed = f"{type(exc).__name__}: {exc}"
                _log.warning("warm kaleido browser did not start (%s); exporting cold", self.failed)
                loop.call_soon_threadsafe(loop.stop)
                return False
            self._loop, self._kaleido = loop, k
            if not self._atexit:
                # Close Chromium before interpreter teardown, or its profile folder outlives the temp dir.
                atexit.register(self.stop)
                self._atexit = True
            return True

    def render(self, spec: dict, opts: dict) -> bytes:
        if self._kaleido is None or self._loop is None:
            raise RuntimeError("the export browser is not running: call start() first")
        future: Future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
        return future.result(timeout=RENDER_TIMEOUT_S + 5)

    def stop(self) -> None:
        """Close the browser (tests, benchmarks, exit); the next export starts a new one."""
        with self._lock:
            loop = self._loop
            if self._kaleido is None or loop is None:
                self.failed = None
                return
            try:
                _result_within(asyncio.run_coroutine_threadsafe(self._kaleido.close(), loop), CLOSE_TIMEOUT_S)
            except Exception as exc:  # closing is best effort
                _log.warning("closing the export browser failed: %s: %s", type(exc).__name__, exc)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                self._loop = self._kaleido = None
                self.failed = None


_WARM = _WarmBrowser()
_warming: threading.Thread | None = None


def warm_up() -> str:
    """Start the export browser in the background (never blocks); return its state.

    ``"ready"``, ``"starting"``, ``"failed"``, ``"unavailable"`` (no kaleido or Chromium) or ``"off"``
    (``NANSEI_EXPORT_WARM=0``: the first export starts it). Pages call this when they draw download
    buttons, so the first export does not wait ~3 s for a cold browser, and can say that it is starting.
    """
    global _warming
    if _WARM._kaleido is not None:
        return "ready"
    if _WARM.failed:
        return "failed"
    if not settings.export_warm():
        return "off"
    if not static_export_available()[0]:
        return "unavailable"
    if _warming is None or not _warming.is_alive():
        _warming = threading.Thread(target=_WARM.start, name="kaleido-warm-up", daemon=True)
        _warming.start()
    return "starting"


def stop_warm_browser() -> None:
    """Close the shared export browser if it is running."""
    _WARM.stop()


def _cold_render(spec: dict, opts: dict) -> bytes:
    import kaleido

    scrub_browser_env()
    kopts = {"mathjax": False, "path": browser_path()}
    return kaleido.calc_fig_sync(spec, opts=opts, kopts=kopts)


def static_bytes(fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1, warm: bool = True) -> bytes:
    """Render ``fig`` as PNG, SVG or PDF bytes with kaleido.

    ``warm=True`` uses the shared browser (started on first use); if it cannot
    start, each call starts its own browser instead (slow but works).
    """
    ok, reason = static_export_available()
    if not ok:
        raise RuntimeError(reason)
    spec = fig.to_plotly_json()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    if warm and _WARM.start():
        try:
            return _WARM.render(spec, opts)
        except Exception as exc:  # a dead warm browser must not break exports
            _log.warning("warm export failed (%s: %s); retrying cold", type(exc).__name__, exc)
    return _cold_render(spec, opts)


