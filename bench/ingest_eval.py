"""Extraction quality on reports nobody tuned the rules on: ``.venv/bin/python bench/ingest_eval.py``.

Reads ``bench/ingest_eval/expected.csv`` (one row per event a report describes: report, language,
published, date, actors) and the report records beside it (``*.json``: publisher, title, url,
published, ``published_tz``, ``excerpt``; see ``bench/ingest_eval/README.md``), extracts candidates
with the bundled gazetteer and prints, per language and in total, ``name=value`` lines:

- ``recall``: expected events with a candidate dated within ±1 day whose country set equals the
  expected ``actors`` exactly (a candidate answers at most one expected event: among those that fit, the closest day,
  then the expected initiator, wins);
- ``covering``: same, the candidate's countries need only include the expected ones;
- ``candidates_per_expected``: rows an analyst has to review per expected event (noise);
- ``miss_<cause>``: expected events not found, by cause — ``no_candidate`` (the report gave none),
  ``countries`` (a candidate on the right day, wrong countries), ``date`` (right countries, wrong
  day), ``both`` (neither), ``taken`` (the only match already answered another event).

``--folder tests/fixtures/reports/eval`` runs the older fixture set (report files, not records).
``--misses`` lists every miss with the candidates of its report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import inspect
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.ingest.extract import extract, load_gazetteer  # noqa: E402
from analysis.ingest.record import to_text  # noqa: E402
from analysis.settings import DEFAULT_DATA_DIR  # noqa: E402

BLIND = REPO / "bench" / "ingest_eval"


def _report(folder: Path, name: str) -> tuple[str, dict]:
    path = folder / name
    if path.suffix == ".json":
        record = json.loads(path.read_text(encoding="utf-8"))
        return record["excerpt"], record
    return to_text(path.read_bytes(), path.name), {}


def _candidates(text: str, published: dt.date, record: dict, gaz) -> list[dict]:
    kwargs = {}
    if "published_tz" in inspect.signature(extract).parameters and record.get("published_tz"):
        kwargs["published_tz"] = record["published_tz"]
    return extract(text, published, gaz, **kwargs).to_dict("records")


def evaluate(folder: Path, show_misses: bool = False) -> dict[str, dict[str, float]]:
    """Figures per language (and ``all``) for one folder of reports with its ``expected.csv``."""
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    gaz = load_gazetteer(DEFAULT_DATA_DIR)
    candidates: dict[str, list[dict]] = {}
    language: dict[str, str] = {}
    for row in expected:
        if row["report"] not in candidates:
            text, record = _report(folder, row["report"])
            candidates[row["report"]] = _candidates(text, dt.date.fromisoformat(row["published"]), record, gaz)
            language[row["report"]] = row.get("language") or record.get("language") or "en"
    used: dict[str, set] = {"exact": set(), "covering": set()}
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in expected:
        want_date, want = dt.date.fromisoformat(row["date"]), set(row["actors"].split(";"))
        cands = candidates[row["report"]]
        lang = language[row["report"]]
        for group in (lang, "all"):
            stats[group]["expected"] += 1
        for measure in ("exact", "covering"):
            # Among the unused candidates that fit, the closest day wins, then the one whose
            # initiator is the expected initiator (a protest and the act protested share countries).
            fitting = []
            for i, c in enumerate(cands):
                days = abs((dt.date.fromisoformat(c["date"]) - want_date).days)
                got = set(c["actors"].split(";"))
                fits = got == want if measure == "exact" else got >= want
                if (row["report"], i) not in used[measure] and days <= 1 and fits:
                    fitting.append((days, c["actors"].split(";")[0] != row["actors"].split(";")[0], i))
            hit = min(fitting)[2] if fitting else None
            if hit is not None:
                used[measure].add((row["report"], hit))
                for group in (lang, "all"):
                    stats[group][measure] += 1
            elif measure == "exact":
                near = [c for c in cands if abs((dt.date.fromisoformat(c["date"]) - want_date).days) <= 1]
                same = [c for c in cands if set(c["actors"].split(";")) == want]
                cause = ("no_candidate" if not cands else "taken" if any(c in same for c in near)
                         else "countries" if near else "date" if same else "both")
                for group in (lang, "all"):
                    stats[group][f"miss_{cause}"] += 1
                if show_misses:
                    print(f"# MISS [{cause}] {row['report']} {row['date']} {row['actors']}: {row.get('what', '')}")
                    for c in cands:
                        print(f"#    got {c['date']} {c['actors']} {c['category']} ({c['date_rule']}) "
                              f"{c['evidence'][:90]!r}")
    for report, cands in candidates.items():
        for group in (language[report], "all"):
            stats[group]["candidates"] += len(cands)
            stats[group]["reports"] += 1
    out = {}
    for group, s in stats.items():
        n = s["expected"]
        out[group] = {"reports": int(s["reports"]), "expected": int(n), "found": int(s["exact"]),
                      "recall": round(s["exact"] / n, 3), "covering": round(s["covering"] / n, 3),
                      "candidates": int(s["candidates"]), "candidates_per_expected": round(s["candidates"] / n, 2),
                      **{k: int(v) for k, v in sorted(s.items()) if k.startswith("miss_")}}
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the figures as ``<language>_<name>=value`` lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=BLIND, help="reports folder with expected.csv")
    parser.add_argument("--misses", action="store_true", help="list every miss with its report's candidates")
    args = parser.parse_args(argv)
    for group, figures in sorted(evaluate(args.folder, args.misses).items()):
        for name, value in figures.items():
            print(f"ingest_{group}_{name}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
