"""A disk copy of the validated dataset, so a restarted server paints its first page without re-validating.

Validation (pandera, relationship checks) costs a second or two per server start. The validated
:class:`~analysis.data.loader.Dataset` is written once to ``local/cache/`` and read back while nothing it
depends on has changed: the key covers every curated file's size and modification time, the source of the
contract and loader (``analysis/data/*.py``), and today's date (dates after today are problems).
The cache is best effort: any failure to read or write it falls back to loading the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
from pathlib import Path

from analysis import clock, settings
from analysis.data.loader import Dataset, load_dataset
from analysis.data.schemas import TABLES
from analysis.files import write_atomic

__all__ = ["CACHE_DIR", "cache_key", "cached_load_dataset"]

CACHE_DIR = settings.REPO_ROOT / "local" / "cache"
_CODE_DIR = Path(__file__).resolve().parent
_log = logging.getLogger(__name__)


def cache_key(data_dir: Path | str, today: dt.date) -> str:
    """Hex digest of everything the validated dataset depends on."""
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
        Where cached copies live; defaults to ``local/cache/`` in the repository.

    Returns
    -------
    Dataset
        The same tables and problems as ``load_dataset(data_dir, today)``.
    """
    today = today or clock.today()
    folder = Path(cache_dir) if cache_dir is not None else CACHE_DIR
    path = folder / f"dataset-{cache_key(data_dir, today)}.pickle"
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)  # our own file, in a 0700 folder, named by its inputs' digest
        if isinstance(data, Dataset):
            return data
    except FileNotFoundError:
        pass
    except Exception as exc:  # a stale or broken copy is only a slower start
        _log.warning("dataset cache %s unreadable (%s: %s); reloading", path, type(exc).__name__, exc)
    data = load_dataset(data_dir, today=today)
    _write(folder, path, data)
    return data


def _write(folder: Path, path: Path, data: Dataset) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in folder.glob("dataset-*.pickle"):
            old.unlink(missing_ok=True)
        write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    except OSError as exc:  # a read-only checkout still works, only slower to start
        _log.info("dataset cache not written to %s: %s", folder, exc)
