"""Map page: islands, installations, events and boundary lines of the Southwest region, offline."""


import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analysis.data.grid import grid_cell
from analysis.data.schemas import SOUTHWEST_BOX
from analysis.features.geo import DEFAULT_VIEW, VIEWS, places, shown_source_ids
from analysis.features.mapdensity import imported_density_trace
from analysis.features.mapfig import (
    EVENT_MARKER_LIMIT,
    LAYERS,
    distance_text,
    located_events,
    map_figure,
    map_notes,
    selected_record,
)
from analysis.features.maplabels import tier_css as label_tier_css
from analysis.features.names import named_places, shown_name_source_ids
from analysis.features.readable import readable_sources, record_table
from ui.names import name_first

LAYER_LABELS = {"land": "Land and island labels", "sites": "Installations", "events": "Events",
                "lines": "Lines and straits"}


ctx = ui.setup_page("Map", "🗺️")
st.title("Map of the Southwest region")
geo = ui.geodata(ctx.data)
first = name_first()  # sidebar: English, Japanese or Chinese names first (contested features show both)
sites, label_points = named_places(ctx.data.sites, geo.points, ctx.data.names, first)  # the rule of every map
if not geo.errors.empty:
    st.warning(f"{len(geo.errors)} problem(s) in the map layers; affected features are left out.", icon="⚠️")
    st.dataframe(geo.errors.astype(str), hide_index=True, key="geo-errors")

top = st.columns([2, 5])
view_key = top[0].selectbox("View", list(VIEWS), format_func=lambda k: VIEWS[k].label, key="map_view",
                            index=list(VIEWS).index(DEFAULT_VIEW), bind="query-params",
                            help="Preset area; drag to pan, scroll to zoom, double-click to reset.")
with top[1].expander("Layers"):  # one line on a phone: the map comes first, not four checkboxes
    layers = [name for name in LAYERS if st.checkbox(LAYER_LABELS[name], value=True, key=f"map_layer_{name}")]

pool = places(sites, label_points)
with st.expander("Distance and range rings"):
    cols = st.columns(4)
    pick = {"format_func": lambda k: pool[k].name, "index": None, "placeholder": "Choose a place"}
    a = cols[0].selectbox("Distance from", list(pool), key="map_from", **pick)
    b = cols[1].selectbox("to", list(pool), key="map_to", **pick)
    ring_at = cols[2].selectbox("Range ring around", list(pool), key="map_ring_at", **pick)
    radius = cols[3].number_input("Ring radius (km)", min_value=1, max_value=3000, value=300, step=50,
                                  key="map_ring_km")
distance = (pool[a], pool[b]) if a and b and a != b else None
rings = [(pool[ring_at], float(radius))] if ring_at else None
if distance:
    st.markdown(f"**Distance** (geodesic, WGS84) · {distance_text(*distance)}")

events, imported_cells, imported_total = ctx.events, None, 0
if ctx.show_imported:  # the sidebar toggle: imported (ACLED/GDELT) events join the curated ones
    store = ui.event_store()
    imported_total = store.count_in_box(ctx.selection, SOUTHWEST_BOX)
    if imported_total + len(ctx.events) <= EVENT_MARKER_LIMIT:  # few enough: one marker each
        rows = store.in_box(ctx.selection, SOUTHWEST_BOX, EVENT_MARKER_LIMIT)
        events = pd.concat([ctx.events, rows[[*ctx.events.columns.intersection(rows.columns), "origin"]]],
                           ignore_index=True)
    else:  # too many: counts per grid cell from the query engine, never the rows
        cell = grid_cell(VIEWS[view_key].span)
        imported_cells = store.grid_counts(ctx.selection, cell, SOUTHWEST_BOX)


def draw_map(**style) -> go.Figure:
    """The page's map of the filtered events, layers, view and tools (``style``: legend, height, title)."""
    return map_figure(geo.land, geo.lines, label_points, sites, events, layers=layers, view=view_key,
                      distance=distance, rings=rings, sources=ctx.data.sources, **style)


if ctx.show_imported:  # rows from the store, which the cache key does not cover: drawn afresh
    fig = draw_map(legend="below", height=800)
else:  # 0.17 s of plotly to build, 0.03 s to copy from the cache: every rerun that leaves the map as it was
    fig = ui.cached_view("map", lambda: draw_map(legend="below", height=800), ui.ids_digest(events["event_id"]),
                         tuple(layers), view_key, first, a, b, ring_at, radius if ring_at else None)
if imported_cells is not None and "events" in layers:
    imported_density_trace(fig, imported_cells, cell, imported_total)
st.html(f"<style>{label_tier_css()}</style>")  # fewer labels on a narrow chart: none cut off, none overprinted
picked = st.plotly_chart(fig, key="map-chart", on_select="rerun", selection_mode="points", theme=None,
                         config={"scrollZoom": True, "displaylogo": False})
shown, outside = located_events(events)
on_map = len(shown) + (imported_total if imported_cells is not None else 0)
listed = len(events) + (imported_total if imported_cells is not None else 0)
st.caption(" · ".join(map_notes(fig)))
st.caption(f"{on_map:,} of {listed:,} filtered events are on the map ({outside:,} lie outside the area, "
           f"the rest have no coordinates); all {len(ctx.data.sites)} sites, whatever the filters. "
           "Click an event or site for its full record.")
# Files get the slide layout the CLI's map charts use (legend right, title), with this page's layers and tools.
ui.chart_downloads(fig, f"map-{view_key}", ctx,
                   source_ids=sorted({*shown_source_ids(geo, ctx.data.sites, events, VIEWS[view_key]),
                                      *shown_name_source_ids(ctx.data.names, sites, label_points,
                                                             VIEWS[view_key].lon, VIEWS[view_key].lat)}),
                   export=lambda: draw_map(title=f"Map: {VIEWS[view_key].label}"))

points = picked.selection.points if picked and picked.selection else []
found = selected_record(points[0], events, sites, label_points, ctx.data.sources) if points else None
if found:
    kind, record, cited = found
    st.subheader(f"Selected {kind}")
    st.text(str(record.get("title", record.get("name"))))  # text from a file: never rendered as Markdown
    # Dataframes, not st.table: cells from files are shown as text, never rendered as Markdown.
    st.dataframe(record_table(kind, record, events, ctx.data.sources), hide_index=True, width="stretch",
                 key="map-record")
    if kind == "event":  # editors: an imported event opens the Curate form prefilled
        ui.curate.promote_button(record.to_dict(), key="promote-map")
    if cited.empty:  # imported rows cite their file, which sources.csv does not list
        st.caption("Sources: the imported file (not in sources.csv)")
    else:
        st.dataframe(readable_sources(cited), hide_index=True, width="stretch", key="map-sources",
                     column_config={"URL": st.column_config.LinkColumn()})
