"""Write one Markdown record per source into seeds/: front matter plus the rows it supports.

Run: ``.venv/bin/python scripts/build_seeds.py``. Records marked ``handwritten: true`` (the founding
report) are kept as they are; records of ingested reports (``ingested: true``) keep their front
matter (sha256, pointer) and text, and only their digest is rewritten. The digest lists, for each
curated row citing the source, the fact it became in the curators' own words (event titles, site
names, budget and statistics rows), so a reader can go from any source to the data it supports and
back.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis.data.ids import split_ids  # noqa: E402
from analysis.data.loader import load_dataset  # noqa: E402
from analysis.ingest.record import INGESTED_MARK, render_source_record, replace_digest  # noqa: E402

SEEDS = REPO / "seeds"


def digest_lines(data, source_id: str) -> list[str]:
    lines = []
    for _, row in data.events.iterrows():
        if source_id in split_ids(row["source_ids"]):
            lines.append(f"- event `{row['event_id']}` ({row['date'].date()}): {row['title']}")
    for _, row in data.sites.iterrows():
        if source_id in split_ids(row["source_ids"]):
            lines.append(f"- site `{row['site_id']}`: {row['name']} at {row['lat']}, {row['lon']}")
    for _, row in data.names.iterrows():
        if source_id in split_ids(row["source_ids"]):
            shown = " / ".join(str(row[c]) for c in ("name_en", "name_ja", "name_zh", "name_zh_tw")
                               if isinstance(row[c], str) and row[c])
            lines.append(f"- names of `{row['feature_id']}`: {shown}")
    for _, row in data.budgets.iterrows():
        if source_id in split_ids(row["source_ids"]):
            lines.append(f"- budget {row['country']} FY{row['fiscal_year']} {row['scope']}: "
                         f"{row['amount_bn']:,} bn {row['currency']}")
    for _, row in data.stats.iterrows():
        if source_id in split_ids(row["source_ids"]):
            lines.append(f"- statistic `{row['series_id']}` {row['period']}: {row['value']:g} {row['unit']}")
    for name, key in (("stats_series", "series_id"), ("fx", "currency"), ("gdp", "country")):
        for _, row in data.tables[name].iterrows():
            if source_id in split_ids(row["source_ids"]):
                year = f" {row['year']}" if "year" in row else ""
                lines.append(f"- {name} `{row[key]}`{year}")
    return lines


def main() -> int:
    data = load_dataset(REPO / "data")
    SEEDS.mkdir(exist_ok=True)
    written = 0
    for _, source in data.sources.iterrows():
        path = SEEDS / f"{source['source_id']}.md"
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        if "handwritten: true" in existing:
            continue
        if INGESTED_MARK in existing:
            updated = replace_digest(existing, digest_lines(data, source["source_id"]))
            if updated != existing:
                path.write_text(updated, encoding="utf-8")
                written += 1
            continue
        path.write_text(render_source_record(source, digest_lines(data, source["source_id"])), encoding="utf-8")
        written += 1
    print(f"wrote {written} seed records to {SEEDS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
