"""Synthetic events in ACLED CSV and GDELT 2.0 TSV layouts (no third-party rows, ever).

Seeded, so a file can be rebuilt byte for byte. Places are jittered around
real towns and islands of the theatre, inside lon 117..133, lat 20..34;
dates run 2010-01-01..2026-06-30. The test fixtures were made with::

    .venv/bin/python -m analysis.imports.synth acled tests/fixtures/acled_small.csv --rows 16 --malformed --seed 8
    .venv/bin/python -m analysis.imports.synth gdelt tests/fixtures/gdelt_small.tsv --rows 16 --malformed --seed 8
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.schemas import CATEGORIES
from analysis.data.vocabulary import category_for
from analysis.imports.readers import (
    CAMEO_ROOT_LABEL,
    GDELT_COLUMNS,
    IMPORT_COLUMNS,
    regions,
)

# name, lat, lon, ISO3, FIPS
PLACES = [
    ("Naha", 26.21, 127.68, "JPN", "JA"), ("Ishigaki", 24.34, 124.16, "JPN", "JA"),
    ("Miyakojima", 24.80, 125.28, "JPN", "JA"), ("Yonaguni", 24.47, 123.00, "JPN", "JA"),
    ("Uotsuri-jima", 25.74, 123.47, "JPN", "JA"), ("Amami", 28.38, 129.49, "JPN", "JA"),
    ("Kagoshima", 31.60, 130.56, "JPN", "JA"), ("Taipei", 25.03, 121.56, "TWN", "TW"),
    ("Kaohsiung", 22.62, 120.30, "TWN", "TW"), ("Penghu", 23.57, 119.58, "TWN", "TW"),
    ("Kinmen", 24.43, 118.32, "TWN", "TW"), ("Xiamen", 24.48, 118.09, "CHN", "CH"),
    ("Fuzhou", 26.07, 119.30, "CHN", "CH"), ("Ningbo", 29.87, 121.54, "CHN", "CH"),
    ("Shanghai", 31.23, 121.47, "CHN", "CH"), ("Jeju", 33.49, 126.53, "KOR", "KS"),
    ("Batanes", 20.45, 121.97, "PHL", "RP"),
]
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# event_type, sub_event_type, weight
ACLED_KINDS = [
    ("Protests", "Peaceful protest", 0.45), ("Strategic developments", "Headquarters or base established", 0.1),
    ("Strategic developments", "Disrupted weapons use", 0.05), ("Strategic developments", "Other", 0.2),
    ("Strategic developments", "Agreement", 0.1), ("Riots", "Mob violence", 0.05),
    ("Battles", "Armed clash", 0.03), ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.02),
]
DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations",
            "Strategic developments": "Strategic developments"}
ACTOR_FORMS = ["Military Forces of {name}", "Police Forces of {name}", "Protesters ({name})",
               "Coast Guard of {name}", "Government of {name}"]
ISO_NUM = {"JPN": 392, "CHN": 156, "TWN": 158, "KOR": 410, "PHL": 608, "USA": 840}
FIRST, LAST = dt.date(2010, 1, 1), dt.date(2026, 6, 30)


def _draw(rng: np.random.Generator, n: int) -> dict:
    """Shared random picks: place, jittered coordinates, date, counterpart country."""
    place = rng.integers(0, len(PLACES), n)
    lat = np.array([PLACES[i][1] for i in place]) + rng.normal(0, 0.12, n)
    lon = np.array([PLACES[i][2] for i in place]) + rng.normal(0, 0.12, n)
    days = rng.integers(0, (LAST - FIRST).days + 1, n)
    other = rng.choice(["CHN", "JPN", "USA", "TWN", "KOR", "PHL"], n)
    return {"place": place, "lat": np.clip(lat, 20.05, 33.95).round(4), "lon": np.clip(lon, 117.05, 132.95).round(4),
            "date": np.datetime64(FIRST) + days.astype("timedelta64[D]"), "other": other}


def acled_rows(n: int, seed: int = 0) -> list[list[str]]:
    """``n`` valid rows in ACLED export column order (:data:`ACLED_HEADER`)."""
    rng = np.random.default_rng(seed)
    picks = _draw(rng, n)
    weights = np.array([k[2] for k in ACLED_KINDS])
    kinds = rng.choice(len(ACLED_KINDS), n, p=weights / weights.sum())
    rows = []
    for i in range(n):
        name, _, _, iso3, _ = PLACES[picks["place"][i]]
        event_type, sub_type, _ = ACLED_KINDS[kinds[i]]
        country = COUNTRY_NAMES[iso3]
        form = "Protesters ({name})" if event_type == "Protests" else ACTOR_FORMS[i % len(ACTOR_FORMS)]
        actor1 = form.format(name=country)
        other = picks["other"][i]
        actor2 = "" if event_type == "Protests" else f"Military Forces of {COUNTRY_NAMES[other]}"
        day = pd.Timestamp(picks["date"][i])
        rows.append([
            f"{iso3}{100000 + i}", day.strftime("%Y-%m-%d"), str(day.year), "1",
            DISORDER.get(event_type, "Political violence"), event_type, sub_type, actor1, "", "1", actor2, "",
            "1" if actor2 else "", "", "",
            str(ISO_NUM.get(iso3, 0)), "East Asia", country, name, "", "", name,
            f"{picks['lat'][i]:.4f}", f"{picks['lon'][i]:.4f}", "1", "Synthetic Daily", "National",
            f"Synthetic event {i}: {sub_type.lower()} near {name}.", "0", "", "1700000000",
        ])
    return rows


def gdelt_rows(n: int, seed: int = 0) -> list[list[str]]:
    """``n`` valid rows in GDELT 2.0 events column order (:data:`GDELT_COLUMNS`)."""
    rng = np.random.default_rng(seed)
    picks = _draw(rng, n)
    roots = rng.integers(1, 21, n)
    goldstein = rng.uniform(-10, 10, n).round(1)
    rows = []
    for i in range(n):
        name, _, _, iso3, fips = PLACES[picks["place"][i]]
        other = picks["other"][i]
        day = pd.Timestamp(picks["date"][i])
        root = f"{roots[i]:02d}"
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row.update({
            "GLOBALEVENTID": str(900000000 + i), "SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"),
            "Year": str(day.year), "FractionDate": f"{day.year + day.day_of_year / 365:.4f}",
            "Actor1Code": iso3, "Actor1Name": COUNTRY_NAMES[iso3].upper(), "Actor1CountryCode": iso3,
        })
        if other != iso3:
            row.update({"Actor2Code": other, "Actor2Name": COUNTRY_NAMES[other].upper(), "Actor2CountryCode": other})
        row.update({
            "IsRootEvent": "1", "EventCode": root + "0", "EventBaseCode": root + "0", "EventRootCode": root,
            "QuadClass": str(1 + (roots[i] - 1) // 5), "GoldsteinScale": str(goldstein[i]),
            "NumMentions": "4", "NumSources": "1", "NumArticles": "4", "AvgTone": "-2.5",
            "ActionGeo_Type": "4", "ActionGeo_FullName": name, "ActionGeo_CountryCode": fips,
            "ActionGeo_Lat": f"{picks['lat'][i]:.4f}", "ActionGeo_Long": f"{picks['lon'][i]:.4f}",
            "DATEADDED": day.strftime("%Y%m%d") + "120000",
            "SOURCEURL": f"https://news.example.invalid/synthetic/{i}",
        })
        rows.append([row[c] for c in GDELT_COLUMNS])
    return rows


def acled_text(n: int, seed: int = 0, malformed: bool = False) -> str:
    """An ACLED-format CSV; ``malformed`` appends four bad rows (country, date, latitude, field count)."""
    rows = acled_rows(n, seed)
    if malformed:
        base = rows[0]
        for col, value in (("country", "Atlantis"), ("event_date", "2024-13-45"), ("latitude", "north")):
            bad = list(base)
            bad[ACLED_HEADER.index(col)] = value
            bad[0] = f"BAD{col.upper()[:3]}1"
            rows.append(bad)
        rows.append(base[:10])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACLED_HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def gdelt_text(n: int, seed: int = 0, malformed: bool = False) -> str:
    """A GDELT 2.0 TSV; ``malformed`` appends four bad rows (field count, date, Goldstein, root code)."""
    rows = gdelt_rows(n, seed)
    if malformed:
        base = rows[0]
        rows.append(base[:60])
        for k, (col, value) in enumerate((("SQLDATE", "20241399"), ("GoldsteinScale", "12.5"),
                                          ("EventRootCode", "99"))):
            bad = list(base)
            bad[GDELT_COLUMNS.index(col)] = value
            bad[0] = str(800000000 + k)
            rows.append(bad)
    return "".join("\t".join(r) + "\n" for r in rows)


def synthetic_events(n: int, seed: int = 0, origin: str = "gdelt") -> pd.DataFrame:
    """``n`` events already in :data:`analysis.imports.readers.IMPORT_COLUMNS` (fast path for benchmarks)."""
    rng = np.random.default_rng(seed)
    picks = _draw(rng, n)
    table = np.array(PLACES, dtype=object)
    home = table[picks["place"], 3].astype(str)
    other = picks["other"].astype(str)
    roots = np.char.zfill(rng.integers(1, 21, n).astype(str), 2)
    category = pd.Series(roots).map(category_for).to_numpy()
    ids = np.arange(n).astype(str)
    names = table[picks["place"], 0].astype(str)
    same = home == other
    frame = pd.DataFrame({
        "event_id": np.char.add(f"{origin}-", ids), "date": picks["date"].astype("datetime64[ns]"),
        "date_precision": "day", "end_date": pd.NaT,
        "title": pd.Series(roots).map(CAMEO_ROOT_LABEL).to_numpy() + " near " + names,
        "summary": np.char.add("Synthetic event ", ids), "category": category,
        "actors": np.where(same, home, np.char.add(np.char.add(home, ";"), other)),
        "initiator": home, "target": np.where(same, None, other), "location": names,
        "lat": picks["lat"], "lon": picks["lon"], "region": regions(picks["lat"], picks["lon"], home),
        "event_code": np.char.add(roots, "0"), "goldstein": rng.uniform(-10, 10, n).round(1),
        "goldstein_override_reason": None, "responds_to": None,
        "source_ids": f"import-{origin}-synthetic", "confidence": "low", "origin": origin, "external_id": ids,
        "source_text": np.char.add("https://news.example.invalid/synthetic/", ids), "fatalities": pd.NA,
    })
    assert set(frame["category"]) <= set(CATEGORIES)
    # Curated-only columns (e.g. status) stay empty for imported rows.
    return frame.reindex(columns=IMPORT_COLUMNS)


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic ACLED or GDELT file (``python -m analysis.imports.synth --help``)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.imports.synth", description=main.__doc__)
    parser.add_argument("format", choices=["acled", "gdelt"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--malformed", action="store_true", help="append a few invalid rows")
    args = parser.parse_args(argv)
    maker = acled_text if args.format == "acled" else gdelt_text
    args.out.write_text(maker(args.rows, args.seed, args.malformed), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
