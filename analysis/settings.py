"""Settings read from the environment, in one place.

Every variable the app, the CLI and the tests honour is named here, with its default.

| variable | meaning | default |
|---|---|---|
| ``NANSEI_DATA_DIR`` | folder of the curated tables | ``data/`` in the repository |
| ``NANSEI_STORE_DIR`` | folder of the imported-events store | ``local/store/`` in the repository |
| ``NANSEI_CHROMIUM`` | Chromium that static exports drive | found on ``PATH`` |
| ``NANSEI_SEEDS_DIR`` | folder of the source records (ingested reports) | ``seeds/`` in the repository |
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "CHROMIUM_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_DATA_DIR",
    "DEFAULT_SEEDS_DIR",
    "DEFAULT_STORE_DIR",
    "REPO_ROOT",
    "SEEDS_DIR_ENV",
    "STORE_DIR_ENV",
    "chromium_override",
    "data_dir",
    "seeds_dir",
    "store_dir",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_STORE_DIR = REPO_ROOT / "local" / "store"
DATA_DIR_ENV = "NANSEI_DATA_DIR"
STORE_DIR_ENV = "NANSEI_STORE_DIR"
CHROMIUM_ENV = "NANSEI_CHROMIUM"
SEEDS_DIR_ENV = "NANSEI_SEEDS_DIR"
DEFAULT_SEEDS_DIR = REPO_ROOT / "seeds"


def data_dir() -> Path:
    """Folder of the curated tables: ``$NANSEI_DATA_DIR`` or the bundled ``data/``."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def store_dir() -> Path:
    """Folder of the imported-events store: ``$NANSEI_STORE_DIR`` or ``local/store/``."""
    return Path(os.environ.get(STORE_DIR_ENV) or DEFAULT_STORE_DIR)


def seeds_dir() -> Path:
    """Folder of the source records: ``$NANSEI_SEEDS_DIR`` or the bundled ``seeds/``."""
    return Path(os.environ.get(SEEDS_DIR_ENV) or DEFAULT_SEEDS_DIR)


def chromium_override() -> str | None:
    """The Chromium named by ``$NANSEI_CHROMIUM``, or None to search ``PATH``."""
    return os.environ.get(CHROMIUM_ENV) or None
