"""One module per page family: the figures and tables each page shows, as named charts.

- :mod:`~analysis.features.overview`: counts, latest events and the events table.
- :mod:`~analysis.features.geo`, :mod:`~analysis.features.mapfig`: map layers (EPSG:4326) and the offline map;
  :mod:`~analysis.features.maplabels`: its text measured in pixels, inside the frame and apart at every width.
- :mod:`~analysis.features.timeline`, :mod:`~analysis.features.tension`: lanes, chains and the tension index.
- :mod:`~analysis.features.budgets`, :mod:`~analysis.features.budget_figures`: budget series and their charts.
"""

__all__ = ["budget_figures", "budgets", "geo", "mapfig", "maplabels", "overview", "tension", "timeline"]
