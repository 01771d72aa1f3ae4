"""The briefing deck of a Japan + China "all selected" view of the last 12 months of data, as PNG pages.

The PDF's pages go under docs/screenshots/ (issue 27: the deck an analyst would put in front of a minister).

Run: ``.venv/bin/python scripts/deck_pages.py`` (needs Debian's poppler-utils for ``pdftoppm``; the export
browser starts once). Writes ``docs/screenshots/deck-jpn-chn-12m-NN.png``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis import clock  # noqa: E402
from analysis.data.filters import EventFilter  # noqa: E402
from analysis.data.freshness import last_event_date  # noqa: E402
from analysis.data.loader import load_dataset  # noqa: E402
from analysis.export.briefing import DEFAULT_CHARTS, build_deck  # noqa: E402
from analysis.export.browser import stop_warm_browser  # noqa: E402
from analysis.features.timeline import quick_range  # noqa: E402
from analysis.settings import DEFAULT_DATA_DIR  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def main() -> int:
    """Build the deck, rasterise its pages at 72 dpi and print the files written."""
    data = load_dataset(DEFAULT_DATA_DIR)
    today = clock.today()
    start, end = quick_range("data-12m", today, data.events["date"].min().date(), last_event_date(data.events))
    selection = EventFilter(("JPN", "CHN"), start, end, (), "all")
    try:
        pdf = build_deck(data, selection, list(DEFAULT_CHARTS), "Japan–China: the last 12 months of data",
                         "UNCLASSIFIED // FOR DISCUSSION", "pdf")
    finally:
        stop_warm_browser()
    for old in OUT.glob("deck-jpn-chn-12m-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(OUT / "deck-jpn-chn-12m")], check=True)
    for page in sorted(OUT.glob("deck-jpn-chn-12m-*.png")):
        print(page.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
