"""The data contract and everything that reads curated data.

- :mod:`~analysis.data.schemas`: declared tables (``TableSpec``) and the pandera schemas built from them.
- :mod:`~analysis.data.loader`: ``load_dataset`` checks the contract and returns a ``Dataset`` and its problems.
- :mod:`~analysis.data.provenance`: which sources a row or chart cites, in short citation form.
- :mod:`~analysis.data.countries`: country codes and names.
- :mod:`~analysis.data.filters`: ``EventFilter`` and ``filter_events``, the global filters.
"""

__all__ = ["countries", "filters", "loader", "provenance", "schemas"]
