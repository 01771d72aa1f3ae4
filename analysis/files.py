"""Atomic writes and exclusive locks: the one way a module writes a file that others read.

Curated CSVs, the change log, ingestion records, the import store and the dataset cache all
write through :func:`write_atomic` (temporary file in the same folder, fsync, ``os.replace``),
so a reader sees the old file or the new one, never half of one; writers that must not lose
each other's change hold :func:`exclusive_lock` around read-check-write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["current_umask", "exclusive_lock", "write_atomic"]


def current_umask() -> int:
    """The process umask, read without changing it (``/proc/self/status``; 0o022 if unknown).

    ``os.umask`` can only be read by setting it, which would briefly change it for every thread.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def write_atomic(path: Path | str, data: str | bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Parameters
    ----------
    path : Path or str
        Target file; its folder must exist.
    data : str or bytes
        Text is written as UTF-8 with newlines untouched (CRLF files stay CRLF).
    mode : int, optional
        Permission bits of the new file (``0o600`` for private store files). By default a file
        that exists keeps its permissions, and a new one gets ``0o666`` less the umask.
    """
    path = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~current_umask()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def exclusive_lock(path: Path | str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (a folder, or a lock file created 0600 if missing).

    One holder at a time across threads and processes; released when the block ends.
    """
    path = Path(path)
    flags = os.O_RDONLY if path.is_dir() else os.O_RDWR | os.O_CREAT
    fd = os.open(path, flags, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
