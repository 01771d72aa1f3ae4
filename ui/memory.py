"""The server's memory policy: closed sessions release their tables, Arrow allocates from glibc.

**Closed sessions.** Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` (120 s)
so a reconnecting tab finds it. In streamlit 1.67 that store (``MemorySessionStorage``) is a TTL cache
with no removal hook and lazy expiry: an expired session stays until the next write to the store (the
next tab that closes), and is then dropped without ``AppSession.shutdown()`` — released only when the
garbage collector runs ``AppSession.__del__`` (streamlit/streamlit#12506). Until then the server-wide
media-file manager keeps its last run's deferred download callables, each holding a copy of its table
(``ui.table_downloads``). :class:`SessionRelease` hooks the store's removal: a session removed while not
active (expired, evicted or closed; not one a reconnecting tab took back) is shut down as Streamlit
shuts down a session it closes itself, and a daemon thread reaps expired entries every
:data:`REAP_INTERVAL_S` seconds, so an idle server lets them go too.

**Arrow's allocator.** pandas 3 keeps strings in Arrow arrays and Streamlit serialises every table
through Arrow, so most table memory goes through ``pyarrow.default_memory_pool()``: bundled mimalloc by
default, with per-thread heaps. Streamlit runs each script run on a new thread; the heaps of finished
threads are abandoned with their pages still resident: 35–175 MB in its arena during and after rounds
of 25 sessions while Arrow had at most 19 MB allocated (docs/bench.md, "Leak or high-water mark").
:func:`install` switches the default pool to the system allocator (glibc), which reuses freed memory
across threads. ``ARROW_DEFAULT_MEMORY_POOL`` set in the environment is honoured instead.

:func:`install` runs once per process, from ``ui/__init__.py``; ``bench/load.py --leak`` measures both.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from typing import Any

from streamlit.logger import get_logger

LOGGER = get_logger("nansei.memory")
REAP_INTERVAL_S = 10.0
"""How often expired disconnected sessions are reaped (on top of Streamlit's own reaping at each write)."""
_STATE: dict[str, Any] = {}
_LOCK = threading.Lock()


class SessionRelease:
    """The removal hook on one session manager's store, and the queue of sessions it shuts down.

    Parameters
    ----------
    manager : streamlit.runtime.websocket_session_manager.WebsocketSessionManager
        Must keep disconnected sessions in a ``MemorySessionStorage``; see :meth:`hook`.
    """

    def __init__(self, manager: Any, cache: Any) -> None:
        self._manager = manager
        self._cache = cache
        self._removed: collections.deque[Any] = collections.deque()
        previous = cache._on_remove

        def on_remove(key: str, info: Any) -> None:
            # Runs inside the store (often under the manager's storage lock): only queue.
            if previous is not None:
                previous(key, info)
            self._removed.append(info.session)

        cache._on_remove = on_remove

    @classmethod
    def hook(cls, manager: Any) -> SessionRelease | None:
        """Hook ``manager``'s store; None when it is not Streamlit's in-memory TTL store (nothing to do)."""
        from streamlit.runtime.caching.ttl_cache import TTLCache
        from streamlit.runtime.memory_session_storage import MemorySessionStorage

        storage = getattr(manager, "_session_storage", None)
        cache = getattr(storage, "_cache", None)
        if not isinstance(storage, MemorySessionStorage) or not isinstance(cache, TTLCache):
            return None
        if not hasattr(cache, "_on_remove") or not hasattr(manager, "_storage_lock"):
            return None
        return cls(manager, cache)

    def release(self) -> int:
        """Reap expired stored sessions, shut down every removed one that is not active; how many were shut down."""
        with self._manager._storage_lock:
            self._cache.expire()
        released = 0
        while self._removed:
            session = self._removed.popleft()
            if self._manager.get_active_session_info(session.id) is not None:
                continue  # a reconnecting tab took it back: the store drops it, the session lives on
            try:
                session.shutdown()  # a no-op for a session already shut down
            except Exception:  # one session's teardown must not stop the others'
                LOGGER.exception("releasing closed session %s failed", session.id)
                continue
            released += 1
        return released


def _reap(release: SessionRelease) -> None:
    while True:
        time.sleep(REAP_INTERVAL_S)
        try:
            release.release()
        except Exception:  # keep reaping: a failed pass is logged, never raised into the server
            LOGGER.exception("reaping closed sessions failed")


def use_system_arrow_pool() -> str:
    """Make glibc malloc Arrow's default pool unless ``ARROW_DEFAULT_MEMORY_POOL`` chose one; the backend in use."""
    import pyarrow as pa

    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "").strip():
        pa.set_memory_pool(pa.system_memory_pool())
    return pa.default_memory_pool().backend_name


def install() -> bool:
    """Once per process: Arrow on glibc, and closed sessions shut down when Streamlit drops them; True if hooked."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    with _LOCK:
        if "pool" not in _STATE:
            _STATE["pool"] = use_system_arrow_pool()
        if "release" in _STATE:
            return True
        release = SessionRelease.hook(getattr(Runtime.instance(), "_session_mgr", None))
        if release is None:  # AppTest's mock runtime, or a host with its own session storage
            return False
        _STATE["release"] = release
        threading.Thread(target=_reap, args=(release,), name="nansei-session-release", daemon=True).start()
    return True
