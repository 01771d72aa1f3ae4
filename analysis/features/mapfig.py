"""The offline map: bundled land, sites, events, lines, distances and range rings.

Everything is drawn with SVG ``go.Scatter`` traces on lon/lat axes (equal
aspect, corrected by cos(latitude)) and, for large event sets, one
``go.Heatmap`` grid. No tiles, no ``layout.geo`` basemap, no Scattermap: the
same figure renders in an air-gapped browser and in kaleido export.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import box

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import CATEGORY_COLORS, FONT_FAMILY, category_label, compact_template
from analysis.data.countries import COUNTRY_COLORS, country_name
from analysis.data.filters import filter_events
from analysis.data.geo import geo_folder, load_geo
from analysis.data.geodesy import distance_km, geodesic_path, km_to_nm, range_ring
from analysis.data.ids import split_ids
from analysis.data.schemas import CATEGORIES, SOUTHWEST_BOX
from analysis.features.geo import (
    DEFAULT_VIEW,
    PLACE_KINDS,
    VIEWS,
    Place,
    View,
    get_view,
    shown_source_ids,
)
from analysis.features.mapdensity import density_trace
from analysis.features.maplabels import COLUMNS, TIER_WIDTHS, add_label_traces, map_labels
from analysis.features.maplegend import KINDS_GROUP, SITES_GROUP, TOOLS_GROUP
from analysis.features.names import named_places, shown_name_source_ids

LAYERS: tuple[str, ...] = ("land", "sites", "events", "lines")
# Above this many events the map draws a density grid instead of one marker per
# event: see docs/map.md for the browser timings (bench/map_render.py) behind it.
EVENT_MARKER_LIMIT = 5_000
KIND_SYMBOLS = {
    "air_base": "triangle-up", "airport": "triangle-up-open", "naval_base": "diamond", "port": "diamond-open",
    "army_camp": "square", "missile_unit": "star", "radar": "hexagram", "other": "circle",
}
OPERATOR_NAMES = {"JPN": "Japan", "USA": "United States", "TWN": "Taiwan", "CHN": "China"}
LAND_FILL, LAND_EDGE, SEA = "#E6E2D8", "#8C8577", "#F4F8FB"
NOTES_KEY = "map_notes"
# Plot-area width of an exported map (slide: 1067 px layout less the legend on the right): files draw the
# label tiers fitted for this width or less (analysis.features.maplabels); the page draws every tier.
EXPORT_PLOT_WIDTH = 750
LINE_STYLE = {"median_line": ("#444444", "dash"), "adiz": ("#8E24AA", "dot"), "other": ("#555555", "dashdot")}


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame(columns=["event_id", "date", "title", "category", "lat", "lon", "goldstein", "source_ids"])


def publishers(cells: pd.Series, sources: pd.DataFrame | None) -> pd.Series:
    """First source's publisher per row (``+N more`` when a row cites several)."""
    lookup = dict(zip(sources["source_id"], sources["publisher"], strict=False)) if sources is not None else {}

    def one(cell: object) -> str:
        ids = split_ids(cell)
        if not ids:
            return "no source"
        first = lookup.get(ids[0], ids[0])
        return first + (f" (+{len(ids) - 1} more)" if len(ids) > 1 else "")

    return cells.map(one) if len(cells) else pd.Series(dtype="object")


def located_events(events: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Events with coordinates inside the mapped area, and how many lie outside it."""
    located = events.dropna(subset=["lat", "lon"])
    lon_min, lat_min, lon_max, lat_max = SOUTHWEST_BOX
    inside = located["lon"].between(lon_min, lon_max) & located["lat"].between(lat_min, lat_max)
    return located[inside], int((~inside).sum())


def _rings_xy(geoms) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for geom in geoms:
        for poly in getattr(geom, "geoms", [geom]):
            x, y = poly.exterior.coords.xy
            xs += [*x, None]
            ys += [*y, None]
    return xs, ys


def _land_traces(fig: go.Figure, land) -> None:
    rings_x, rings_y = _rings_xy(land.geometry)
    # float32 with NaN between rings (plotly breaks the line at NaN as at None): about 1 m at these longitudes,
    # finer than Natural Earth's 1e-4° grid, and the figure JSON sent on every Map rerun shrinks by half.
    xs = np.array(rings_x, dtype="float64").astype("float32")
    ys = np.array(rings_y, dtype="float64").astype("float32")
    fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND_FILL, hoverinfo="skip",
                    line={"color": LAND_EDGE, "width": 0.8}, name="Land (Natural Earth)", showlegend=False)


def _site_traces(fig: go.Figure, sites: pd.DataFrame, sources: pd.DataFrame | None, view: View) -> None:
    inst = sites[~sites["kind"].isin(PLACE_KINDS)].copy()
    if inst.empty:
        return
    in_view = inst["lon"].between(*view.lon) & inst["lat"].between(*view.lat)
    inst["publisher"] = publishers(inst["source_ids"], sources).to_numpy()
    for operator, part in inst.groupby("operator", sort=True):
        local = part["name_local"].fillna("").astype(str)
        hover = ("<b>" + part["name"].astype(str) + "</b><br>" + local + "<br>" + country_name(str(operator)) + " "
                 + part["service"].fillna("").astype(str) + " · " + part["kind"].str.replace("_", " ")
                 + "<br>established: " + part["established"].astype("string").fillna("n/a")
                 + "<br>source: " + part["publisher"].astype(str))
        # The legend shows the first point's symbol: a gap point drawn as a circle
        # makes the operator entry read as a colour, not as one particular kind.
        fig.add_scatter(
            x=[None, *part["lon"]], y=[None, *part["lat"]], mode="markers", name=OPERATOR_NAMES.get(operator, operator),
            legendgroup=SITES_GROUP, legendgrouptitle_text="Installations (operator)",
            marker={"color": COUNTRY_COLORS.get(operator, "#555555"), "size": 13,
                    "symbol": ["circle", *part["kind"].map(KIND_SYMBOLS).fillna("circle")],
                    "line": {"color": "white", "width": 1}},
            customdata=[["", ""], *(["site", i] for i in part["site_id"])], hovertext=["", *hover],
            hoverinfo="text", showlegend=bool(in_view[part.index].any()),
        )
    for kind in sorted(inst.loc[in_view, "kind"].unique()):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=kind.replace("_", " "), legendgroup=KINDS_GROUP,
                        legendgrouptitle_text="Site kind", marker={"color": "#666666", "size": 12,
                                                                   "symbol": KIND_SYMBOLS.get(kind, "circle")})


def _imported(events: pd.DataFrame) -> pd.Series:
    """Rows from an outside feed (``origin`` other than curated)."""
    origin = events["origin"] if "origin" in events.columns else pd.Series("curated", index=events.index)
    return origin.fillna("curated").astype(str).str.lower().ne("curated")


def _event_traces(fig: go.Figure, events: pd.DataFrame, sources: pd.DataFrame | None, view: View) -> None:
    events = events.copy()
    in_view = events["lon"].between(*view.lon) & events["lat"].between(*view.lat)
    events["publisher"] = publishers(events["source_ids"], sources).to_numpy()
    origin = (events["origin"] if "origin" in events.columns else pd.Series("curated", index=events.index))
    imported = _imported(events)
    for category in CATEGORIES:
        part = events[(events["category"] == category) & ~imported]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["lon"], y=part["lat"], mode="markers", name=category_label(category), legendgroup="events",
            legendgrouptitle_text="Events (category; size = |Goldstein|)",
            marker={"color": CATEGORY_COLORS[category], "size": 7 + 1.5 * part["goldstein"].abs().fillna(0),
                    "opacity": 0.8,
                    "line": {"color": "white", "width": 0.8}},
            customdata=np.column_stack([["event"] * len(part), part["event_id"]]), hovertext=_event_hover(part),
            hoverinfo="text", showlegend=bool(in_view[part.index].any()),
        )
    part = events[imported]
    if not part.empty:  # machine-coded feeds: one hollow-diamond trace of their own, never a curated marker
        fig.add_scatter(
            x=part["lon"], y=part["lat"], mode="markers", name="Imported (ACLED/GDELT)", legendgroup="imported",
            legendgrouptitle_text="Imported events (colour = category)",
            marker={"color": part["category"].map(CATEGORY_COLORS).fillna("#888888"), "size": 8,
                    "symbol": "diamond-open", "line": {"width": 1.5}},
            customdata=np.column_stack([["event"] * len(part), part["event_id"]]),
            hovertext=_event_hover(part, origin[part.index]), hoverinfo="text",
            showlegend=bool(in_view[part.index].any()),
        )


def _event_hover(part: pd.DataFrame, origin: pd.Series | None = None) -> pd.Series:
    # Titles of imported events are text from a file: escaped, never read as plotly's HTML subset.
    label = part["category"].map(lambda c: category_label(c) if c in CATEGORY_COLORS else str(c))
    hover = ("<b>" + part["title"].astype(str).map(html.escape) + "</b><br>" + part["date"].dt.strftime("%Y-%m-%d")
             + " · " + label + "<br>Goldstein " + part["goldstein"].map("{:+.1f}".format)
             + "<br>source: " + part["publisher"].astype(str))
    if origin is not None:
        hover = hover + "<br>imported from " + origin.astype(str).str.upper().map(html.escape) + " (machine-coded)"
    return hover


def legend_name(name: str) -> str:
    """Short legend entry for a line: drop the parenthesis, keep a year after a comma.

    ``"Taiwan Strait middle line, 2004 MND three-point version"`` -> ``"Taiwan Strait middle line (2004)"``.
    """
    head, _, tail = name.split(" (")[0].partition(",")
    year = re.search(r"\b(19|20)\d{2}\b", tail)
    return f"{head} ({year.group(0)})" if year else head


def _line_traces(fig: go.Figure, lines, view: View) -> None:
    frame = box(view.lon[0], view.lat[0], view.lon[1], view.lat[1])
    for row in lines.itertuples():
        color, dash = LINE_STYLE.get(row.kind, LINE_STYLE["other"])
        x, y = row.geometry.coords.xy
        fig.add_scatter(
            x=list(x), y=list(y), mode="lines", name=legend_name(row.name), legendgroup="lines",
            legendgrouptitle_text="Lines",
            line={"color": color, "dash": dash, "width": 2.5 if row.confidence == "high" else 1.5},
            hovertext=f"<b>{row.name}</b><br>confidence: {row.confidence}", hoverinfo="text",
            # Lower-confidence variants stay one legend click away instead of cluttering the map.
            visible=True if row.confidence == "high" else "legendonly",
            showlegend=bool(row.geometry.intersects(frame)),  # the legend lists what the view shows
        )


def _scale_bar(fig: go.Figure, view: View) -> pd.DataFrame:
    """Draw the scale bar; return its text as a fixed label row (labels keep clear of it)."""
    km_per_deg = 111.32 * math.cos(math.radians(view.center_lat))
    target = (view.lon[1] - view.lon[0]) * km_per_deg / 5
    length = min((n for n in (10, 20, 50, 100, 200, 300, 500) if n >= target * 0.6), default=500)
    x0 = view.lon[0] + 0.04 * (view.lon[1] - view.lon[0])
    y0 = view.lat[0] + 0.05 * (view.lat[1] - view.lat[0])
    x1 = x0 + length / km_per_deg
    fig.add_scatter(x=[x0, x1], y=[y0, y0], mode="lines+text", text=["", f"{length} km"], textposition="top left",
                    line={"color": "black", "width": 3}, hoverinfo="skip", showlegend=False, name="Scale")
    return pd.DataFrame([{"label": f"{length} km", "lon": x1, "lat": y0, "size": 14, "radius": 0.0,
                          "positions": ("top left",), "fixed": True, "keep_clear": 0.0}],
                        columns=COLUMNS)


def distance_text(a: Place, b: Place) -> str:
    """``"A – B: 123 km / 66 nm"`` (geodesic distance on the WGS84 ellipsoid)."""
    km = distance_km(a.lon, a.lat, b.lon, b.lat)
    return f"{a.name} – {b.name}: {km:,.0f} km / {km_to_nm(km):,.0f} nm"


def _tool_traces(fig: go.Figure, distance: tuple[Place, Place] | None, rings) -> None:
    if distance is not None:
        a, b = distance
        km = distance_km(a.lon, a.lat, b.lon, b.lat)
        x, y = geodesic_path(a.lon, a.lat, b.lon, b.lat)
        label = distance_text(a, b)
        fig.add_scatter(x=x, y=y, mode="lines", line={"color": "black", "width": 3}, name="Distance",
                        hovertext=label, hoverinfo="text", legendgroup=TOOLS_GROUP, legendgrouptitle_text="Tools")
        fig.add_scatter(x=[a.lon, b.lon], y=[a.lat, b.lat], mode="markers", marker={"color": "black", "size": 9},
                        hoverinfo="skip", showlegend=False)
        mid = len(x) // 2
        fig.add_annotation(x=x[mid], y=y[mid], text=f"<b>{km:,.0f} km / {km_to_nm(km):,.0f} nm</b>",
                           showarrow=False, yshift=14, bgcolor="rgba(255,255,255,0.85)", font={"size": 15})
    for place, radius in rings or []:
        x, y = range_ring(place.lon, place.lat, radius)
        fig.add_scatter(x=x, y=y, mode="lines", line={"color": "#C62828", "width": 2}, name=f"{radius:,.0f} km ring",
                        hovertext=f"{radius:,.0f} km ({km_to_nm(radius):,.0f} nm) from {place.name}", hoverinfo="text",
                        legendgroup=TOOLS_GROUP, legendgrouptitle_text="Tools")


def map_figure(land, lines, points, sites: pd.DataFrame, events: pd.DataFrame, layers=LAYERS,
               view: str | View = DEFAULT_VIEW, distance: tuple[Place, Place] | None = None, rings=None,
               sources: pd.DataFrame | None = None, title: str | None = None,
               marker_limit: int = EVENT_MARKER_LIMIT, legend: str = "right", height: int = 660) -> go.Figure:
    """Build the map for a view from the bundled layers, sites and (filtered) events.

    Parameters
    ----------
    land, lines, points : geopandas.GeoDataFrame
        Bundled layers in EPSG:4326 (see :func:`analysis.data.geo.load_geo`).
    sites, events : pandas.DataFrame
        Curated sites and the events to show (already filtered).
    layers : iterable of str
        Which of :data:`LAYERS` to draw.
    view : str or View
        A preset key from :data:`analysis.features.geo.VIEWS`, or a View.
    distance : (Place, Place), optional
        Draw the geodesic between two places and label it in km and nm.
    rings : list of (Place, float), optional
        Range rings: centre and radius in km.
    sources : pandas.DataFrame, optional
        Sources table, for the publisher in hover text.
    marker_limit : int
        Above this many events, draw a density grid instead of markers.
    legend : {"below", "right"}
        Legend placement: right (slides; notes above it) or below (the page, any width; the
        notes are then left to the caller, see :func:`map_notes`).
    height : int
        Figure height in px; the map fills the width (the axis ranges grow around the view).
    """
    if legend not in ("below", "right"):
        raise ValueError(f"legend must be 'below' or 'right', got {legend!r}")
    view = view if isinstance(view, View) else get_view(view)
    if distance is not None:  # the measured line stays in view, whatever the preset
        view = view.including([(p.lon, p.lat) for p in distance])
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layers: expected some of {list(LAYERS)}, got {unknown!r}")
    fig = go.Figure()
    notes = []
    counted = None  # curated events drawn as markers: points several of them share get a count
    if "land" in layers:
        _land_traces(fig, land)
    if "lines" in layers:
        _line_traces(fig, lines, view)
    if "events" in layers:
        shown, outside = located_events(events if events is not None else _empty_events())
        if len(shown) > marker_limit:
            cell = density_trace(fig, shown, view)
            notes.append(f"{len(shown):,} events: density per {cell:g}° cell (markers above {marker_limit:,} are too "
                         "slow to draw)")
            fig.add_annotation(text=f"<b>Density grid: {len(shown):,} events</b> (one marker each up to "
                               f"{marker_limit:,})", x=view.lon[0], y=view.lat[1], xanchor="left", yanchor="top",
                               showarrow=False, bgcolor="rgba(255,255,255,0.85)", font={"size": 14})
        else:
            _event_traces(fig, shown, sources, view)
            counted = shown[~_imported(shown)]
        notes.append(view_note(shown, outside, view))
    if "sites" in layers:
        _site_traces(fig, sites, sources, view)
    _tool_traces(fig, distance, rings)
    scale = _scale_bar(fig, view)
    # Added after every marker trace, so labels are drawn on top and no marker hides one.
    widths = TIER_WIDTHS if legend == "below" else tuple(w for w in TIER_WIDTHS if w <= EXPORT_PLOT_WIDTH)
    add_label_traces(fig, map_labels(land, sites, points, counted, view, layers, fixed=scale, widths=widths))
    if distance is not None:
        notes.insert(0, distance_text(*distance))
    notes.append("Land: Natural Earth 1:10m; Hateruma and the Senkakus from MLIT N03. Lines as published by the "
                 "announcing party; no endorsement of any claim.")
    fig = _layout(fig, view, title, legend, height)
    # Notes go under the map (page caption, slide caption, see map_notes), never over a feature.
    fig.update_layout(meta={NOTES_KEY: notes})
    return fig


def view_note(shown: pd.DataFrame, outside: int, view: View) -> str:
    """What this view shows of the located events: how many are in it, and where the others are."""
    here = int((shown["lon"].between(*view.lon) & shown["lat"].between(*view.lat)).sum())
    elsewhere = len(shown) - here
    parts = [f"{here:,} located event{'s' * (here != 1)} in this view"]
    if elsewhere:
        parts.append(f"{elsewhere:,} more elsewhere in the Southwest region (pan out or pick a wider view)")
    if outside:
        parts.append(f"{outside:,} beyond the region, not mapped")
    return "; ".join(parts)


def map_notes(fig: go.Figure) -> list[str]:
    """The notes :func:`map_figure` made (distance, events outside, land source), for a caption."""
    meta = fig.layout.meta
    return list(meta.get(NOTES_KEY, [])) if isinstance(meta, dict) else []


def _layout(fig: go.Figure, view: View, title: str | None, legend: str, height: int) -> go.Figure:
    aspect = 1 / math.cos(math.radians(view.center_lat))  # one degree of lat is longer than one of lon
    below = legend == "below"
    fig.update_layout(
        template=compact_template(), font={"family": FONT_FAMILY, "size": 14}, height=height,
        title={"text": title, "x": 0.01, "xanchor": "left"} if title else None,
        margin={"l": 50, "r": 10, "t": 50 if title else 10, "b": 30},
        plot_bgcolor=SEA, dragmode="pan", uirevision=view.key, hovermode="closest",
        # Below the map on the page: at any width the map keeps the full width (a side legend
        # squeezed it to nothing on a phone); on the right for 16:9 slides, where height is scarce.
        legend={"font": {"size": 13 if below else 14}, "groupclick": "toggleitem",
                "tracegroupgap": 4 if below else 6, "itemsizing": "constant",
                # maxheight 1 (the whole figure): the legend is drawn in full, never a scroll box inside the
                # page's scrolling (plotly's default, half the figure, scrolled it on a phone).
                **({"orientation": "h", "x": 0, "y": -0.05, "yanchor": "top", "entrywidth": 0, "maxheight": 1,
                    "grouptitlefont": {"size": 13}} if below
                   else {"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"})},
        # constrain="range": the axes grow around the preset box to fill the plot area, so the map
        # fills the width (no empty strip) and still shows all of the box at equal scale.
        xaxis={"range": list(view.lon), "showgrid": True, "gridcolor": "#DDE5EC", "zeroline": False,
               "ticksuffix": "°E", "constrain": "range"},
        yaxis={"range": list(view.lat), "showgrid": True, "gridcolor": "#DDE5EC", "zeroline": False,
               "ticksuffix": "°N", "scaleanchor": "x", "scaleratio": aspect, "constrain": "range"},
    )
    return fig


def selected_record(point: dict, events: pd.DataFrame, sites: pd.DataFrame, points,
                    sources: pd.DataFrame) -> tuple[str, pd.Series, pd.DataFrame] | None:
    """The full record behind a clicked map point and the sources it cites.

    Returns ``(kind, record, sources)`` or ``None`` for points without a record (land, grid cells).
    """
    data = point.get("customdata") if isinstance(point, dict) else None
    if not isinstance(data, (list, tuple)) or len(data) != 2:
        return None
    kind, key = data
    tables = {"event": (events, "event_id"), "site": (sites, "site_id"), "point": (points, "point_id")}
    if kind not in tables:
        return None
    table, column = tables[kind]
    match = table[table[column] == key]
    if match.empty:
        return None
    record = match.iloc[0].drop(labels=["geometry"], errors="ignore")
    cited = sources[sources["source_id"].isin(split_ids(record.get("source_ids")))]
    return kind, record, cited.reset_index(drop=True)


def _builder(key: str):
    def build(data, selection) -> ChartResult:
        view = get_view(key)
        geo = load_geo(*geo_folder(data))
        events = filter_events(data.events, selection)
        sites, points = named_places(data.sites, geo.points, data.names, selection.names)  # as the Map page
        fig = map_figure(geo.land, geo.lines, points, sites, events, view=view, sources=data.sources,
                         title=f"Map: {view.label}")
        in_view = events["lon"].between(*view.lon) & events["lat"].between(*view.lat)
        caption = (f"{int(in_view.sum())} curated events in view ({selection.describe()}); all installations. "
                   + " ".join(note.rstrip(".") + "." for note in map_notes(fig)))
        cited = {*shown_source_ids(geo, data.sites, events, view),
                 *shown_name_source_ids(data.names, sites, points, view.lon, view.lat)}
        return ChartResult(fig, sorted(cited), caption)

    return build


def named_charts() -> dict[str, ChartSpec]:
    """One map chart per view preset (``map-southwest``, ``map-senkakus``, ...)."""
    return {f"map-{k}": ChartSpec(f"map-{k}", f"Map: {v.label}", _builder(k)) for k, v in VIEWS.items()}
