"""Where an event sits in time: the ordering rule for day-, month- and year-precision dates.

Rule (documented in ``data/README.md``, checked by the loader):

- ``date`` is the earliest day the event can have happened. For ``day`` precision that is
  the day itself; for ``month`` (``year``) precision it is the first day of the month
  (year) — unless the event responds to an event dated later inside that period, in which
  case it is the date of that latest cause (a reaction cannot precede its cause).
- A cause must be dated no later than the reaction's ``date``.
- Events are listed in chronological order: by ``date``; on the same day a reaction
  comes after the events it responds to; otherwise by ``event_id``.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.ids import split_ids


def period_start(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """First day of the day, month or year that ``date`` stands for."""
    if precision == "month":
        return date.replace(day=1)
    if precision == "year":
        return date.replace(month=1, day=1)
    return date


def period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Last day of the period that ``date`` stands for."""
    if precision == "month":
        return date.replace(day=1) + pd.offsets.MonthEnd(0)
    if precision == "year":
        return date.replace(month=12, day=31)
    return date


def placed_date(date: pd.Timestamp, precision: str, cause_dates: list[pd.Timestamp]) -> pd.Timestamp:
    """The date the ordering rule expects: period start, or the latest cause inside the period."""
    start = period_start(date, precision)
    if precision == "day":
        return start
    inside = [d for d in cause_dates if start <= d <= period_end(date, precision)]
    return max([start, *inside])


def ordering_problems(events: pd.DataFrame) -> list[dict]:
    """Check ``responds_to`` against the ordering rule.

    Returns one dict per problem with keys ``row`` (the events index), ``column``,
    ``value`` and ``rule``.
    """
    found = []
    dates = dict(zip(events["event_id"], events["date"], strict=True))
    for line, row in events.iterrows():
        if pd.isna(row["date"]):
            continue
        causes = []
        for earlier in split_ids(row["responds_to"]):
            if earlier not in dates:
                found.append({"row": line, "column": "responds_to", "value": earlier,
                              "rule": "event_id not found in events.csv"})
            elif pd.isna(dates[earlier]):
                continue
            elif dates[earlier] > period_end(row["date"], row["date_precision"]):
                found.append({"row": line, "column": "responds_to", "value": earlier,
                              "rule": "responds to an event dated after it"})
            else:
                causes.append(dates[earlier])
        precision = row["date_precision"]
        if precision in ("month", "year"):
            expected = placed_date(row["date"], precision, causes)
            if expected != row["date"]:
                found.append({"row": line, "column": "date", "value": row["date"].date().isoformat(),
                              "rule": f"ordering rule for {precision}-precision dates: expected "
                                      f"{expected.date().isoformat()} (the first day of the {precision}, or the "
                                      "date of the latest event it responds to inside it)"})
    return found


def chronological(events: pd.DataFrame) -> pd.DataFrame:
    """Events in chronological order: date, then same-day causes before reactions, then event_id."""
    if events.empty:
        return events.copy()
    dates = dict(zip(events["event_id"], events["date"], strict=True))
    causes = {eid: [c for c in split_ids(cell) if c in dates and dates[c] == dates[eid]]
              for eid, cell in zip(events["event_id"], events["responds_to"], strict=True)}
    depth: dict[str, int] = {}

    def level(eid: str, seen: frozenset[str] = frozenset()) -> int:
        if eid not in depth:
            parents = [c for c in causes.get(eid, []) if c not in seen]
            depth[eid] = 1 + max((level(c, seen | {eid}) for c in parents), default=-1)
        return depth[eid]

    ranked = events.assign(_depth=[level(e) for e in events["event_id"]])
    ranked = ranked.sort_values(["date", "_depth", "event_id"], kind="stable")
    return ranked.drop(columns="_depth")
