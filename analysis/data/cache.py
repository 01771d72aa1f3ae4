"""A disk copy of the validated dataset, so a restarted server paints its first page without re-validating.

Validation (pandera, relationship checks) costs a second or two per server start. The validated
:class:`~analysis.data.dataset.Dataset` is written once to the cache folder (``$NANSEI_CACHE_DIR``, by default
outside the source tree: ``settings.cache_dir()``) and read back while nothing it depends on has changed: the key
covers every curated file's size and modification time, the source of the contract and loader
(``analysis/data/*.py``), and today's date (dates after today are problems). Each data folder keeps its own
entry: a dev server, AppTest runs and test workers on other folders never evict each other. The folder is
trusted only when this user owns it and nobody else can write to it (a pickle runs code when read).
The cache is best effort: any failure to read or write it falls back to loading the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
import stat
from pathlib import Path

from analysis import clock, settings
from analysis.data.dataset import Dataset
from analysis.data.loader import load_dataset
from analysis.data.schemas import TABLES
from analysis.files import write_atomic

__all__ = ["cache_key", "cached_load_dataset", "entry_path", "trusted_folder"]

_CODE_DIR = Path(__file__).resolve().parent
_log = logging.getLogger(__name__)


def cache_key(data_dir: Path | str, today: dt.date) -> str:
    """Hex digest of everything the validated dataset depends on.

    That is the curated files (size, modification time), ``today`` and the source of every module of
    ``analysis/data`` (tables, loader, relations, geo and names checks):
    ``load_dataset`` imports nothing else of ours that computes output (a test holds it to that).
    """
    data_dir = Path(data_dir).resolve()
    digest = hashlib.sha256(f"{data_dir}|{today.isoformat()}".encode())
    files = [data_dir / spec.filename for spec in TABLES.values()]
    files += sorted((data_dir / "geo").glob("*.geojson"))
    for path in files:
        stat = path.stat() if path.exists() else None
        digest.update(f"{path.name}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1}".encode())
    for code in sorted(_CODE_DIR.glob("*.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()[:32]


def cached_load_dataset(data_dir: Path | str, today: dt.date | None = None,
                        cache_dir: Path | str | None = None) -> Dataset:
    """:func:`~analysis.data.loader.load_dataset`, read from the disk cache when it is current.

    Parameters
    ----------
    data_dir : path-like
        Folder of the curated tables.
    today : datetime.date, optional
        Latest allowed date; defaults to today.
    cache_dir : path-like, optional
        Where cached copies live; defaults to ``settings.cache_dir()``.

    Returns
    -------
    Dataset
        The same tables and problems as ``load_dataset(data_dir, today)``.
    """
    today = today or clock.today()
    folder = Path(cache_dir) if cache_dir is not None else settings.cache_dir()
    path = entry_path(folder, data_dir, cache_key(data_dir, today))
    if trusted_folder(folder):
        try:
            with path.open("rb") as handle:
                data = pickle.load(handle)  # our own file, in a folder only we can write, named by its inputs
            if isinstance(data, Dataset):
                return data
        except FileNotFoundError:
            pass
        except Exception as exc:  # a stale or broken copy is only a slower start
            _log.warning("dataset cache %s unreadable (%s: %s); reloading", path, type(exc).__name__, exc)
    data = load_dataset(data_dir, today=today)
    _write(folder, path, data)
    return data


def entry_path(folder: Path, data_dir: Path | str, key: str) -> Path:
    """The cache file of one data folder's dataset under ``key`` (its older entries share the prefix)."""
    owner = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    return folder / f"dataset-{owner}-{key}.pickle"


def trusted_folder(folder: Path) -> bool:
    """True when ``folder`` is a real folder owned by this user that no one else can write to.

    Anything else (a link, another owner, group- or world-writable) is not read: unpickling a file
    someone else could have written would run their code.
    """
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        _log.warning("dataset cache folder %s not used: it must be a folder owned by uid %d and writable "
                     "only by it, got uid %d mode %o", folder, os.getuid(), info.st_uid, info.st_mode & 0o777)
        return False
    return True


def _write(folder: Path, path: Path, data: Dataset) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not trusted_folder(folder):
            return
        prefix = path.name.rsplit("-", 1)[0]
        for old in folder.glob(f"{prefix}-*.pickle"):  # this data folder's older entries only
            if old != path:
                old.unlink(missing_ok=True)
        write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    except OSError as exc:  # a read-only checkout still works, only slower to start
        _log.info("dataset cache not written to %s: %s", folder, exc)
