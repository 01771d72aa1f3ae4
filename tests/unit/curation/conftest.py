"""A writable copy of the fixture dataset for curation tests."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_DATA


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/data that a test may write to."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file in the folder (by name)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


NEW_EVENT = {
    "date": "2026-01-20",
    "title": "Fixture follow-up statement",
    "summary": "Synthetic follow-up.",
    "actors": "CHN;JPN",
    "category": "statement",
    "region": "mainland_china",
    "event_code": "111",
    "confidence": "medium",
    "responds_to": "fx-4",
}
NEW_SOURCE = {"publisher": "Fixture Wire", "title": "Fixture follow-up", "published": "2026-01-20",
              "kind": "news", "language": "en"}
