"""Own words: no event summary repeats a long word run of the stored record of a source it cites.

The stored records are ``seeds/<source_id>.md`` (front matter with the source's title, and for a few
sources notes on the text). A summary that shares :data:`RUN` or more consecutive words with one of its
sources' records is flagged. Words inside quotation marks are an official's words, quoted on purpose
(data/README.md, "Own words"), and are left out before comparing. The digest lines the seed builder writes
("- event `id` (date): title") are our own titles, not the source's text, and are left out too.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
RUN = 8
# "…", “…”, and '…' that opens and closes outside a word (so "China's" is not a quote).
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’|(?<!\w)\'[^\']+\'(?!\w)')
DIGEST_LINE = re.compile(r"^- (event|site|names of|budget|statistic|stats_series|fx|gdp) ")
FRONT_KEYS_KEPT = ("title:",)


def words(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits, any script)."""
    return re.findall(r"\w+", text.lower())


def shingles(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def record_text(path: Path) -> str:
    """The source's own text in a seed record: its title and any body text that is not a digest line."""
    kept: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    body_from = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
        kept += [line.split(":", 1)[1] for line in lines[1:end] if line.startswith(FRONT_KEYS_KEPT)]
        body_from = end + 1
    kept += [line for line in lines[body_from:] if not DIGEST_LINE.match(line)]
    return "\n".join(kept)


def shared_run(summary: str, source_text: str) -> str | None:
    """The first run of RUN words the summary (quotes removed) shares with the source text, or None."""
    mine = words(QUOTED.sub(" ", summary))
    theirs = shingles(words(source_text))
    for i in range(len(mine) - RUN + 1):
        run = tuple(mine[i:i + RUN])
        if run in theirs:
            return " ".join(run)
    return None


def close_wording(repo: Path = REPO) -> list[str]:
    """Every (event, source, shared run) where a summary follows its source's record too closely."""
    found = []
    with open(repo / "data" / "events.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for source_id in filter(None, row["source_ids"].split(";")):
                seed = repo / "seeds" / f"{source_id}.md"
                if seed.exists():
                    run = shared_run(row["summary"], record_text(seed))
                    if run:
                        found.append(f"{row['event_id']} / {source_id}: '{run}'")
    return found


def test_no_summary_shares_a_long_word_run_with_its_source_record() -> None:
    assert close_wording() == []


@pytest.mark.parametrize(
    ("summary", "source", "flagged"),
    [
        ("Japan and U.S. deepen missile cooperation, expand joint drills near Okinawa this week.",
         'title: "Japan and U.S. Deepen Missile Cooperation, Expand Joint Drills Near Okinawa Amid China Tensions"',
         True),
        ('The ministry said it "firmly opposes and will not accept the request made by the prime minister" today.',
         "title: China firmly opposes and will not accept the request made by the prime minister on controls",
         False),
        ("The two sides agreed to widen drills in the southwest and to build more missiles together.",
         'title: "Japan and U.S. Deepen Missile Cooperation, Expand Joint Drills Near Okinawa Amid China Tensions"',
         False),
    ],
)
def test_the_check_flags_copied_runs_but_not_quotes(tmp_path: Path, summary: str, source: str,
                                                    flagged: bool) -> None:
    seed = tmp_path / "s.md"
    seed.write_text(f"---\nsource_id: s\n{source}\n---\n\nFacts taken from this source:\n\n- event `e` (2026-01-01): "
                    f"{summary}\n", encoding="utf-8")
    assert (shared_run(summary, record_text(seed)) is not None) is flagged
