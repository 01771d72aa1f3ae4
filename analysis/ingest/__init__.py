"""Report ingestion: a report in, candidate events out, offline (no network, no hosted model).

Modules:

- :mod:`~analysis.ingest.record`: read text/Markdown/HTML/PDF, sha256, the record under ``seeds/``;
- :mod:`~analysis.ingest.dates`: date expressions resolved against the publication date, with the rule used;
- :mod:`~analysis.ingest.gazetteer`: the bundled, sourced gazetteer (``data/reference/ingest/``);
- :mod:`~analysis.ingest.categories`: category, CAMEO code and Goldstein score from keyword rules;
- :mod:`~analysis.ingest.extract`: sentences -> candidate table;
- :mod:`~analysis.ingest.queue`: review decisions; accepted candidates go through :mod:`analysis.curation`;
- :mod:`~analysis.ingest.cli`: ``python -m analysis.cli ingest``.

Rules and their limits: ``docs/curation.md`` (section "Ingestion rules and their limits").
"""

__all__ = ["categories", "cli", "dates", "extract", "gazetteer", "queue", "record"]
