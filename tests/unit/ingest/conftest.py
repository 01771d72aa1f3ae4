"""Shared fixtures for the ingestion tests: the gazetteer built from the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.extract import Gazetteer, load_gazetteer
from analysis.settings import DEFAULT_DATA_DIR

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


@pytest.fixture(scope="session")
def bundled_gazetteer() -> Gazetteer:
    """Gazetteer with coordinates from the bundled data/ and a three-code Goldstein table."""
    gaz = load_gazetteer(DEFAULT_DATA_DIR)
    return Gazetteer(gaz.actors, gaz.places, {"114": -2.0, "150": -7.2, "0312": 5.2}, gaz.curated)
