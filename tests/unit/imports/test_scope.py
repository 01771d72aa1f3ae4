"""The theatre scope (issue 25): region boxes OR a dyad of two theatre countries, on a global GDELT file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.imports import countries as cty
from analysis.imports.inputs import from_paths
from analysis.imports.pipeline import discard_report, read_files

FIXTURE = Path(__file__).parents[2] / "fixtures" / "feeds" / "gdelt_global_scope.tsv"
# GLOBALEVENTID -> what the row is (see tests/fixtures/feeds/make_gdelt.py)
IDAHO, IRAQ_CHICAGO, AUS_NZ_VICTORIA, JPN_CHN_GENEVA, YONAGUNI, USA_RUS_GENEVA, JPN_USA_WASHINGTON, CHN_BEIJING = (
    f"1200000{i}" for i in range(1, 9))


def _read(tmp_path: Path, scope: str):
    report = read_files(from_paths([FIXTURE]), "gdelt", scope, tmp_path)
    assert report.consistent, report.line()
    kept = set(report.preview["external_id"])
    discard_report(report)
    return report, kept


def test_default_scope_keeps_the_theatre_of_a_global_file(tmp_path) -> None:
    report, kept = _read(tmp_path, "theatre")
    assert kept == {JPN_CHN_GENEVA, YONAGUNI, JPN_USA_WASHINGTON}
    assert (report.accepted, report.outside, report.rejected) == (3, 5, 0)
    assert report.kept_by() == {"region": 1, "dyad": 2, "other": 0}
    assert report.clause_line() == ("kept by clause (theatre): in the theatre region 1, "
                                    "between two theatre countries elsewhere 2")
    assert report.info()["kept_by"] == {"region": 1, "dyad": 2, "other": 0}


@pytest.mark.parametrize(("scope", "expected"), [
    ("region", {YONAGUNI}),
    ("dyads", {JPN_CHN_GENEVA, JPN_USA_WASHINGTON}),
    ("all", {IDAHO, IRAQ_CHICAGO, AUS_NZ_VICTORIA, JPN_CHN_GENEVA, YONAGUNI, USA_RUS_GENEVA, JPN_USA_WASHINGTON,
             CHN_BEIJING}),
])
def test_other_scopes(tmp_path, scope: str, expected: set[str]) -> None:
    report, kept = _read(tmp_path, scope)
    assert kept == expected
    assert sum(report.kept_by().values()) == report.accepted == len(expected)


def test_region_boxes_and_dyad_rule() -> None:
    lat = np.array([24.47, 26.2, 10.0, 44.24, -37.0, 39.93, np.nan])
    lon = np.array([123.0, 127.7, 114.0, -114.51, 144.0, 116.39, 123.0])
    # Yonaguni, Naha, Spratly area in; Idaho, Victoria, Beijing (inland), no coordinates out
    assert cty.in_theatre_region(lat, lon).tolist() == [True, True, True, False, False, False, False]
    first = ["JPN", "USA", "USA", "CHN", "AUS", None, "PHL"]
    second = ["CHN", "RUS", None, "CHN", "NZL", "JPN", "KOR"]
    assert cty.theatre_dyad(first, second).tolist() == [True, False, False, False, False, False, True]


def test_sql_predicates_match_the_numpy_rule() -> None:
    import duckdb

    lat, lon = [24.47, 10.0, 44.24, 20.4], [123.0, 114.0, -114.51, 136.1]
    got = duckdb.sql(f"SELECT {cty.region_sql('la', 'lo')} FROM (SELECT unnest(?) la, unnest(?) lo)",
                     params=[lat, lon]).fetchall()
    assert [r[0] for r in got] == cty.in_theatre_region(lat, lon).tolist() == [True, True, False, True]
    pairs = duckdb.sql(f"SELECT {cty.dyad_sql('a', 'b')} FROM (VALUES ('JPN', 'USA'), ('USA', 'RUS')) t(a, b)")
    assert [r[0] for r in pairs.fetchall()] == [True, False]


def test_unknown_scope_is_refused() -> None:
    with pytest.raises(ValueError, match="'world'"):
        cty.scope_keep("world", [True], [False])
