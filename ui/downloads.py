"""Download buttons under charts and tables (Streamlit glue over :mod:`analysis.export`)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.core import PageContext


def chart_downloads(fig: go.Figure, name: str, ctx: PageContext, key: str | None = None) -> None:
    """Download buttons for a chart (interactive HTML, self-contained, no network)."""
    from analysis.export import figure_to_html

    st.download_button(
        "Download chart (HTML)",
        data=figure_to_html(fig),
        file_name=f"{name}.html",
        mime="text/html",
        key=f"dl-{key or name}-html",
        on_click="ignore",
    )


def table_downloads(table: pd.DataFrame, name: str, key: str | None = None) -> None:
    """Download button for a table as CSV."""
    from analysis.export import table_to_csv

    st.download_button(
        "Download table (CSV)",
        data=table_to_csv(table),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl-{key or name}-csv",
        on_click="ignore",
    )
