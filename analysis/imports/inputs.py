r"""What an import reads: files named by path (CLI) or uploaded bytes (page), never guessed from content.

A path may be a file, a ``.zip`` (every ``.csv``/``.tsv``/``.txt``/``.json`` member is read) or a folder
(its files, not recursively). Only regular files are read (``/dev/zero`` and pipes are refused), and
no file larger than :data:`MAX_FILE_BYTES` uncompressed is read (``NANSEI_IMPORT_MAX_MB``). Line
endings are normalised while reading (``\r\n`` and lone ``\r`` become ``\n``) and a UTF-8 BOM is
dropped, so mixed and CR-only files read like any other.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from analysis import settings

MAX_FILE_BYTES = settings.import_max_bytes()
MEMBER_SUFFIXES = (".csv", ".tsv", ".txt", ".json")
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20


class InputError(ValueError):
    """A file that cannot be imported at all (the message names the file and the reason)."""


@dataclass(frozen=True)
class InputFile:
    """One readable text file: its display name, declared size and a way to open it as bytes."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        """A fresh binary stream with normalised line endings, the BOM dropped and the size limit enforced."""
        return cast(BinaryIO, NormalisedReader(self.opener(), self.name))

    def digest(self) -> str:
        """sha256 of the raw bytes (hex); reads the file once, in chunks."""
        sha = hashlib.sha256()
        with self.opener() as raw:
            read = 0
            while chunk := raw.read(_CHUNK):
                read += len(chunk)
                if read > MAX_FILE_BYTES:
                    raise _too_big(self.name, read)
                sha.update(chunk)
        return sha.hexdigest()


def _too_big(name: str, size: int) -> InputError:
    return InputError(f"{name}: file is larger than the import limit of {MAX_FILE_BYTES // 2**20} MB "
                      f"(got at least {size // 2**20} MB); split it or raise NANSEI_IMPORT_MAX_MB")


class NormalisedReader(io.RawIOBase):
    """Binary reader turning CRLF and lone CR into LF and dropping a leading UTF-8 BOM."""

    def __init__(self, raw: BinaryIO, name: str) -> None:
        self._raw, self._name = raw, name
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
        if self._read > MAX_FILE_BYTES:
            raise _too_big(self._name, self._read)
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


class _ZipMember(io.RawIOBase):
    """One member of a zip, read as a stream; closing it closes its archive too."""

    def __init__(self, archive: zipfile.ZipFile, member: str) -> None:
        self._archive, self._stream = archive, archive.open(member)

    def readable(self) -> bool:
        """Always readable."""
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes."""
        return self._stream.read(size)

    def close(self) -> None:
        """Close the member and its archive."""
        self._stream.close()
        self._archive.close()
        super().close()


def _zip_members(name: str, opener: Callable[[], BinaryIO]) -> list[InputFile]:
    try:
        with zipfile.ZipFile(opener()) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{name}: not a readable zip archive ({exc})") from exc
    members = []
    for info in infos:
        if not info.filename.lower().endswith(MEMBER_SUFFIXES):
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise _too_big(f"{name}:{info.filename}", info.file_size)

        def open_member(member: str = info.filename) -> BinaryIO:
            return cast(BinaryIO, _ZipMember(zipfile.ZipFile(opener()), member))

        members.append(InputFile(f"{name}:{info.filename}", info.file_size, open_member))
    if not members:
        raise InputError(f"{name}: the zip archive holds no .csv, .tsv, .txt or .json file")
    return members


def _starts_with_zip(opener: Callable[[], BinaryIO]) -> bool:
    with opener() as handle:
        return handle.read(4) == ZIP_MAGIC


def from_path(path: Path | str) -> list[InputFile]:
    """The readable files behind one CLI argument (a file, a zip or a folder).

    Raises
    ------
    InputError
        For a missing path, something that is not a regular file, an unreadable or oversized file.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise InputError(f"{path}: the folder holds no files")
        return [f for p in files for f in from_path(p)]
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (devices, pipes and sockets are never read)")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_big(str(path), info.st_size)
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: cannot read it (permission denied)")

    def opener(p=path) -> BinaryIO:
        return p.open("rb")

    if _starts_with_zip(opener):
        return _zip_members(str(path), opener)
    return [InputFile(str(path), info.st_size, opener)]


def from_paths(paths: Iterable[Path | str]) -> list[InputFile]:
    """:func:`from_path` for each argument, in order."""
    return [f for p in paths for f in from_path(p)]


def from_upload(name: str, data: bytes) -> list[InputFile]:
    """The readable files of an upload (its bytes; a zip is opened, nothing else is interpreted).

    Raises
    ------
    InputError
        For an oversized upload or a broken zip.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"an upload is bytes, got {type(data).__name__!r}")
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(name, len(data))

    def opener(d=data) -> BinaryIO:
        return io.BytesIO(d)

    if data[:4] == ZIP_MAGIC:
        return _zip_members(name, opener)
    return [InputFile(name, len(data), opener)]
