"""How wide the page's main column is, measured in the browser (charts that lay out text in pixels need it).

Streamlit tells the server nothing about the window. A tiny inline component (no files, no network)
measures the main block's width and reports it, rounded down to 50 px, when it is narrower than
``timeline.NARROW_MAIN_PX`` (or was): a desktop window never reruns for it; a phone reruns once after its
first page load, and again only when its width changes by a bucket.
"""

from __future__ import annotations

import streamlit as st

from analysis.features.timeline import NARROW_MAIN_PX

KEY = "nansei-main-width"
STEP_PX = 50
_JS = """
export default function(component) {
  const { setStateValue } = component;
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main) return;
  let sent = null;
  const report = () => {
    const bucket = Math.floor(main.clientWidth / %(step)d) * %(step)d;
    if (bucket <= 0 || bucket === sent || (sent === null && bucket >= %(wide)d)) return;
    sent = bucket;
    setStateValue('width', bucket);
  };
  const observer = new ResizeObserver(report);
  observer.observe(main);
  report();
  return () => observer.disconnect();
}
""" % {"step": STEP_PX, "wide": NARROW_MAIN_PX}  # noqa: UP031 (the braces of the JavaScript stay as they are)
_PROBE = st.components.v2.component("nansei_main_width", js=_JS)


def main_width() -> int | None:
    """Width in px of the page's main column (rounded down to 50 px), or ``None`` until the browser says."""
    result = _PROBE(key=KEY, default={"width": None}, height=0, on_width_change=lambda: None)
    width = getattr(result, "width", None)
    return int(width) if isinstance(width, (int, float)) and width > 0 else None
