"""Everything that leaves the app as a file: figures, tables and briefing decks.

- :mod:`~analysis.export.formats`: figure -> PNG/SVG/PDF/HTML (one warm browser), table -> CSV/XLSX.
- :mod:`~analysis.export.briefing`: PPTX/PDF briefing decks.
"""

__all__ = ["briefing", "formats"]
