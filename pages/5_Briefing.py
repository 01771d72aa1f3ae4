"""Briefing page: build a PPTX or PDF deck of charts under the current filters."""


import streamlit as st

import ui
from analysis.catalog import chart_registry, registry_problems
from analysis.export.briefing import DEFAULT_CHARTS, build_deck
from analysis.export.browser import static_export_available
from ui.names import with_name_first

ctx = ui.setup_page("Briefing", "🗂️")
selection = with_name_first(ctx.selection)  # map slides name places as the Map page does
st.title("Briefing")
st.caption(f"Current filters: {ctx.selection.describe()} · data as of {ui.data_as_of(ctx.data)}")

registry = chart_registry()
for module, problem in registry_problems().items():
    st.warning(f"Charts of `{module}` are unavailable: {ui.escape_markdown(str(problem))}", icon="⚠️")

with st.form("briefing-form", border=True):
    names = st.multiselect(
        "Charts, one per slide, in this order",
        options=list(registry),
        default=[n for n in DEFAULT_CHARTS if n in registry],
        format_func=lambda n: f"{registry[n].title} ({n})",
        key="briefing-charts",
    )
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
