"""The Curate form's fields, derived from the data contract (no hand list of columns).

Each events.csv / sources.csv column becomes one :class:`FormField`; its widget
follows from the column's declared type and rule, so a column added to
:mod:`analysis.data.schemas` appears on the form without a second edit. The form
only collects text; the loader's rules decide what is valid when the row is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.curation.csvfile import cell_text
from analysis.data.countries import actor_code_problem, parse_actors
from analysis.data.ids import split_ids
from analysis.data.schemas import (
    EVENTS,
    ID_LIST_PATTERN,
    SOURCE_TIER_HELP,
    SOURCE_TIERS,
    SOURCES,
    Col,
    TableSpec,
)

# Columns with their own controls on the page (ids, the sources picker, the retire action).
EVENT_OWN_CONTROLS = ("event_id", "source_ids", "status", "status_reason")
SOURCE_OWN_CONTROLS = ("source_id",)
LONG_TEXT = ("summary", "notes", "definition")
# Optional in the contract (rows written before the column existed) but chosen for every new source:
# no default, so the analyst decides (tests/unit/data/test_source_tiers.py wants one on every source).
NEW_SOURCE_REQUIRED = ("tier",)
# Widget kinds the page knows how to draw.
WIDGETS = ("text", "long_text", "choice", "countries", "country", "event_links", "date", "number")


@dataclass(frozen=True)
class FormField:
    """One form input: the column it fills, how to draw it, and what the contract says about it."""

    name: str
    label: str
    widget: str
    required: bool
    options: tuple[str, ...] = ()
    help: str = ""


def _widget(col: Col) -> str:
    if col.kind == "date":
        return "date"
    if col.kind in ("float", "int"):
        return "number"
    if col.isin is not None:
        return "choice"
    if col.actor_codes:
        return "countries" if col.actor_codes == "list" else "country"
    if col.pattern == ID_LIST_PATTERN and col.name == "responds_to":
        return "event_links"
    return "long_text" if col.name in LONG_TEXT else "text"


def _help(col: Col) -> str:
    parts = [col.description] if col.description else []
    if col.min_value is not None or col.max_value is not None:
        parts.append(f"{col.min_value if col.min_value is not None else ''} … "
                     f"{col.max_value if col.max_value is not None else ''}".strip())
    return "; ".join(p for p in parts if p)


def fields(spec: TableSpec, skip: tuple[str, ...]) -> list[FormField]:
    """One field per column of ``spec`` except ``skip``, in the contract's order."""
    out = []
    for col in spec.columns:
        if col.name in skip:
            continue
        label = col.name.replace("_", " ").capitalize() + (" *" if col.required else "")
        out.append(FormField(col.name, label, _widget(col), col.required, tuple(col.isin or ()), _help(col)))
    return out


def event_fields() -> list[FormField]:
    """The event part of the form."""
    return fields(EVENTS, EVENT_OWN_CONTROLS)


def tier_help() -> str:
    """The tiers in plain words, strongest first (from the contract's :data:`SOURCE_TIER_HELP`)."""
    return "; ".join(f"{tier}: {SOURCE_TIER_HELP[tier]}" for tier in SOURCE_TIERS)


def source_fields() -> list[FormField]:
    """The new-source part of the form (the tier is required here, see :data:`NEW_SOURCE_REQUIRED`)."""
    out = []
    for f in fields(SOURCES, SOURCE_OWN_CONTROLS):
        if f.name in NEW_SOURCE_REQUIRED and not f.required:
            help_text = "How much weight the source carries. " + (tier_help() if f.name == "tier" else f.help)
            f = FormField(f.name, f.label + " *", f.widget, True, f.options, help_text)
        out.append(f)
    return out


def new_source_problem(source: Mapping[str, object]) -> str | None:
    """Why a new source cannot be added yet (a :data:`NEW_SOURCE_REQUIRED` cell left empty), or ``None``.

    Whether a given value is allowed is the contract's check, at save.
    """
    for name in NEW_SOURCE_REQUIRED:
        value = source.get(name)
        if value is None or not str(value).strip():
            return (f"a new source needs its {name}, one of {', '.join(SOURCE_TIERS)} "
                    f"({tier_help()}); got {'' if value is None else str(value)!r}")
    return None


# Rows of the event form: related fields side by side, in reading (and tab) order; on a phone each row
# stacks in this order. A contract column not named here gets a row of its own at the end.
EVENT_LAYOUT: tuple[tuple[str, ...], ...] = (
    ("title",), ("summary",), ("date", "date_precision", "end_date"), ("category", "event_code", "goldstein"),
    ("goldstein_override_reason",), ("actors", "initiator", "target"), ("location", "lat", "lon", "region"),
    ("responds_to", "confidence"),
)


def layout(form: list[FormField], rows: tuple[tuple[str, ...], ...] = EVENT_LAYOUT) -> list[list[FormField]]:
    """The form's fields grouped in rows (``rows`` first, then every other field on its own row)."""
    by_name = {f.name: f for f in form}
    out = [[by_name[n] for n in row if n in by_name] for row in rows]
    placed = {n for row in rows for n in row}
    out += [[f] for f in form if f.name not in placed]
    return [row for row in out if row]


def to_cells(values: Mapping[str, object], form: list[FormField]) -> dict[str, str]:
    """Widget values -> CSV cells (lists ``;``-joined, dates ISO, numbers as typed)."""
    return {f.name: cell_text(values.get(f.name)) for f in form}


def to_widgets(cells: Mapping[str, str], form: list[FormField]) -> dict[str, object]:
    """CSV cells -> widget values (lists split, dates parsed; unparseable dates stay empty)."""
    out: dict[str, object] = {}
    for f in form:
        text = cells.get(f.name, "") or ""
        if f.widget == "countries":
            out[f.name] = parse_actors(text)[0]  # the rest is shown by not_accepted, never dropped silently
        elif f.widget == "country":
            out[f.name] = text if text and actor_code_problem(text) is None else None
        elif f.widget == "event_links":
            out[f.name] = split_ids(text)
        elif f.widget == "date":
            try:
                out[f.name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                out[f.name] = None
        elif f.widget in ("choice", "country"):
            out[f.name] = text or None
        else:
            out[f.name] = text
    return out


def not_accepted(cells: Mapping[str, str], form: list[FormField]) -> dict[str, list[str]]:
    """Actor codes in ``cells`` the form cannot hold, per field: one sentence each, naming code and reason.

    The same rule as the data contract (:func:`analysis.data.countries.parse_actors`); the page shows
    these next to the field, so editing a row never drops a code without saying so.
    """
    out: dict[str, list[str]] = {}
    for f in form:
        text = cells.get(f.name, "") or ""
        if f.widget == "countries":
            rejected = parse_actors(text)[1]
        elif f.widget == "country" and text:
            reason = actor_code_problem(text)
            rejected = [(text, reason)] if reason else []
        else:
            continue
        if rejected:
            out[f.name] = [rejection(code, reason) for code, reason in rejected]
    return out


def rejection(code: str, reason: str) -> str:
    """The sentence shown for an actor code the form does not accept."""
    return (f"{code!r} is not accepted ({reason}); it is left out of this form and of the saved row "
            "unless you choose the right country.")
