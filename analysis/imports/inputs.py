r"""What an import reads: files named by path (CLI) or uploaded bytes (page), never guessed from content.

A path may be a file, a ``.zip`` (every ``.csv``/``.tsv``/``.txt``/``.json`` member is read) or a folder
(its files, not recursively). Only regular files are read (``/dev/zero`` and pipes are refused), and
no file larger than :data:`MAX_FILE_BYTES` uncompressed is read (``NANSEI_IMPORT_MAX_MB``). A zip is
opened once (one ``ZipFile`` per archive, its members read from it) and must fit the :class:`Limits`
(members, total uncompressed bytes, compression ratio; smaller for page uploads: docs/security.md);
a damaged member (bad CRC, broken stream) is an :class:`InputError` naming it. Line endings are
normalised while reading (``\r\n`` and lone ``\r`` become ``\n``) and a UTF-8 BOM is dropped, so
mixed and CR-only files read like any other.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from analysis import settings

MAX_FILE_BYTES = settings.import_max_bytes()
MEMBER_SUFFIXES = (".csv", ".tsv", ".txt", ".json")
ZIP_MAGIC = b"PK\x03\x04"
RATIO_FLOOR = 1 << 20  # members smaller than this (uncompressed) are never refused for their ratio
_CHUNK = 1 << 20
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class InputError(ValueError):
    """A file that cannot be imported at all (the message names the file and the reason)."""


@dataclass(frozen=True)
class Limits:
    """Budgets of one import input: bytes per file, and per zip its members, total size and ratio.

    ``file_bytes`` None means :data:`MAX_FILE_BYTES` (``NANSEI_IMPORT_MAX_MB``) at the time of use.
    """

    total_bytes: int
    members: int
    ratio: int
    file_bytes: int | None = None
    origin: str = "import"  # "import" (CLI) or "upload" (page): names the settings in messages

    @property
    def per_file(self) -> int:
        """Largest file (uncompressed) in bytes."""
        return MAX_FILE_BYTES if self.file_bytes is None else self.file_bytes


def cli_limits() -> Limits:
    """The CLI's budgets (``NANSEI_IMPORT_MAX_*``)."""
    return Limits(settings.import_max_total_bytes(), settings.import_max_members(), settings.import_max_ratio())


def upload_limits() -> Limits:
    """The Import page's budgets (``NANSEI_UPLOAD_MAX_*``): smaller than the CLI's."""
    return Limits(settings.upload_max_total_bytes(), settings.upload_max_members(), settings.import_max_ratio(),
                  file_bytes=settings.upload_max_bytes(), origin="upload")


@dataclass(frozen=True)
class InputFile:
    """One readable text file: its display name, declared size and a way to open it as bytes."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]
    limit: int | None = None  # largest size in bytes; None = MAX_FILE_BYTES
    setting: str = settings.IMPORT_MAX_MB_ENV

    def open(self) -> BinaryIO:
        """A fresh binary stream with normalised line endings, the BOM dropped and the size limit enforced."""
        return cast(BinaryIO, NormalisedReader(self.opener(), self.name, self.limit, self.setting))

    def digest(self) -> str:
        """sha256 of the raw bytes (hex); reads the file once, in chunks."""
        sha = hashlib.sha256()
        limit = MAX_FILE_BYTES if self.limit is None else self.limit
        with self.opener() as raw:
            read = 0
            while chunk := raw.read(_CHUNK):
                read += len(chunk)
                if read > limit:
                    raise _too_big(self.name, read, limit, self.setting)
                sha.update(chunk)
        return sha.hexdigest()


def _too_big(name: str, size: int, limit: int | None = None, setting: str = settings.IMPORT_MAX_MB_ENV
             ) -> InputError:
    limit = MAX_FILE_BYTES if limit is None else limit
    return InputError(f"{name}: file is larger than the import limit of {limit / 2**20:g} MB "
                      f"(got at least {size / 2**20:.3g} MB); split it or raise {setting}")


class NormalisedReader(io.RawIOBase):
    """Binary reader turning CRLF and lone CR into LF and dropping a leading UTF-8 BOM."""

    def __init__(self, raw: BinaryIO, name: str, limit: int | None = None,
                 setting: str = settings.IMPORT_MAX_MB_ENV) -> None:
        self._raw, self._name = raw, name
        self._limit, self._setting = (MAX_FILE_BYTES if limit is None else limit), setting
        self._pending = b""  # a trailing CR that may be the first half of CRLF
        self._buffer = b""  # normalised bytes not handed out yet
        self._first = True
        self._eof = False
        self._read = 0
        self._last = b""

    def readable(self) -> bool:
        """Always readable (a binary input stream)."""
        return True

    def _fill(self) -> bytes:
        chunk = self._raw.read(_CHUNK)
        self._read += len(chunk)
        if self._read > self._limit:
            raise _too_big(self._name, self._read, self._limit, self._setting)
        if not chunk:
            self._eof = True
            data, self._pending = self._pending.replace(b"\r", b"\n"), b""
            if not data and self._last not in (b"", b"\n"):
                data = b"\n"  # a last line without its newline still ends
            return data
        data = self._pending + chunk
        if self._first:
            self._first = False
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
        if data.endswith(b"\r"):
            data, self._pending = data[:-1], b"\r"
        else:
            self._pending = b""
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if data:
            self._last = data[-1:]
        return data

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` normalised bytes (all that is left when ``size`` is negative)."""
        while (size is None or size < 0 or len(self._buffer) < size) and not self._eof:
            self._buffer += self._fill()
        if size is None or size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` with normalised bytes; return how many."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close the underlying stream."""
        self._raw.close()
        super().close()


class _Archive:
    """One zip archive opened once: its central directory is read a single time, members share it."""

    def __init__(self, name: str, opener: Callable[[], BinaryIO]) -> None:
        self.name = name
        handle = opener()
        try:
            self.zip = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, *_DAMAGED) as exc:
            handle.close()
            raise InputError(f"{name}: not a readable zip archive ({exc})") from exc
        weakref.finalize(self, handle.close)  # closed when the last member reader is gone

    def open(self, info: zipfile.ZipInfo) -> BinaryIO:
        """A stream of one member; a damaged member raises :class:`InputError` naming it."""
        return cast(BinaryIO, _ZipMember(self, info))


class _ZipMember(io.RawIOBase):
    """One member of an :class:`_Archive`, read as a stream (damage reported as :class:`InputError`)."""

    def __init__(self, archive: _Archive, info: zipfile.ZipInfo) -> None:
        self._archive, self._label = archive, f"{archive.name}:{info.filename}"  # keeps the archive alive
        try:
            self._stream = archive.zip.open(info)
        except _DAMAGED as exc:
            raise _damaged(self._label, exc) from exc

    def readable(self) -> bool:
        """Always readable."""
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes (the CRC is checked at the end of the member)."""
        try:
            return self._stream.read(size)
        except _DAMAGED as exc:
            raise _damaged(self._label, exc) from exc

    def close(self) -> None:
        """Close the member (the archive stays open for its other members)."""
        self._stream.close()
        super().close()


def _damaged(label: str, exc: BaseException) -> InputError:
    return InputError(f"{label}: damaged zip member, skipped ({type(exc).__name__}: {exc})")


def _zip_members(name: str, opener: Callable[[], BinaryIO], limits: Limits) -> list[InputFile]:
    archive = _Archive(name, opener)
    prefix = "NANSEI_UPLOAD_MAX" if limits.origin == "upload" else "NANSEI_IMPORT_MAX"
    infos = [i for i in archive.zip.infolist() if not i.is_dir()]
    if len(infos) > limits.members:
        raise InputError(f"{name}: the zip archive holds {len(infos):,} members, more than the limit of "
                         f"{limits.members:,}; split it or raise {prefix}_MEMBERS")
    wanted = [i for i in infos if i.filename.lower().endswith(MEMBER_SUFFIXES)]
    total = sum(i.file_size for i in wanted)
    if total > limits.total_bytes:
        raise InputError(f"{name}: the zip archive unpacks to {total / 2**20:,.1f} MB, more than the limit of "
                         f"{limits.total_bytes / 2**20:,.0f} MB; split it or raise {prefix}_TOTAL_MB")
    setting = f"{prefix}_MB"
    members = []
    for info in wanted:
        label = f"{name}:{info.filename}"
        if info.file_size > limits.per_file:
            raise _too_big(label, info.file_size, limits.per_file, setting)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise InputError(f"{label}: compressed {info.file_size / max(info.compress_size, 1):,.0f} to 1, more "
                             f"than the limit of {limits.ratio} to 1 (a zip bomb?); raise NANSEI_IMPORT_MAX_RATIO "
                             "if the file is genuine")

        def open_member(member: zipfile.ZipInfo = info) -> BinaryIO:
            return archive.open(member)

        members.append(InputFile(label, info.file_size, open_member, limits.per_file, setting))
    if not members:
        raise InputError(f"{name}: the zip archive holds no .csv, .tsv, .txt or .json file")
    return members


def _starts_with_zip(opener: Callable[[], BinaryIO]) -> bool:
    with opener() as handle:
        return handle.read(4) == ZIP_MAGIC


def _open_regular(path: Path, follow_symlinks: bool) -> BinaryIO:
    """Open ``path`` for reading only if it is (still) a regular file: no FIFO wait, no swapped-in link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        raise InputError(f"{path}: not a regular file (devices, pipes and sockets are never read)")
    return cast(BinaryIO, handle)


def from_path(path: Path | str, limits: Limits | None = None, follow_symlinks: bool = False) -> list[InputFile]:
    """The readable files behind one CLI argument (a file, a zip or a folder), within ``limits`` (the CLI's).

    A symbolic link is refused unless ``follow_symlinks`` (``import --follow-symlinks``); links inside
    a folder are then skipped.

    Raises
    ------
    InputError
        For a missing path, a symlink, something that is not a regular file, an unreadable or oversized file.
    """
    path = Path(path)
    if path.is_symlink() and not follow_symlinks:
        raise InputError(f"{path}: a symbolic link; pass --follow-symlinks to read what it points to")
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                       and (follow_symlinks or not p.is_symlink()))
        if not files:
            raise InputError(f"{path}: the folder holds no files")
        return [f for p in files for f in from_path(p, limits, follow_symlinks)]
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (devices, pipes and sockets are never read)")
    limits = limits or cli_limits()
    if info.st_size > limits.per_file:
        raise _too_big(str(path), info.st_size, limits.per_file)
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: cannot read it (permission denied)")

    def opener(p=path) -> BinaryIO:
        return _open_regular(p, follow_symlinks)

    if _starts_with_zip(opener):
        return _zip_members(str(path), opener, limits)
    return [InputFile(str(path), info.st_size, opener, limits.per_file)]


def from_paths(paths: Iterable[Path | str], limits: Limits | None = None,
               follow_symlinks: bool = False) -> list[InputFile]:
    """:func:`from_path` for each argument, in order."""
    return [f for p in paths for f in from_path(p, limits, follow_symlinks)]


def from_upload(name: str, data: bytes, limits: Limits | None = None) -> list[InputFile]:
    """The readable files of an upload (its bytes; a zip is opened, nothing else is interpreted).

    ``limits`` default to the page's (:func:`upload_limits`), smaller than the CLI's.

    Raises
    ------
    InputError
        For an oversized upload or a broken zip.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"an upload is bytes, got {type(data).__name__!r}")
    data = bytes(data)
    limits = limits or upload_limits()
    setting = "NANSEI_UPLOAD_MAX_MB" if limits.origin == "upload" else settings.IMPORT_MAX_MB_ENV
    if len(data) > limits.per_file:
        raise _too_big(name, len(data), limits.per_file, setting)

    def opener(d=data) -> BinaryIO:
        return io.BytesIO(d)

    if data[:4] == ZIP_MAGIC:
        return _zip_members(name, opener, limits)
    return [InputFile(name, len(data), opener, limits.per_file, setting)]
