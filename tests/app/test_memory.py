"""ui.memory: closed sessions are shut down when Streamlit drops them; Arrow allocates from glibc."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo

from analysis import settings
from ui import memory, memprobe

TTL_S = 120.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeSession:
    """What the release uses of an AppSession: its id and shutdown() (which frees its media references)."""

    id: str
    media: MediaFileManager
    shutdowns: list[str] = field(default_factory=list)

    def shutdown(self) -> None:
        self.shutdowns.append(self.id)
        self.media.clear_session_refs(self.id)  # as AppSession.shutdown does
        self.media.remove_orphaned_files()


class FakeManager:
    """The parts of WebsocketSessionManager the release reads, around a real MemorySessionStorage."""

    def __init__(self, clock: Clock) -> None:
        self._session_storage = MemorySessionStorage(ttl_seconds=int(TTL_S))
        self._session_storage._cache = TTLCache(maxsize=128, ttl=TTL_S, timer=clock)
        self._storage_lock = threading.Lock()
        self.active: set[str] = set()

    def get_active_session_info(self, session_id: str) -> object | None:
        return object() if session_id in self.active else None

    def disconnect(self, session: FakeSession) -> None:  # WebsocketSessionManager.disconnect_session
        with self._storage_lock:
            self._session_storage.save(SessionInfo(client=None, session=session, script_run_count=1))  # type: ignore[arg-type]


@pytest.fixture
def media() -> MediaFileManager:
    return MediaFileManager(MemoryMediaFileStorage("/media"))


def _with_download(media: MediaFileManager, session_id: str) -> FakeSession:
    # A deferred download (ui.table_downloads) registered by the session's last run, as the script thread does.
    media._deferred_callables[f"file-{session_id}"] = {
        "callable": lambda: b"table", "mimetype": "text/csv", "filename": "t.csv", "coordinates": "1.2",
        "session_id": session_id, "element_id": ""}
    media._files_by_session_and_coord[session_id]["1.2"] = f"file-{session_id}"
    return FakeSession(session_id, media)


def _hooked() -> tuple[Clock, FakeManager, memory.SessionRelease]:
    """A session manager on a fake clock with the release hook installed."""
    clock = Clock()
    manager = FakeManager(clock)
    release = memory.SessionRelease.hook(manager)
    assert release is not None
    return clock, manager, release


def test_an_expired_disconnected_session_is_shut_down_and_its_download_released(media: MediaFileManager) -> None:
    clock, manager, release = _hooked()
    closed = _with_download(media, "s1")
    manager.disconnect(closed)
    assert release.release() == 0  # kept for a reconnect during the TTL
    assert closed.shutdowns == [] and "file-s1" in media._deferred_callables
    clock.now += TTL_S + 1
    assert release.release() == 1
    assert closed.shutdowns == ["s1"]
    assert "file-s1" not in media._deferred_callables  # the table copy the button held is gone
    assert release.release() == 0  # once only


def test_streamlit_reaping_on_the_next_close_is_released_too(media: MediaFileManager) -> None:
    clock, manager, release = _hooked()
    first, second = _with_download(media, "s1"), _with_download(media, "s2")
    manager.disconnect(first)
    clock.now += TTL_S + 1
    manager.disconnect(second)  # Streamlit's own write reaps s1 (without shutting it down)
    assert release.release() == 1
    assert (first.shutdowns, second.shutdowns) == (["s1"], [])


def test_a_reconnected_session_is_not_shut_down(media: MediaFileManager) -> None:
    _clock, manager, release = _hooked()
    session = _with_download(media, "s1")
    manager.disconnect(session)
    manager.active.add("s1")  # WebsocketSessionManager._resume_stored_session: active first, then deleted
    with manager._storage_lock:
        manager._session_storage.delete("s1")
    assert release.release() == 0
    assert session.shutdowns == [] and "file-s1" in media._deferred_callables


def test_other_session_stores_are_left_alone() -> None:
    class Other:
        _session_storage = object()
        _storage_lock = threading.Lock()

    assert memory.SessionRelease.hook(Other()) is None
    assert memory.SessionRelease.hook(None) is None


def test_probe_is_off_by_default_and_reports_what_holds_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.MEMORY_PROBE_ENV, raising=False)
    assert settings.memory_probe_dir() is None
    assert memprobe.start() is False
    monkeypatch.setenv(settings.MEMORY_PROBE_FRAMES_ENV, "many")
    with pytest.raises(ValueError, match="'many'"):
        settings.memory_probe_frames()
    found = memprobe.report(trim=True)
    assert found["rss_mb"] > 0 and found["rss_after_trim_mb"] > 0
    assert found["malloc"]["in_use_mb"] > 0  # glibc (Debian): mallinfo2 answers
    assert found["objects"]


def test_arrow_allocates_from_glibc_unless_the_environment_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    before = pa.default_memory_pool()
    try:
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        assert memory.use_system_arrow_pool() == "system"
        assert pa.array(["Yonaguni"]).to_pylist() == ["Yonaguni"]
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        assert memory.use_system_arrow_pool() == "mimalloc"  # an operator's explicit choice stands
    finally:
        pa.set_memory_pool(before)
