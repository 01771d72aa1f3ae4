"""The column tables of ``data/README.md``, written from the contract in :mod:`analysis.data.schemas`.

``python scripts/readme_tables.py`` prints them; a test checks that the README carries them unchanged,
so the documentation cannot drift from the checks.
"""

from __future__ import annotations

from analysis.data.schemas import TableSpec


def _rule(col) -> str:
    parts = []
    if col.unique:
        parts.append("unique")
    if col.isin is not None:
        parts.append("one of " + ", ".join(f"`{v}`" for v in col.isin))
    if col.pattern is not None:
        parts.append(f"matches `{col.pattern}`")
    if col.actor_codes:
        many = col.actor_codes == "list"
        parts.append(("ISO3 codes" if many else "an ISO3 code") + " listed in `analysis/data/countries.py`"
                     + (", no repeats" if many else ""))
    if col.kind == "date":
        parts.append("YYYY-MM-DD, 1990-01-01..today")
    if col.min_value is not None:
        parts.append(f">= {col.min_value:g}")
    if col.max_value is not None:
        parts.append(f"<= {col.max_value:g}")
    if col.description:
        parts.append(col.description)
    return "; ".join(parts).replace("|", "\\|")  # a bare | would end the Markdown cell


def markdown(spec: TableSpec) -> str:
    """The README section of one table: heading, unique keys and one row per column."""
    lines = [f"### `{spec.filename}` — {spec.description}", ""]
    if spec.unique_together:
        lines += ["Unique together: " + ", ".join(spec.unique_together) + ".", ""]
    lines += ["| column | type | required | rule |", "|---|---|---|---|"]
    for col in spec.columns:
        lines.append(f"| `{col.name}` | {col.kind} | {'yes' if col.required else 'no'} | {_rule(col)} |")
    return "\n".join(lines)
