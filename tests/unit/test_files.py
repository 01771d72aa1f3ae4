"""Atomic writes and exclusive locks (analysis.files)."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from analysis.files import exclusive_lock, write_atomic


def test_write_atomic_keeps_text_bytes_and_newlines(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    write_atomic(target, "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    write_atomic(target, b"\x00\x01", mode=0o600)
    assert target.read_bytes() == b"\x00\x01"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_write_atomic_failure_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sources.csv"
    target.write_text("old\n")
    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sources.csv"]


@pytest.mark.parametrize("kind", ["folder", "lock file"])
def test_exclusive_lock_excludes_a_second_holder(tmp_path: Path, kind: str) -> None:
    path = tmp_path if kind == "folder" else tmp_path / ".lock"
    with exclusive_lock(path):
        flags = os.O_RDONLY if path.is_dir() else os.O_RDWR
        fd = os.open(path, flags)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again once the block ends
    finally:
        os.close(fd)
    if kind == "lock file":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_write_atomic_keeps_the_file_permissions_and_follows_the_umask(tmp_path) -> None:
    import os
    import stat

    from analysis.files import current_umask, write_atomic

    path = tmp_path / "events.csv"
    path.write_text("a\n")
    os.chmod(path, 0o640)
    write_atomic(path, "b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() == "b\n"
    fresh = tmp_path / "new.csv"
    write_atomic(fresh, "c\n")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~current_umask()
    old = os.umask(0o077)
    try:
        assert current_umask() == 0o077
    finally:
        os.umask(old)
