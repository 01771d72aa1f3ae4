"""Data check page: every problem in the curated files and map layers, how to fix it, Goldstein overrides."""

import streamlit as st

import ui
from analysis.data.cameo import dataset_overrides

HOW_TO_FIX = """
**How to fix a problem.** Open the file named in *file* in a text editor or spreadsheet, go to line *row*
(line 1 is the header), and change the cell in *column* so it follows the *rule*; *value* is the cell as
written now. Save the file: the dashboard reads it again on the next page load. The app never changes
your files.

- **A column is missing** (row 1): add its name to the header line. `data/README.md` lists every
  table's columns, their types and rules. A missing id, key, date or number column empties the table;
  any other missing column leaves its cells empty and keeps the rows.
- **Duplicate**: the first row with that key is kept; change or delete the later one(s).
- **Link points at a rejected row**: the row itself is kept; fix the line the rule names.
- **… not found in …**: the id is nowhere in the other file: correct it, or add the missing row there.
- **Map layers** (`*.geojson`): rebuild them with `make geodata`, or restore the files from the repository.
- The same check runs without a browser: `python -m analysis.cli check`.
"""

ctx = ui.setup_page("Data check", "🩺", banner=False)
st.title("Data check")
errors = ui.data_problems(ctx.data)
if errors.empty:
    st.success("All curated tables and map layers passed validation: unique ids, required fields, "
               "accepted values, ranges and relationships.")
else:
    st.error(f"{len(errors)} problem(s). Rows with problems of their own are left out of the charts; "
             "rows whose links point at a rejected row are kept. Files are unchanged.")
    st.dataframe(errors.astype(str), hide_index=True, width="stretch", key="errors-table")
    ui.table_downloads(errors, "data-problems")
    st.markdown(HOW_TO_FIX)

st.subheader("Change log")
log_problems = ui.curate.change_log_problems()
if log_problems.empty:
    st.caption("Every line of data/changes.jsonl is a valid change entry.")
else:
    st.warning(f"{len(log_problems)} line(s) of data/changes.jsonl are not valid change entries: they are left "
               "out of the Curate page's log and of undo. Fix or remove them by hand (the file is append-only "
               "text, one JSON object per line).", icon="⚠️")
    st.dataframe(log_problems.astype(str), hide_index=True, width="stretch", key="changelog-problems")

st.subheader("Goldstein overrides")
overrides = dataset_overrides(ctx.data.tables)
if overrides.empty:
    st.info("No event overrides the Goldstein table: every score is the published value of its CAMEO code.")
else:
    st.caption(f"{len(overrides)} event(s) carry a score other than the Goldstein table value of their CAMEO "
               "code; the curators' reason is in the last column (data/README.md, Event codes and Goldstein scores).")
    shown = overrides.assign(date=overrides["date"].dt.date.astype(str))
    st.dataframe(shown, hide_index=True, width="stretch", key="overrides-table")

st.subheader("Rows loaded")
st.dataframe(
    {
        "table": list(ctx.data.tables),
        "rows kept": [len(t) for t in ctx.data.tables.values()],
        "rows in file": [ctx.data.rows_read.get(name, 0) for name in ctx.data.tables],
    },
    hide_index=True,
)
