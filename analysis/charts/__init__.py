"""What a named chart is and how it looks (the catalogue of every chart is :mod:`analysis.catalog`).

- :mod:`~analysis.charts.spec`: ``ChartSpec`` and ``ChartResult`` (figure, cited sources, caption).
- :mod:`~analysis.charts.style`: colours, labels and the house layout.
- :mod:`~analysis.charts.colourcheck`: colour-vision and contrast checks of the palettes.
- :mod:`~analysis.charts.text`: the one font (DejaVu Sans files) and text wrapped with its metrics.
"""

__all__ = ["colourcheck", "spec", "style", "text"]
