"""Place names as the region uses them: English, Japanese and Chinese, and which comes first on the map.

``data/names.csv`` holds, for every site, strait and label point, the English exonym, the Japanese
name and the Chinese name(s) with their sources. :func:`named` rewrites a layer's ``name`` (the map
label) and ``name_local`` (the hover text) for the chosen language. Contested features always show both
the Japanese and the Chinese name, whichever comes first, so the map takes no side.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.names import DEFAULT_FIRST, NAME_FIRST


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _names(row: pd.Series) -> dict[str, str]:
    return {"en": _text(row.get("name_en")), "ja": _text(row.get("name_ja")),
            "zh": _text(row.get("name_zh")) or _text(row.get("name_zh_tw"))}


def label(row: pd.Series, first: str = DEFAULT_FIRST) -> str:
    """The map label of one ``names.csv`` row with ``first`` (en, ja, zh) leading.

    A missing name falls back to English, then to any name given. A contested feature shows
    the Japanese and the Chinese name together: ``JA / ZH``, ``ZH / JA`` or ``EN (JA / ZH)``.
    """
    if first not in NAME_FIRST:
        raise ValueError(f"first must be one of {list(NAME_FIRST)}, got {first!r}")
    names = _names(row)
    if _text(row.get("contested")) == "yes" and names["ja"] and names["zh"]:
        pair = f"{names['zh']} / {names['ja']}" if first == "zh" else f"{names['ja']} / {names['zh']}"
        return f"{names['en']} ({pair})" if first == "en" and names["en"] else pair
    for key in (first, "en", "ja", "zh"):
        if names[key]:
            return names[key]
    return ""


def all_names(row: pd.Series) -> str:
    """Every name of a feature for the hover text: English · Japanese (romaji) · Chinese · Chinese (Taiwan)."""
    ja = _text(row.get("name_ja"))
    romaji = _text(row.get("name_ja_romaji"))
    parts = [_text(row.get("name_en")), f"{ja} ({romaji})" if ja and romaji else ja,
             _text(row.get("name_zh")), _text(row.get("name_zh_tw"))]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return " · ".join(seen)


def named(frame: pd.DataFrame, id_column: str, names: pd.DataFrame, first: str = DEFAULT_FIRST) -> pd.DataFrame:
    """A copy of a sites or points layer whose ``name``/``name_local`` follow ``names.csv`` and ``first``.

    Features without a ``names.csv`` row keep their own name.
    """
    if first not in NAME_FIRST:
        raise ValueError(f"first must be one of {list(NAME_FIRST)}, got {first!r}")
    out = frame.copy()
    if names.empty or out.empty:
        return out
    by_id = names.set_index("feature_id")
    known = out[id_column].isin(by_id.index)
    rows = [by_id.loc[i] for i in out.loc[known, id_column]]
    out.loc[known, "name"] = [label(r, first) for r in rows]
    out.loc[known, "name_local"] = [all_names(r) for r in rows]
    return out


def name_source_ids(names: pd.DataFrame, feature_ids: list[str] | pd.Series) -> list[str]:
    """Sources of the ``names.csv`` rows of ``feature_ids`` (for the citation footer of a map)."""
    chosen = names[names["feature_id"].isin(set(feature_ids))]
    return sorted({part.strip() for cell in chosen["source_ids"].dropna() for part in str(cell).split(";")
                   if part.strip()})


def shown_name_source_ids(names: pd.DataFrame, sites: pd.DataFrame, points: pd.DataFrame,
                          lon: tuple[float, float], lat: tuple[float, float]) -> list[str]:
    """Sources of the names of the sites and label points inside a lon/lat box (EPSG:4326 degrees)."""
    inside = sites["lon"].between(*lon) & sites["lat"].between(*lat)
    ids = list(sites.loc[inside, "site_id"])
    if len(points):
        ids += list(points.loc[points.geometry.x.between(*lon) & points.geometry.y.between(*lat), "point_id"])
    return name_source_ids(names, ids)


def named_places(sites: pd.DataFrame, points: pd.DataFrame, names: pd.DataFrame,
                 first: str = DEFAULT_FIRST) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sites and label points named through ``names.csv`` with ``first`` leading.

    The one name rule of every map: the Map page, the named map charts of the deck and the CLI, and
    their exports all draw the labels this returns.
    """
    return named(sites, "site_id", names, first), named(points, "point_id", names, first)
