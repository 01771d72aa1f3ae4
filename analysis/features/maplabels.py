"""Map text that fits: every label measured in pixels, kept inside the frame and clear of the others.

A label's box is its text measured with the chart font (:func:`analysis.charts.text.text_width_in`) at the
position plotly gives it beside its point. Labels are fitted for a few plot widths (:data:`TIER_WIDTHS`): a
label in tier ``k`` fits, inside the view and clear of every label of tiers ``<= k``, on a plot
``TIER_WIDTHS[k]`` px wide, and stays clear on any wider one (points move apart, text keeps its size).
The page hides tiers its plot is too narrow for with a CSS container query (:func:`tier_css`), so a phone
shows fewer labels than a desktop and none is cut off or overprinted; files draw the tiers that fit
their size. Coordinates are lon/lat degrees, EPSG:4326.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import box as frame_box

from analysis.charts.style import FONT_FAMILY
from analysis.charts.text import text_width_in
from analysis.features.geo import View, place_labels

# Plot-area widths (px) each tier is fitted for: a phone (390 px window: 298 px of plot), a tablet or a
# narrow window, a desktop (1440 px window with the sidebar: 920 px of plot).
TIER_WIDTHS: tuple[int, ...] = (290, 560, 860)
TIER_HEIGHTS: tuple[int, ...] = (290, 420, 480)  # the least plot height met at that width (legend below)
PLOT_SIDE_MARGINS = 60  # px left and right of the plot area in the figure (mapfig's layout): container = plot + 60
# A tier's text carries a font family nobody has, after the chart font: the only mark of a trace that reaches
# the SVG (plotly.py drops a trace's uid), so the page's CSS can find it; renderers skip an unknown family.
TIER_FAMILY = "map-label-tier-{tier}"
DOT_POSITIONS = ("top center", "bottom center", "top right", "top left", "bottom right", "bottom left",
                 "middle right", "middle left")
ASCENT, DESCENT = 0.95, 0.3  # of the font size, above and below the baseline (DejaVu Sans; CJK runs a bit taller)
GAP = 2.0  # px kept free between two labels and between a label and the frame
WIDTH_MARGIN = 1.06  # browsers set the same text a few per cent wider or narrower than PIL measures it


@dataclass(frozen=True)
class Plot:
    """A plot area in px showing a view box (lon, lat degrees) at equal scale, as mapfig's layout draws it."""

    width: float
    height: float
    lon: tuple[float, float]
    lat: tuple[float, float]

    @property
    def cos(self) -> float:
        """Cosine of the centre latitude: the y axis is 1/cos longer per degree (``scaleratio``)."""
        return math.cos(math.radians((self.lat[0] + self.lat[1]) / 2))

    @property
    def px_per_lon(self) -> float:
        """Pixels per degree of longitude: the box fills the width or the height, whichever binds."""
        return min(self.width / (self.lon[1] - self.lon[0]), self.height * self.cos / (self.lat[1] - self.lat[0]))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen position (px from the plot's top-left) of a point; the box is centred (``constrain="range"``)."""
        p = self.px_per_lon
        return (self.width / 2 + (lon - (self.lon[0] + self.lon[1]) / 2) * p,
                self.height / 2 - (lat - (self.lat[0] + self.lat[1]) / 2) * p / self.cos)

    def frame(self) -> tuple[float, float, float, float]:
        """The view box in px (left, top, right, bottom): always shown, whatever the axes grew to."""
        x0, y1 = self.xy(self.lon[0], self.lat[0])
        x1, y0 = self.xy(self.lon[1], self.lat[1])
        return x0, y0, x1, y1


def text_box(text: str, size: float, position: str, x: float, y: float,
             radius: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in px of ``text`` set at ``position`` beside a point at (x, y).

    Follows plotly's ``Drawing.textPointPosition``: the text keeps ``radius / 0.8 + 1`` px from a marker of
    that radius (0: no marker), its baseline at ``0.75 * size`` plus that offset, half a line up per side.
    """
    vertical = "top" if "top" in position else "bottom" if "bottom" in position else "middle"
    horizontal = "end" if "left" in position else "start" if "right" in position else "middle"
    r = radius / 0.8 + 1 if radius else 0.0
    sign_v = {"top": -1, "bottom": 1, "middle": 0}[vertical]
    baseline = y + 0.75 * size + sign_v * r + (sign_v - 1) * size / 2
    width = text_width_in(text, size) * 72 * WIDTH_MARGIN  # points = px at plotly's 72 dpi font sizes
    left = {"start": x + r, "end": x - r - width, "middle": x - width / 2}[horizontal]
    return left, baseline - ASCENT * size, left + width, baseline + DESCENT * size


Box = tuple[float, float, float, float, float, float]  # left, top, right, bottom, and the point (x, y), px


def _clear(box: Box, taken: list[Box]) -> bool:
    """Whether ``box`` keeps clear of every taken box, here and on any larger scale.

    Clear means apart along an axis on the side its point lies: points move apart as the plot grows
    while the text keeps its size, so that gap only widens (a box right of another whose point lies left
    of the other's would close in on it).
    """
    def apart(t: Box) -> bool:
        return ((box[0] >= t[2] + GAP and box[4] >= t[4]) or (box[2] + GAP <= t[0] and box[4] <= t[4])
                or (box[1] >= t[3] + GAP and box[5] >= t[5]) or (box[3] + GAP <= t[1] and box[5] <= t[5]))

    return all(apart(t) for t in taken)


def _inside(box: Box, frame: tuple[float, float, float, float]) -> bool:
    return box[0] >= frame[0] + GAP and box[1] >= frame[1] + GAP and box[2] <= frame[2] - GAP \
        and box[3] <= frame[3] - GAP


def fit_labels(labels: pd.DataFrame, lon: tuple[float, float], lat: tuple[float, float],
               widths: tuple[int, ...] = TIER_WIDTHS, heights: tuple[int, ...] = TIER_HEIGHTS) -> pd.DataFrame:
    """The labels that fit, with their ``tier`` and ``position``; in priority order (first row first).

    Parameters
    ----------
    labels : pandas.DataFrame
        One row per text: ``label``, ``lon``, ``lat`` (EPSG:4326), ``size`` (px), ``radius`` (px of the
        marker it sits beside, 0 for none), ``positions`` (tuple of plotly text positions to try, in order)
        ``fixed`` (True: always drawn where it is, e.g. the scale bar's text; never dropped) and, optionally,
        ``keep_clear`` (px: rows before it try first to leave a square of that half-side around its point free,
        so a place name does not cover the events a later ``×N`` counts; a row at the same point may).
    lon, lat : (float, float)
        The view box, in degrees.
    widths, heights : tuple of int
        Plot sizes (px) of the tiers, narrowest first.

    Returns
    -------
    pandas.DataFrame
        The rows that fit somewhere, with ``tier`` (index into ``widths``) and ``position``.
    """
    if len(widths) != len(heights) or not widths:
        raise ValueError(f"one height per tier width expected, got widths {widths!r} and heights {heights!r}")
    placed: dict[object, tuple[int, str]] = {}
    clear_px = labels["keep_clear"] if "keep_clear" in labels.columns else pd.Series(0.0, index=labels.index)
    for tier, (width, height) in enumerate(zip(widths, heights, strict=True)):
        plot = Plot(width, height, lon, lat)
        frame = plot.frame()
        # The marker's middle, half the keep_clear each side; _clear adds the GAP round it.
        spots = {key: (x - r / 2 + GAP, y - r / 2 + GAP, x + r / 2 - GAP, y + r / 2 - GAP, x, y)
                 for key, r in clear_px[clear_px > 0].items() for x, y in [plot.xy(*labels.loc[key, ["lon", "lat"]])]}
        taken: list[Box] = []
        for key, (_tier, position) in placed.items():
            row = labels.loc[key]
            x, y = plot.xy(row["lon"], row["lat"])
            taken.append((*text_box(row["label"], row["size"], position, x, y, row["radius"]), x, y))
        for key, row in labels.iterrows():
            if key in placed:
                continue
            x, y = plot.xy(row["lon"], row["lat"])
            later = [b for k, b in spots.items() if k not in placed and k != key and abs(b[4] - x) + abs(b[5] - y) > 1]
            boxes = [(position, (*text_box(row["label"], row["size"], position, x, y, row["radius"]), x, y))
                     for position in row["positions"]]
            fits = [(position, box) for position, box in boxes
                    if row["fixed"] or (_inside(box, frame) and _clear(box, taken))]
            best = next((pb for pb in fits if _clear(pb[1], later)), fits[0] if fits else None)
            if best is not None:
                placed[key] = (0 if row["fixed"] else tier, best[0])
                taken.append(best[1])
    kept = labels.loc[[key for key in labels.index if key in placed]].copy()
    kept["tier"] = [placed[key][0] for key in kept.index]
    kept["position"] = [placed[key][1] for key in kept.index]
    return kept


def tier_font(tier: int) -> str:
    """Font family of a tier's labels: the chart font, then the tier's mark (see :data:`TIER_FAMILY`)."""
    return f"{FONT_FAMILY}, {TIER_FAMILY.format(tier=tier)}"


def tier_css(widths: tuple[int, ...] = TIER_WIDTHS) -> str:
    """CSS hiding each tier's text where the chart is narrower than its plot width plus the side margins.

    The map's container is a CSS size container, so a rule reads the chart's own width (a phone, a
    narrow window, the sidebar open), not the window's. Markers stay: their hover names the place.
    """
    rules = ['[data-testid="stPlotlyChart"] { container-type: inline-size; }']
    for tier, width in enumerate(widths):
        if tier == 0:
            continue
        mark = TIER_FAMILY.format(tier=tier)
        rules.append(f"@container (max-width: {width + PLOT_SIDE_MARGINS - 0.5}px) {{ "
                     f'.js-plotly-plot .textpoint text[style*="{mark}"] {{ display: none; }} }}')
    return "\n".join(rules)


LABEL_HALO = "0 0 3px white, 0 0 3px white, 0 0 2px white"  # readable where a label crosses a coast or a line
COUNT_MARKER = 12  # px: the invisible marker a "×N" count keeps its distance from (event markers are 7-22 px)
# group: (trace name, font size, colour, italic, marker size (0: text only), positions to try)
STYLES: dict[str, tuple[str, int, str, bool, int, tuple[str, ...]]] = {
    "countries": ("Country labels", 15, "#6B6455", False, 0, ("middle center",)),
    "places": ("Island and city labels", 13, "#333333", False, 4, DOT_POSITIONS),
    "counts": ("Events sharing a point", 12, "#222222", False, COUNT_MARKER,
               ("top right", "top left", "bottom right", "bottom left")),
    # Straits (italic) try below their point first, places above, so neighbours meet less.
    "straits": ("Strait labels", 13, "#1F5F8B", True, 4, ("bottom center", *DOT_POSITIONS[:1], *DOT_POSITIONS[2:])),
}
DRAW_ORDER = ("counts", "countries", "places", "straits")  # later traces are drawn on top
COLUMNS = ["group", "label", "lon", "lat", "hover", "kind", "id", "size", "radius", "positions", "fixed",
           "keep_clear"]


def stacked_points(events: pd.DataFrame) -> pd.DataFrame:
    """Points (lon, lat, rounded to ~10 m) that several events share, with their count (``n``)."""
    if events.empty:
        return pd.DataFrame(columns=["lon", "lat", "n"])
    key = events[["lon", "lat"]].round(4)
    counts = key.value_counts().rename("n").reset_index()
    return counts[counts["n"] > 1].reset_index(drop=True)


def _rows(group: str, frame: pd.DataFrame) -> pd.DataFrame:
    _, size, _, _, marker, positions = STYLES[group]
    frame = frame[frame["label"].notna()]  # a place without a name gets no label
    out = frame.assign(label=frame["label"].astype(str), group=group, size=size, radius=marker / 2, fixed=False,
                       keep_clear=COUNT_MARKER / 2 if group == "counts" else 0.0)
    out["positions"] = [positions] * len(out)
    return out[COLUMNS]


def country_labels(land, view: View) -> pd.DataFrame:
    """A name for each large landmass covering at least 2 % of the view (columns as place labels)."""
    frame = frame_box(view.lon[0], view.lat[0], view.lon[1], view.lat[1])
    rows = []
    for row in land[land["area_km2"] > 5000].itertuples():
        part = row.geometry.intersection(frame)
        if part.is_empty or part.area < 0.02 * frame.area:
            continue
        pt = part.representative_point()
        rows.append((row.name.upper(), pt.x, pt.y, row.name, "land", row.name))
    return pd.DataFrame(rows, columns=["label", "lon", "lat", "hover", "kind", "id"])


def strait_labels(points, view: View) -> pd.DataFrame:
    """Strait and channel names inside the view (columns as place labels)."""
    straits = points[points["kind"].isin(["strait", "channel"])]
    rows = [(p.name, p.geometry.x, p.geometry.y, f"<b>{p.name}</b><br>{p.name_local}", "point", p.point_id)
            for p in straits.itertuples() if view.contains(p.geometry.x, p.geometry.y)]
    return pd.DataFrame(rows, columns=["label", "lon", "lat", "hover", "kind", "id"])


def count_labels(events: pd.DataFrame, view: View) -> pd.DataFrame:
    """``×N`` for each point in the view that N events share, largest first."""
    stacks = stacked_points(events)
    stacks = stacks[stacks["lon"].between(*view.lon) & stacks["lat"].between(*view.lat)]
    stacks = stacks.sort_values("n", ascending=False, kind="stable")
    return pd.DataFrame({"label": [f"×{n}" for n in stacks["n"]], "lon": stacks["lon"].to_numpy(),
                         "lat": stacks["lat"].to_numpy(), "hover": "", "kind": "count", "id": ""})


def map_labels(land, sites: pd.DataFrame, points, events: pd.DataFrame | None, view: View, layers,
               fixed: pd.DataFrame | None = None, widths: tuple[int, ...] = TIER_WIDTHS) -> pd.DataFrame:
    """Every text of the map that fits, by priority: countries, promised places, counts, places, straits.

    ``fixed`` holds texts drawn elsewhere that labels must keep clear of (the scale bar's); ``events`` are
    the located events drawn (curated ones: their shared points get a count). Returns :func:`fit_labels`'s
    rows with ``group``, ``hover``, ``kind`` and ``id``.
    """
    parts = [] if fixed is None else [fixed.assign(group="fixed", hover="", kind="", id="")[COLUMNS]]
    places = place_labels(sites, points, view) if "land" in layers else None
    promised = places["id"].isin(view.promises) if places is not None else pd.Series(dtype=bool)
    if places is not None:  # the names the view promises come first, the other places after the counts
        rank = places["id"].map({k: i for i, k in enumerate(view.promises)})
        parts += [_rows("countries", country_labels(land, view)),
                  _rows("places", places[promised].assign(_rank=rank).sort_values("_rank").drop(columns="_rank"))]
    if "events" in layers and events is not None:  # a count is data: before the names of other places
        parts.append(_rows("counts", count_labels(events, view)))
    if places is not None:
        parts.append(_rows("places", places[~promised]))
    if "lines" in layers:
        parts.append(_rows("straits", strait_labels(points, view)))
    labels = pd.concat([p for p in parts if not p.empty], ignore_index=True) if parts else pd.DataFrame()
    if labels.empty:
        return pd.DataFrame(columns=[*COLUMNS, "tier", "position"])
    fitted = fit_labels(labels, view.lon, view.lat, widths, TIER_HEIGHTS[:len(widths)])
    return fitted[fitted["group"] != "fixed"]


def add_label_traces(fig: go.Figure, labels: pd.DataFrame) -> None:
    """One text trace per group and tier (font :func:`tier_font`), each point at its fitted position."""
    for group in DRAW_ORDER:
        name, size, color, italic, marker, _ = STYLES[group]
        for tier, part in labels[labels["group"] == group].groupby("tier", sort=True):
            count = group == "counts"
            fig.add_scatter(
                x=part["lon"], y=part["lat"], mode="markers+text" if marker else "text", text=part["label"],
                textposition=list(part["position"]),
                textfont={"family": tier_font(int(tier)), "size": size, "color": color,
                          "style": "italic" if italic else "normal", "shadow": LABEL_HALO},
                # A count's marker is invisible: it only keeps the text beside the event markers it counts.
                marker={"size": marker or 4, "color": color, "opacity": 0 if count else 1},
                customdata=part[["kind", "id"]].to_numpy(), hovertext=part["hover"],
                hoverinfo="skip" if count else "text", name=name, showlegend=False,
            )
