"""Event queries written once as Ibis expressions, run on DuckDB over the Parquet store by default.

- :mod:`~analysis.query.events`: the expressions (filter, counts by period, map grid, keyset pages).
- :mod:`~analysis.query.engine`: the backend from ``NANSEI_ENGINE`` and the ``events`` table it reads.
- :mod:`~analysis.query.candidates`: candidate events from the store (grouped here, folded by imports.candidates).
"""

__all__ = ["candidates", "engine", "events"]
