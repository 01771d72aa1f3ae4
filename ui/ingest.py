"""Streamlit glue for the Ingest page: read a report, show its candidates, accept or reject them.

Logic lives in :mod:`analysis.ingest`; this module keeps the page's state (the report being
reviewed, the data hash taken when its queue opened) and draws the review forms. Write controls
(accept, reject, store the record) are drawn only for an unlocked editor, and every write first
passes :func:`ui.access.require_editor` again (the one editor guard of every page).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.charts.style import category_label, region_label
from analysis.curation import data_hash
from analysis.curation.acts import act_label, act_labels
from analysis.curation.form import new_source_problem, tier_help
from analysis.data.cameo import goldstein_lookup
from analysis.data.dataset import Dataset
from analysis.data.schemas import CATEGORIES, CONFIDENCE, DATE_PRECISIONS, REGIONS, SOURCE_TIERS
from analysis.ingest import queue
from analysis.ingest.extract import Gazetteer, gazetteer_from
from analysis.ingest.limits import extract_with_budget
from analysis.ingest.record import KINDS, SUFFIXES, Report, ReportMeta, make_report, read_records, save_record, to_text
from ui.access import NotAnEditorError, is_editor, require_editor
from ui.core import data_dir, geodata, run_today

STATE = "ingest-review"  # session key: {"report": Report, "candidates": DataFrame, "opened": data hash}
WHY_COLUMNS = ["date_rule", "date_text", "actor_terms", "actor_rule", "category_rule", "event_code", "goldstein_rule",
               "place_rule", "flags", "duplicate_of", "names_en"]


def gazetteer(data: Dataset) -> Gazetteer:
    """The gazetteer with coordinates from the app's cached tables and the folder's Goldstein table."""
    scores = goldstein_lookup(data.tables["cameo_goldstein"])
    return gazetteer_from(data.sites, geodata(data).points, data.events, scores=scores)


def report_inputs() -> tuple[str, str, bytes | None] | None:
    """Upload or paste: (file name, kind of input, bytes) or None while nothing is given."""
    how = st.radio("Report", ["Upload a file", "Paste text"], horizontal=True, key="ingest-how")
    if how == "Upload a file":
        upload = st.file_uploader("Report file", type=[s.lstrip(".") for s in SUFFIXES], key="ingest-file")
        return (upload.name, "upload", upload.getvalue()) if upload is not None else None
    pasted = st.text_area("Report text (plain text)", key="ingest-paste", height=200)
    return ("pasted.txt", "paste", pasted.encode("utf-8")) if pasted.strip() else None


# Time zones a publication stamp is commonly given in, for the dateline rule (docs/curation.md).
STAMP_ZONES = ("", "Asia/Tokyo", "Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Manila", "America/New_York",
               "America/Los_Angeles", "Europe/London", "Europe/Paris", "UTC")


def metadata_inputs(default_title: str) -> dict:
    """Publisher, title, publication date and its time zone, URL, kind and tier, as typed."""
    cols = list(st.columns(3))
    publisher = cols[0].text_input("Publisher", key="ingest-publisher")
    title = cols[1].text_input("Title", value=default_title, key="ingest-title")
    published = cols[2].date_input("Publication date", value=None, max_value=run_today(), key="ingest-published",
                                   format="YYYY-MM-DD")
    cols = list(st.columns([2, 1, 1, 1]))
    url = cols[0].text_input("URL (only if you read it there)", key="ingest-url")
    zone = cols[1].selectbox("Date given in", STAMP_ZONES, key="ingest-published-tz",
                             format_func=lambda z: z.replace("_", " ") or "not known",
                             help="The time zone of the publication date. A report datelined TOKYO or BEIJING but "
                                  "dated in New York time can be a day behind: 'on Friday' is then read on the "
                                  "dateline's calendar.")
    kind = cols[2].selectbox("Kind", KINDS, key="ingest-kind",
                             help="news, official, research, dataset: the text is not kept (metadata, sha256 and a "
                                  "pointer only). notes: your own text, kept in the record.")
    tier = cols[3].selectbox("Tier *", SOURCE_TIERS, index=None, key="ingest-tier", placeholder="Choose",
                             help="How much weight the source carries (its sources.csv row). " + tier_help())
    return {"publisher": publisher, "title": title, "published": published, "url": url, "kind": kind,
            "published_tz": zone or None, "tier": tier or ""}


def start_review(data: Dataset, given: tuple[str, str, bytes], meta: dict) -> None:
    """Read the report, extract its candidates and keep them in the session (errors shown, nothing written)."""
    name, _how, payload = given
    try:
        problem = new_source_problem(meta)  # the report becomes a new source: its tier is chosen, never defaulted
        if problem:
            raise ValueError(problem)
        report_meta = ReportMeta(meta["publisher"], meta["title"], meta["published"], meta["url"].strip(),
                                 meta["kind"], filename=name, tier=meta["tier"])
        text = to_text(payload, name)
        report = make_report(text, report_meta, queue.source_rows(data_dir()), read_records(settings.seeds_dir()))
    except ValueError as exc:
        st.error("Cannot ingest this report:")
        st.text(str(exc))  # names the file and the value: shown as text, never as Markdown
        return
    with st.spinner("Extracting candidates (in a worker process, with a time budget)…"):
        result = extract_with_budget(report.text, report_meta.published, gazetteer(data),
                                     published_tz=meta.get("published_tz"))
    if result.stopped:
        st.warning(result.stopped, icon="⏱️")
    if result.candidates.empty and result.stopped:
        return
    st.session_state[STATE] = {"report": report, "candidates": result.candidates, "opened": data_hash(data_dir())}


def review() -> dict | None:
    """The report under review (see :data:`STATE`), or None."""
    return st.session_state.get(STATE)


def report_summary(report: Report, candidates: pd.DataFrame) -> None:
    """Metadata, sha256 and where the record goes; report text shown as text only."""
    cols = list(st.columns(3))
    cols[0].metric("Candidates", len(candidates))
    cols[1].metric("Sentences decided", int((queue.read_decisions(data_dir())["report_sha256"]
                                             == report.sha256).sum()))
    cols[2].metric("Cited as", report.source_id)
    with st.expander("Technical details"):
        st.text(f"sha256 {report.sha256}\nrecord seeds/{report.source_id}.md "
                f"({'text kept' if report.meta.text_kept else 'metadata, sha256 and pointer only'})")


def _editor_or_refuse() -> str | None:
    """The editor's name if this session may write, else show why not and return None."""
    try:
        return require_editor()
    except NotAnEditorError as exc:
        st.error(str(exc))
        return None


def store_record(report: Report) -> None:
    """Write the report's record under seeds/ (editors only; an existing record is left as it is)."""
    if _editor_or_refuse() is None:
        return
    path, written = save_record(report, settings.seeds_dir())
    (st.success if written else st.info)(f"Record {'stored' if written else 'already present'}: {path.name}")


def _number(text: str, label: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{label}: expected a number, got {text!r}") from None


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def candidate_form(report: Report, row: dict, editor: str | None, acts: pd.DataFrame | None = None) -> None:
    """One candidate: its evidence and rules, the editable values and (editors only) Accept / Reject.

    ``acts`` (:func:`analysis.curation.acts.act_table`) turns the CAMEO code into a "what happened"
    picker; the Goldstein score then always follows the chosen code unless a reason overrides it.
    """
    key = row["sentence_hash"]
    with st.container(border=True):
        st.text(f"Sentence {row['sentence_no']}: {row['evidence']}")
        st.dataframe(pd.DataFrame([{c: _cell(row[c]) for c in WHY_COLUMNS}]), hide_index=True,
                     key=f"ingest-why-{key}")
        if editor is None:
            st.text(f"{row['date']} · {row['actors']} · {row['category']} · {_cell(row['location'])}")
            return
        with st.form(key=f"ingest-form-{key}"):
            cols = list(st.columns(4))
            date = cols[0].text_input("Date (YYYY-MM-DD)", row["date"], key=f"ingest-date-{key}")
            precision = cols[1].selectbox("Precision", DATE_PRECISIONS,
                                          index=DATE_PRECISIONS.index(row["date_precision"]),
                                          key=f"ingest-precision-{key}")
            category = cols[2].selectbox("Category", CATEGORIES, index=CATEGORIES.index(row["category"]),
                                         format_func=category_label, key=f"ingest-category-{key}")
            confidence = cols[3].selectbox("Confidence", CONFIDENCE, index=CONFIDENCE.index(queue.DEFAULT_CONFIDENCE),
                                           key=f"ingest-confidence-{key}")
            title = st.text_input("Title (your own words)", key=f"ingest-title-{key}")
            summary = st.text_area("Summary (your own words; do not copy the report)", key=f"ingest-summary-{key}")
            cols = list(st.columns(4))
            actors = cols[0].text_input("Actors (ISO3, ;)", row["actors"], key=f"ingest-actors-{key}")
            initiator = cols[1].text_input("Initiator", row["initiator"], key=f"ingest-initiator-{key}")
            target = cols[2].text_input("Target", _cell(row["target"]), key=f"ingest-target-{key}")
            goldstein = cols[3].text_input("Goldstein override (only with a reason below)", "",
                                           key=f"ingest-goldstein-{key}",
                                           help="Empty: the published score of the chosen act (shown beside it).")
            cols = list(st.columns(4))
            location = cols[0].text_input("Location", _cell(row["location"]), key=f"ingest-location-{key}")
            lat = cols[1].text_input("Lat (EPSG:4326)", _cell(row["lat"]), key=f"ingest-lat-{key}")
            lon = cols[2].text_input("Lon (EPSG:4326)", _cell(row["lon"]), key=f"ingest-lon-{key}")
            region = cols[3].selectbox("Region", REGIONS, index=REGIONS.index(row["region"]),
                                       format_func=region_label, key=f"ingest-region-{key}")
            cols = list(st.columns([2, 2]))
            code = _cell(row["event_code"])
            if acts is None:
                event_code = cols[0].text_input("CAMEO event code", code, key=f"ingest-code-{key}")
            else:
                labels = act_labels(acts)
                choices = list(dict.fromkeys([*([code] if code else []), *acts["code"]]))
                event_code = cols[0].selectbox("What happened (CAMEO act)", choices,
                                               index=choices.index(code) if code else None,
                                               format_func=lambda c: labels.get(c) or act_label(c, acts),
                                               key=f"ingest-code-{key}",
                                               placeholder="Type what happened, e.g. patrol, protest") or ""
            override = cols[1].text_input("Goldstein override reason (only if it differs from the code's score)",
                                          key=f"ingest-override-{key}")
            note = st.text_input("Reason (if rejecting)", key=f"ingest-note-{key}")
            cols = list(st.columns(2))
            accept = cols[0].form_submit_button("Accept", type="primary", key=f"ingest-accept-{key}")
            reject = cols[1].form_submit_button("Reject", key=f"ingest-reject-{key}")
        if reject:
            who = _editor_or_refuse()
            if who is None:
                return
            queue.reject(data_dir(), report, row, who=who, note=note)
            st.session_state["ingest-flash"] = ("info", f"Rejected sentence {row['sentence_no']}; it will not "
                                                        "come back for this report.")
            st.rerun()
        if accept:
            try:
                edits = {"date": date.strip(), "date_precision": precision, "category": category,
                         "confidence": confidence, "title": title, "summary": summary, "actors": actors.strip(),
                         "initiator": initiator.strip(), "target": target.strip(), "location": location,
                         "lat": _number(lat, "Lat"), "lon": _number(lon, "Lon"), "region": region,
                         # The score follows the code (empty = its published value) unless a reason overrides it.
                         "goldstein": _number(goldstein, "Goldstein") if override.strip() else None,
                         "event_code": event_code.strip(),
                         "goldstein_override_reason": override.strip()}
            except ValueError as exc:
                st.error("Not saved:")
                st.text(str(exc))
                return
            _accept(report, row, edits)


def _accept(report: Report, row: dict, edits: dict) -> None:
    editor = _editor_or_refuse()
    if editor is None:
        return
    state = review()
    if state is None:  # the report was closed in another tab
        return
    result = queue.accept(data_dir(), report, row, edits, state["opened"], who=editor)
    if not result.ok:
        st.error("Not saved; your input is kept below.")
        st.text(result.message)
        if result.conflict:
            st.button("Take the current data and try again", key=f"ingest-reopen-{row['sentence_hash']}",
                      on_click=_reopen)
        if not result.errors.empty:
            st.dataframe(result.errors.astype(str), hide_index=True, key=f"ingest-errors-{row['sentence_hash']}")
        return
    save_record(report, settings.seeds_dir())
    state["opened"] = result.data_hash
    from ui.curate import own_change

    own_change(result)  # this session's own write: the Curate form's snapshot stays current
    st.session_state["ingest-flash"] = ("success", f"Accepted as {result.event_ids[0]} (cites {report.source_id}).")
    st.rerun()


def _reopen() -> None:
    # After a conflict: the analyst has seen what changed; take the files' current hash.
    state = review()
    if state is not None:
        state["opened"] = data_hash(data_dir())


def flash() -> None:
    """Show (once) the message the last accept or reject left."""
    message = st.session_state.pop("ingest-flash", None)
    if message:
        getattr(st, message[0])(message[1])


def current_editor() -> str | None:
    """The editor's name ("" if not given) when this session unlocked editing, else None.

    Checked on every run against the server's secret (:func:`ui.access.is_editor`, the one
    guard), so crafted session state never draws a write control.
    """
    return require_editor() if is_editor() else None


def pending_candidates(report: Report, candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidates of the report nobody has decided on yet."""
    return queue.pending(candidates, report.sha256, queue.read_decisions(data_dir()))


def decisions_table(report: Report) -> None:
    """Decisions already taken on this report's sentences (accepted rows name their event)."""
    decided = queue.read_decisions(data_dir())
    decided = decided[decided["report_sha256"] == report.sha256]
    if not decided.empty:
        st.subheader("Decided")
        st.dataframe(decided.drop(columns=["report_sha256"]), hide_index=True, width="stretch",
                     key="ingest-decisions")
