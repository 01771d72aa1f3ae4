"""Opt-in memory probe of the server process (``NANSEI_MEMORY_PROBE``; off by default).

``bench/load.py --leak --probe`` starts the server with ``NANSEI_MEMORY_PROBE=<folder>``. Once per process
:func:`start` then runs a daemon thread that watches ``<folder>/request``: a JSON object
``{"label": "round1", "trim": true}``. For each request it writes ``<folder>/<label>.json`` (what holds
the memory) and removes the request; nothing is served over HTTP. A report names:

- ``rss_mb``, then ``rss_after_gc_mb`` (``gc.collect()``) and, with ``"trim": true``, ``rss_after_trim_mb``
  (glibc ``malloc_trim(0)``: free heap pages handed back to the system). What trimming gives back is
  allocator high-water mark; what stays is live memory.
- ``malloc``: glibc ``mallinfo2`` (``in_use_mb`` = allocated chunks, ``free_mb`` = free chunks it keeps).
- ``sessions``: Streamlit's active sessions, disconnected ones kept for reconnecting (``stored_live``,
  and ``stored_raw`` counting expired ones not yet dropped), and the session ids the media-file and
  dataframe-source managers still hold references for (``*_session_ids``), with ``orphan_session_ids``:
  ids held there that are neither active nor stored.
- ``objects``: live objects by type (the 25 most numerous) and, from the second report on, ``objects_diff``.
- ``pyarrow``: the default memory pool's backend, bytes allocated and peak; ``maps``: resident anonymous
  memory by kind (glibc's main heap, huge pages, mappings of 512 MiB or more such as mimalloc's arenas).
- with ``NANSEI_MEMORY_PROBE_FRAMES`` > 0, ``tracemalloc`` runs from ``start()`` on with that many frames
  and ``tracemalloc_diff`` lists the 25 biggest growths by traceback since the previous report.
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import gc
import json
import os
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

from analysis import settings
from analysis.files import write_atomic

POLL_S = 0.5
TOP = 25
_STATE: dict[str, Any] = {}
_LOCK = threading.Lock()


def start() -> bool:
    """Start the probe thread once per process when ``NANSEI_MEMORY_PROBE`` names a folder; True if running."""
    folder = settings.memory_probe_dir()
    if folder is None:
        return False
    with _LOCK:
        if "thread" in _STATE:
            return True
        folder.mkdir(parents=True, exist_ok=True)
        frames = settings.memory_probe_frames()
        if frames and not tracemalloc.is_tracing():
            tracemalloc.start(frames)
        thread = threading.Thread(target=_watch, args=(folder,), name="nansei-memprobe", daemon=True)
        _STATE["thread"] = thread
        thread.start()
    return True


def _watch(folder: Path) -> None:
    request = folder / "request"
    while True:
        time.sleep(POLL_S)
        if not request.exists():
            continue
        try:
            asked = json.loads(request.read_text(encoding="utf-8"))
            label = str(asked.get("label", "report"))
            if not label.replace("-", "").replace("_", "").isalnum():
                raise ValueError(f"probe label must be letters, digits, - or _, got {label!r}")
            text = json.dumps(report(trim=bool(asked.get("trim"))), indent=1, default=str)
        except Exception as exc:  # a diagnostic: a failed report is written, never raised into the server
            label, text = "error", json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        write_atomic(folder / f"{label}.json", text.encode("utf-8"))
        request.unlink(missing_ok=True)


def rss_mb() -> float:
    """Resident set size of this process, MiB (Linux ``/proc/self/statm``; 0.0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                 "fordblks", "keepcost")]


def malloc_stats() -> dict[str, float]:
    """The glibc heap: MiB in allocated chunks, in free chunks it keeps, and in mmapped blocks ({} without glibc)."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return {}
    libc.mallinfo2.restype = _Mallinfo2
    info = libc.mallinfo2()
    mb = 2**20
    return {"in_use_mb": info.uordblks / mb, "free_mb": info.fordblks / mb, "mmapped_mb": info.hblkhd / mb,
            "arena_mb": info.arena / mb}


def malloc_trim() -> bool:
    """Ask glibc to hand free heap pages back to the system (``malloc_trim(0)``); False without glibc."""
    libc = _libc()
    if libc is None or not hasattr(libc, "malloc_trim"):
        return False
    libc.malloc_trim(0)
    return True


def _sessions() -> dict[str, Any]:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return {}
    runtime = Runtime.instance()
    manager = runtime._session_mgr
    active = {info.session.id for info in manager.list_active_sessions()}
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    stored_raw = list(getattr(cache, "_data", {}))
    stored_live = [info.session.id for info in storage.list()] if storage is not None else []
    media = runtime.media_file_mgr
    frames = runtime.dataframe_source_mgr
    media_ids = set(getattr(media, "_files_by_session_and_coord", {}))
    deferred_ids = set(getattr(media, "_deferred_ids_by_session", {}))
    frame_ids = set(getattr(frames, "_sources_by_session_and_coord", {}))
    known = active | set(stored_raw)
    return {
        "active": len(active), "stored_live": len(stored_live), "stored_raw": len(stored_raw),
        "media_session_ids": len(media_ids), "deferred_session_ids": len(deferred_ids),
        "dataframe_session_ids": len(frame_ids),
        "orphan_session_ids": len((media_ids | deferred_ids | frame_ids) - known),
        "deferred_callables": len(getattr(media, "_deferred_callables", {})),
        "media_files": len(getattr(media, "_file_metadata", {})),
        "dataframe_sources": frames.get_source_count(),
    }


def maps() -> dict[str, Any]:
    """Resident anonymous memory by kind (``/proc/self/smaps``, MiB).

    glibc's main heap, transparent huge pages, and every mapping of 512 MiB or more (mimalloc reserves its
    arenas 1 GiB at a time).
    """
    rows: list[dict[str, Any]] = []
    try:
        lines = Path("/proc/self/smaps").read_text().splitlines()
    except OSError:
        return {}
    for line in lines:
        head = line.split()
        if head and "-" in head[0] and ":" not in head[0]:
            start, end = (int(x, 16) for x in head[0].split("-"))
            rows.append({"size": (end - start) / 2**20, "name": head[5] if len(head) > 5 else "",
                         "Anonymous": 0.0, "AnonHugePages": 0.0})
        elif rows and head and head[0].rstrip(":") in ("Anonymous", "AnonHugePages"):
            rows[-1][head[0].rstrip(":")] = int(head[1]) / 1024
    return {"anon_mb": sum(r["Anonymous"] for r in rows), "heap_mb": sum(r["Anonymous"] for r in rows
                                                                       if r["name"] == "[heap]"),
            "huge_mb": sum(r["AnonHugePages"] for r in rows),
            "big_mappings": [{"size_mb": r["size"], "anon_mb": r["Anonymous"]} for r in rows if r["size"] >= 512]}


def _pyarrow() -> dict[str, Any]:
    import pyarrow as pa

    pool = pa.default_memory_pool()
    return {"backend": pool.backend_name, "allocated_mb": pool.bytes_allocated() / 2**20,
            "max_mb": pool.max_memory() / 2**20 if pool.max_memory() is not None else None}


def _object_counts() -> collections.Counter[str]:
    return collections.Counter(type(obj).__qualname__ for obj in gc.get_objects())


def report(trim: bool = False) -> dict[str, Any]:
    """What holds this process's memory now (see the module docstring); tracemalloc diff since the last report."""
    out: dict[str, Any] = {"time": time.time(), "rss_mb": rss_mb(), "malloc": malloc_stats(), "maps": maps()}
    out["sessions"] = _sessions()
    gc.collect()
    out["rss_after_gc_mb"] = rss_mb()
    out["malloc_after_gc"] = malloc_stats()
    if trim:  # before the object census and the snapshot, which allocate
        out["trimmed"] = malloc_trim()
        out["rss_after_trim_mb"] = rss_mb()
        out["malloc_after_trim"] = malloc_stats()
    out["pyarrow"] = _pyarrow()
    counts = _object_counts()
    out["objects"] = dict(counts.most_common(TOP))
    previous = _STATE.get("counts")
    if previous is not None:
        growth = counts.copy()
        growth.subtract(previous)
        out["objects_diff"] = dict(growth.most_common(TOP))
    _STATE["counts"] = counts
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        out["tracemalloc"] = {"current_mb": current / 2**20, "peak_mb": peak / 2**20,
                              "own_mb": tracemalloc.get_tracemalloc_memory() / 2**20}
        snapshot = tracemalloc.take_snapshot().filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
        earlier = _STATE.get("snapshot")
        if earlier is not None:
            stats = snapshot.compare_to(earlier, "traceback")[:TOP]
            out["tracemalloc_diff"] = [{"kb": s.size_diff / 1024, "count": s.count_diff,
                                        "where": [f"{f.filename}:{f.lineno}" for f in s.traceback]}
                                       for s in stats]
        _STATE["snapshot"] = snapshot
    return out
