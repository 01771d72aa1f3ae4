"""Briefing page: build a PPTX or PDF deck of charts under the current filters."""


import pandas as pd
import streamlit as st

import ui
from analysis.catalog import chart_registry, registry_problems
from analysis.export.briefing import build_deck, default_charts
from analysis.export.browser import static_export_available
from ui.names import with_name_first

ctx = ui.setup_page("Briefing", "🗂️")
selection = with_name_first(ctx.selection)  # map slides name places as the Map page does
st.title("Briefing")
st.caption(f"Current filters: {ctx.selection.describe()} · data as of {ui.data_as_of(ctx.data)}")

registry = chart_registry()
for module, problem in registry_problems().items():
    st.warning(f"Charts of `{module}` are unavailable: {ui.escape_markdown(str(problem))}", icon="⚠️")

suggested = [n for n in default_charts(ctx.selection) if n in registry]
previous = st.session_state.get("briefing-suggested")
if previous is not None and previous != suggested and st.session_state.get("briefing-charts") == previous:
    st.session_state["briefing-charts"] = suggested  # untouched by the user: the default follows the view
st.session_state["briefing-suggested"] = suggested
names = st.multiselect(
    "Charts, one per slide",
    options=list(registry),
    default=None if "briefing-charts" in st.session_state else suggested,  # never both: Streamlit warns
    format_func=lambda n: registry[n].title,
    key="briefing-charts",
)
if names:  # the slide order, editable without removing and re-adding charts
    order = st.data_editor(
        pd.DataFrame({"Slide": range(1, len(names) + 1), "Chart": [registry[n].title for n in names],
                      "name": names}),
        hide_index=True, disabled=["Chart", "name"], column_order=["Slide", "Chart"], key=f"briefing-order-{names}",
        column_config={"Slide": st.column_config.NumberColumn("Slide", min_value=1, step=1,
                                                              help="Change the numbers to reorder the slides.")},
    )
    names = list(order.sort_values("Slide", kind="stable")["name"])
with st.form("briefing-form", border=True):
    title = st.text_input("Title", value="Nansei Watch briefing", key="briefing-title")
    marking = st.text_input(
        "Handling marking (printed on every slide)", key="briefing-marking",
        placeholder="e.g. UNCLASSIFIED – FOR TRAINING",
    )
    fmt = st.radio("Format", ["pptx", "pdf"], format_func=str.upper, horizontal=True, key="briefing-format")
    available, reason = static_export_available()
    submitted = st.form_submit_button("Build deck", type="primary", disabled=not available)
if not available:
    st.error(f"Decks need chart images. {ui.escape_markdown(reason)}")  # holds an exception's text

if submitted:
    if not names:
        st.warning("Choose at least one chart.")
    else:
        with st.status(f"Building a {len(names)}-chart {fmt.upper()} deck…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")

            def progress(i: int, n: int, label: str) -> None:  # noqa: D103 (a callback, not an API)
                bar.progress(min(i / n, 1.0), text=label)

            try:
                deck = build_deck(ctx.data, selection, names, title, marking, fmt, progress=progress)
            except (RuntimeError, ValueError) as exc:
                status.update(label=f"Build failed: {exc}", state="error")
            else:
                stamp = ui.run_today().isoformat()
                st.session_state["briefing-result"] = {
                    "bytes": deck, "fmt": fmt, "file_name": f"nansei-briefing-{stamp}.{fmt}",
                    "summary": f"{len(names)} charts · {ctx.selection.describe()}",
                }
                status.update(label=f"Deck ready ({len(deck) / 1e6:.1f} MB)", state="complete", expanded=False)

result = st.session_state.get("briefing-result")
if result:
    st.download_button(
        f"Download {result['fmt'].upper()} deck",
        data=result["bytes"],
        file_name=result["file_name"],
        mime="application/pdf" if result["fmt"] == "pdf"
        else "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="briefing-download",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    st.caption(f"Last built: {result['summary']}")
