"""Extraction quality on reports the rules were not tuned on: ``.venv/bin/python bench/ingest_eval.py``.

Reads ``tests/fixtures/reports/eval/expected.csv`` (one row per curated event a report describes:
report file, publication date, event_id, date, actors), extracts candidates from each report with
the bundled gazetteer and prints ``name=value`` lines:

- ``found_exact``: expected events with a candidate dated within ±1 day whose country set equals the
  curated ``actors``; ``recall_exact`` = found_exact / expected (the headline figure);
- ``found_covering`` / ``recall_covering``: same, but the candidate's countries need only include the
  curated ones (extra countries allowed);
- ``found_date_only`` / ``recall_date_only``: a candidate within ±1 day sharing at least one country;
- ``candidates``, ``candidates_per_expected``: how many rows an analyst has to review.

A candidate is matched to at most one expected event (a sentence about one act cannot count for
two events on the same day).

``--folder tests/fixtures/reports/tuning`` runs the same on the tuning set.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.ingest.extract import extract, load_gazetteer  # noqa: E402
from analysis.ingest.record import to_text  # noqa: E402
from analysis.settings import DEFAULT_DATA_DIR  # noqa: E402

EVAL = REPO / "tests" / "fixtures" / "reports" / "eval"


def evaluate(folder: Path) -> dict[str, float]:
    """The figures for one folder of reports with its ``expected.csv``."""
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    gaz = load_gazetteer(DEFAULT_DATA_DIR)
    candidates: dict[str, list[dict]] = {}
    for row in expected:
        if row["report"] not in candidates:
            path = folder / row["report"]
            table = extract(to_text(path.read_bytes(), path.name), dt.date.fromisoformat(row["published"]), gaz)
            candidates[row["report"]] = table.to_dict("records")
    # One candidate answers at most one expected event (greedy, in expected.csv order), per measure.
    used: dict[str, set[tuple[str, int]]] = {"exact": set(), "covering": set(), "date_only": set()}
    tests = {"exact": lambda got, want: got == want, "covering": lambda got, want: got >= want,
             "date_only": lambda got, want: bool(got & want)}
    found = dict.fromkeys(tests, 0)
    for row in expected:
        want_date, want = dt.date.fromisoformat(row["date"]), set(row["actors"].split(";"))
        for measure, test in tests.items():
            for i, c in enumerate(candidates[row["report"]]):
                key = (row["report"], i)
                if (key not in used[measure] and abs((dt.date.fromisoformat(c["date"]) - want_date).days) <= 1
                        and test(set(c["actors"].split(";")), want)):
                    used[measure].add(key)
                    found[measure] += 1
                    break
    exact, covering, date_only = found["exact"], found["covering"], found["date_only"]
    n = len(expected)
    total = sum(len(v) for v in candidates.values())
    return {"reports": len(candidates), "expected": n, "found_exact": exact, "recall_exact": round(exact / n, 3),
            "found_covering": covering, "recall_covering": round(covering / n, 3), "found_date_only": date_only,
            "recall_date_only": round(date_only / n, 3), "candidates": total,
            "candidates_per_expected": round(total / n, 2)}


def main(argv: list[str] | None = None) -> int:
    """Print the figures as ``name=value`` lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=EVAL, help="reports folder with expected.csv")
    args = parser.parse_args(argv)
    for name, value in evaluate(args.folder).items():
        print(f"ingest_{name}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
