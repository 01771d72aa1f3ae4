"""Streamlit glue of the Curate page: the editor gate, the form state and the write callbacks.

Writing happens only in the callbacks here, each wrapped in :func:`ui.access.editor_only`
(the one editor guard of every page), so a viewer cannot write even by calling a callback
with crafted session state. Every callback takes the session state as an argument
(default: ``st.session_state``) so tests can call it directly.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.curation import (
    SaveResult,
    add_events,
    changes_since,
    read_log,
    retire_event,
    summary_line,
    take_snapshot,
    undo_last,
    update_event,
)
from analysis.curation.acts import score_of
from analysis.curation.changelog import last_undoable, log_problems
from analysis.curation.csvfile import event_rows
from analysis.curation.form import (
    event_fields,
    new_source_problem,
    not_accepted,
    source_fields,
    to_cells,
    to_widgets,
)
from analysis.curation.promote import prefill_from_imported
from analysis.data.schemas import RETIRED
from analysis.data.viewlink import VIEW_KEYS
from analysis.data.vocabulary import category_for
from ui.access import (  # noqa: F401 (the Curate page uses them as cur.*)
    READ_ONLY_MESSAGE,
    RESULT,
    TOKEN,
    WHO,
    State,
    editing_available,
    editor_name,
    editor_only,
    is_editor,
    proxy_user,
    secret_notice,
    server_secret,
    session_state,
    try_unlock,
)
from ui.core import run_today
from ui.curate_form import why_key

SNAPSHOT = "cur_snapshot"
MODE = "cur_mode"
EDIT_ID = "cur_edit_id"
EXISTING = "cur_sources_existing"
NEW_SOURCE = "cur_new_source"
REASON = "cur_retire_reason"
SITE = "cur_site"
PREFILL = "cur_prefill"
NOTE = "cur_note"
SECRET_INPUT = "cur_secret_input"
PREFILL_EXTRA = "cur_prefill_extra"  # a feed candidate's further sources and the candidate itself
FEED_SOURCES = "cur_feed_sources"
REVIEW_CANDIDATE = "cur_review_candidate"
MODES = {"add": "Add an event", "edit": "Edit, retire or restore an event"}
FEED_SOURCE_FIELDS = ("title", "published", "language", "tier")  # what the analyst gives each further source


def ev_key(name: str) -> str:
    """Session key of an event field."""
    return f"cur_ev_{name}"


def src_key(name: str) -> str:
    """Session key of a new-source field."""
    return f"cur_src_{name}"


def feed_key(i: int, name: str) -> str:
    """Session key of a field (:data:`FEED_SOURCE_FIELDS`) of the ``i``-th further feed source."""
    return f"cur_feed_{i}_{name}"


def _fill_event(state: State, cells: dict[str, str]) -> None:
    form = event_fields()
    why = not_accepted(cells, form)
    for name, value in to_widgets(cells, form).items():
        state[ev_key(name)] = value
        state[why_key(ev_key(name))] = why.get(name, [])


def _fill_source(state: State, cells: dict[str, str]) -> None:
    defaults = {"kind": "news", "language": "en"}
    for name, value in to_widgets({**defaults, **cells}, source_fields()).items():
        state[src_key(name)] = value


def _reset_form(state: State) -> None:
    _fill_event(state, {"date_precision": "day"})
    _fill_source(state, {})
    state[EXISTING] = []
    state[NEW_SOURCE] = True
    state[REASON] = ""
    state[SITE] = None
    state[NOTE] = ""
    state[FEED_SOURCES] = []
    state[REVIEW_CANDIDATE] = None


def open_form(state: State | None = None) -> None:
    """First visit, or a promoted import waiting: set the form's values and take the file snapshot."""
    state = session_state(state)
    if ev_key("date") not in state:
        _reset_form(state)
    prefill = state.pop(PREFILL, None)
    extra = state.pop(PREFILL_EXTRA, None) or {}
    if prefill is not None:
        _reset_form(state)
        event, source, note = prefill
        _fill_event(state, {"date_precision": "day", **event})
        _fill_source(state, source)
        state[MODE] = "add"
        state[NOTE] = note
        state[RESULT] = None
        state[FEED_SOURCES] = list(extra.get("sources") or [])
        state[REVIEW_CANDIDATE] = extra.get("candidate")
        for i in range(len(state[FEED_SOURCES])):
            state[feed_key(i, "title")], state[feed_key(i, "published")] = "", ""
            state[feed_key(i, "language")] = "en"
            state[feed_key(i, "tier")] = None  # no default: the analyst chooses
    if SNAPSHOT not in state:
        state[SNAPSHOT] = take_snapshot(settings.data_dir())


def promote(row: dict[str, object], state: State | None = None) -> None:
    """Queue an imported row as a draft for the Curate form (the page switch is the caller's)."""
    session_state(state)[PREFILL] = prefill_from_imported(row)


def promote_candidate(candidate: dict[str, object], state: State | None = None) -> None:
    """Queue a feed candidate as a Curate draft citing every source URL (the page switch is the caller's)."""
    from analysis.curation.review import draft

    state = session_state(state)
    event, sources, note = draft(candidate)
    state[PREFILL] = (event, sources[0] if sources else {}, note)
    state[PREFILL_EXTRA] = {"sources": sources[1:], "candidate": dict(candidate)}


def on_unlock(state: State | None = None) -> None:
    """Check the typed secret; keep only a token derived from it."""
    state = session_state(state)
    token, why = try_unlock(state.get(SECRET_INPUT), state)
    state[SECRET_INPUT] = ""
    if token:
        state[TOKEN] = token
        state[RESULT] = None
    else:
        state.pop(TOKEN, None)
        state[RESULT] = {"ok": False, "message": why, "errors": None, "changes": None}


def on_lock(state: State | None = None) -> None:
    """Forget the token: the page is read-only again."""
    session_state(state).pop(TOKEN, None)


def on_pick_event(state: State | None = None) -> None:
    """Load the chosen event's cells into the form and snapshot the files."""
    state = session_state(state)
    event_id = state.get(EDIT_ID)
    state[SNAPSHOT] = take_snapshot(settings.data_dir())
    row = next((r for r in event_rows(settings.data_dir()) if r.get("event_id") == event_id), None)
    if row is not None:
        _fill_event(state, row)
        state[REASON] = row.get("status_reason", "")
    state[EXISTING], state[NEW_SOURCE], state[RESULT] = [], False, None
    _fill_source(state, {})


def on_event_code(state: State | None = None) -> None:
    """A code was typed: fill an empty category with the code's default from the event vocabulary table."""
    state = session_state(state)
    if state.get(ev_key("category")):
        return
    category = category_for(str(state.get(ev_key("event_code")) or "").strip())
    if category is not None:
        state[ev_key("category")] = category


def on_pick_site(sites: pd.DataFrame, state: State | None = None) -> None:
    """Copy the picked site's name and coordinates into location, lat and lon."""
    state = session_state(state)
    site_id = state.get(SITE)
    match = sites[sites["site_id"] == site_id]
    if match.empty:
        return
    site = match.iloc[0]
    state[ev_key("location")] = str(site["name"])
    state[ev_key("lat")] = f"{site['lat']:g}"
    state[ev_key("lon")] = f"{site['lon']:g}"


def on_reload(state: State | None = None) -> None:
    """After a conflict: take a fresh snapshot and keep the form's input."""
    state = session_state(state)
    state[SNAPSHOT] = take_snapshot(settings.data_dir())
    state[RESULT] = {"ok": True, "message": "Reloaded the files; your input is kept. Check it, then save again.",
                     "errors": None, "changes": None}


def _form_values(state: State) -> tuple[dict[str, str], list[dict[str, str]], list[str]]:
    event = to_cells({f.name: state.get(ev_key(f.name)) for f in event_fields()}, event_fields())
    new = []
    if state.get(NEW_SOURCE):
        source = to_cells({f.name: state.get(src_key(f.name)) for f in source_fields()}, source_fields())
        new.append(source)
    for i, source in enumerate(state.get(FEED_SOURCES) or []):
        new.append({**source, **{name: str(state.get(feed_key(i, name)) or "").strip()
                                 for name in FEED_SOURCE_FIELDS}})
    return event, new, list(state.get(EXISTING) or [])


def _record(state: State, result, changes: pd.DataFrame | None = None) -> None:
    state[RESULT] = {"ok": result.ok, "message": result.message, "conflict": result.conflict,
                     "errors": None if result.errors.empty else result.errors.astype(str),
                     "changes": changes, "event_ids": list(result.event_ids)}


def _after(state: State, result) -> None:
    folder = settings.data_dir()
    changes = changes_since(state[SNAPSHOT], folder) if result.conflict else None
    _record(state, result, changes)
    if result.ok:
        state[SNAPSHOT] = take_snapshot(folder)


def saved_text(title: str, result, edited: bool) -> str:
    """What a save wrote, in words: the event's title and id, and any new sources."""
    ids = ", ".join(result.event_ids)
    what = f"Saved the changes to “{title}” ({ids})" if edited else f"Saved “{title}” as {ids}"
    new = list(getattr(result, "new_source_ids", ()) or ())
    if new:
        what += f", with {len(new)} new source{'s' * (len(new) != 1)} ({', '.join(new)})"
    return what + "."


@editor_only
def on_save(state: State | None = None) -> None:
    """Add or update the event in the form (editors only); refuse and keep the input otherwise."""
    state = session_state(state)
    event, new, existing = _form_values(state)
    problem = next((p for source in new if (p := new_source_problem(source))), None)
    if problem:  # nothing written; the input stays on the form
        _record(state, SaveResult(False, f"{problem}; nothing was saved"))
        return
    snapshot = state.get(SNAPSHOT)
    expected = getattr(snapshot, "hash", "")  # no snapshot = the form was never opened: refuse as a conflict
    who = editor_name(state)
    folder = settings.data_dir()
    if state.get(MODE) == "edit":
        event_id = state.get(EDIT_ID)
        values = {**event, "source_ids": ";".join(dict.fromkeys([*_split(event_id, folder), *existing]))}
        result = update_event(folder, str(event_id), values, new, expected_hash=expected, who=who)
    else:
        result = add_events(folder, [{**event, "source_ids": ";".join(existing)}], new, expected_hash=expected,
                            who=who)
    _after(state, result)
    if result.ok:
        state[RESULT]["message"] = saved_text(event.get("title", ""), result, state.get(MODE) == "edit")
        state[RESULT]["saved"] = True
        state["timeline-record"] = result.event_ids[0] if result.event_ids else None  # the Timeline shows it
    if result.ok and state.get(MODE) != "edit":
        candidate = state.get(REVIEW_CANDIDATE)
        if candidate:  # accepted from the Review inbox: remember it, naming the new event
            from analysis.curation.review import record_decision

            record_decision(folder, candidate, "accepted", who=who, event_id=result.event_ids[0])
        _reset_form(state)


def _split(event_id: object, folder) -> list[str]:
    row = next((r for r in event_rows(folder) if r.get("event_id") == event_id), {})
    return [s for s in (row.get("source_ids") or "").split(";") if s]


@editor_only
def on_retire(state: State | None = None) -> None:
    """Retire the chosen event with the given reason (editors only)."""
    state = session_state(state)
    snapshot = state.get(SNAPSHOT)
    result = retire_event(settings.data_dir(), str(state.get(EDIT_ID)), str(state.get(REASON) or ""),
                          expected_hash=getattr(snapshot, "hash", ""), who=editor_name(state))
    _after(state, result)


@editor_only
def on_restore(state: State | None = None) -> None:
    """Make a retired event active again (editors only)."""
    state = session_state(state)
    snapshot = state.get(SNAPSHOT)
    result = update_event(settings.data_dir(), str(state.get(EDIT_ID)), {"status": "", "status_reason": ""},
                          expected_hash=getattr(snapshot, "hash", ""), who=editor_name(state))
    _after(state, result)


def on_pick_act(acts: pd.DataFrame, state: State | None = None) -> None:
    """The Goldstein field follows the chosen code (its published score); an empty category takes its default.

    The default is the code's category in the event vocabulary (``data/reference/cameo_categories.csv``).
    """
    state = session_state(state)
    score = score_of(state.get(ev_key("event_code")), acts)
    state[ev_key("goldstein")] = "" if score is None else f"{score:g}"
    state[ev_key("goldstein_override_reason")] = ""
    on_event_code(state)


def own_change(result, state: State | None = None) -> None:
    """After this session wrote elsewhere (Ingest): keep the form's snapshot current if nothing else changed."""
    state = session_state(state)
    snapshot, entry = state.get(SNAPSHOT), getattr(result, "entry", None)
    if result.ok and entry and getattr(snapshot, "hash", None) == entry.get("hash_before"):
        state[SNAPSHOT] = take_snapshot(settings.data_dir())


@editor_only
def on_undo(state: State | None = None, target: str | None = None) -> None:
    """Undo the newest change not yet undone, if it is still ``target`` (the one shown; editors only)."""
    state = session_state(state)
    # No whole-file check: undo_last refuses by itself if a row it reverts changed since, and a change
    # elsewhere (an Ingest accept, another editor's row) is no reason to refuse it.
    result = undo_last(settings.data_dir(), expected_hash=None, who=editor_name(state), target=target)
    _after(state, result)
    if result.ok and state.get(MODE) == "edit" and state.get(EDIT_ID):
        on_pick_event(state)
        _record(state, result)


def last_change_id() -> str | None:
    """Change-log id of the change an undo would revert (None if there is none)."""
    entry = last_undoable(read_log(settings.data_dir()))
    return str(entry["id"]) if entry else None


def last_change_text() -> str | None:
    """The change an undo would revert, as one line (None if there is none)."""
    entry = last_undoable(read_log(settings.data_dir()))
    return summary_line(entry) if entry else None


def change_log_table(n: int = 20) -> pd.DataFrame:
    """The newest ``n`` change-log lines (when, action, who, rows)."""
    entries = read_log(settings.data_dir())[-n:][::-1]
    return pd.DataFrame([{"when": e.get("at", ""), "action": e.get("action", ""), "who": e.get("who", ""),
                          "rows": ", ".join(f"{r['file']} {r['id']}" for r in e.get("rows", []))}
                         for e in entries], columns=["when", "action", "who", "rows"])


def change_log_problems() -> pd.DataFrame:
    """The bad lines of data/changes.jsonl (file, row, column, value, rule); empty when none."""
    return log_problems(settings.data_dir())


def change_log_notice() -> None:
    """A warning when data/changes.jsonl has lines that are not valid entries (listed on Data check)."""
    bad = log_problems(settings.data_dir())
    if not bad.empty:
        st.warning(f"{len(bad)} line(s) of data/changes.jsonl are not valid change entries and are left out "
                   "(undo ignores them); the Data check page lists them.", icon="⚠️")


def read_only() -> bool:
    """True on a read-only replica (``NANSEI_READ_ONLY``): no unlock form, no write control."""
    return settings.read_only()


def event_choices() -> dict[str, str]:
    """Every event in the file (retired ones marked), newest first: id -> label."""
    rows = sorted(event_rows(settings.data_dir()), key=lambda r: (r.get("date", ""), r.get("event_id", "")),
                  reverse=True)
    return {r["event_id"]: f"{r.get('date', '')} {r.get('title', '')}"
            + (" (retired)" if r.get("status") == RETIRED else "") for r in rows}


def is_retired(event_id: object) -> bool:
    """True if the event is marked retired in the file."""
    row = next((r for r in event_rows(settings.data_dir()) if r.get("event_id") == event_id), None)
    return bool(row and row.get("status") == RETIRED)


def today() -> dt.date:
    """Today's date (the latest a curated date may be): this script run's day."""
    return run_today()


CURATE_PAGE = "pages/9_Curate.py"
IMPORT_ORIGINS = ("acled", "gdelt")


def promote_button(row: dict[str, object], key: str) -> None:
    """For editors: a button that opens the Curate form prefilled from one imported row."""
    if str(row.get("origin") or "").lower() not in IMPORT_ORIGINS:
        return
    if not is_editor():  # say why ticking a row does nothing here
        st.info("Editors can draft a curated event from this imported row: unlock editing on the Curate page "
                "with the editor secret, then pick the row again.", icon=":material/lock:")
        return
    if st.button("Open in the Curate form", key=key, help="Draft a curated event from this imported row; "
                 "you check it, write the title and summary, and save."):
        promote(row)
        # Carry the shared view only: a bare switch_page clears every query parameter, which Streamlit
        # refuses while a page widget (the Map's bound "map_view") owns one.
        view = {key: st.query_params.get_all(key) for key in VIEW_KEYS if key in st.query_params}
        st.switch_page(CURATE_PAGE, query_params=view)
