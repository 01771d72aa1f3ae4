"""What a named chart is, how it looks, and where every chart is registered.

- :mod:`~analysis.charts.spec`: ``ChartSpec`` and ``ChartResult`` (figure, cited sources, caption).
- :mod:`~analysis.charts.style`: colours, labels and the house layout.
- :mod:`~analysis.charts.registry`: every feature module's charts by name, for the Briefing page and the CLI.
"""

__all__ = ["registry", "spec", "style"]
