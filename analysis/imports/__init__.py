"""Outside event feeds (ACLED, GDELT): readers, their vocabularies, the local store and the CLI.

- :mod:`~analysis.imports.readers`: parse a file into accepted rows and row-level problems.
- :mod:`~analysis.imports.vocab`: the feeds' codes mapped to ours (countries, categories).
- :mod:`~analysis.imports.store`: the local Parquet store and its queries.
- :mod:`~analysis.imports.synth`: synthetic feed rows for tests and benchmarks.
- :mod:`~analysis.imports.cli`: the ``import`` subcommand.
"""

__all__ = ["cli", "readers", "store", "synth", "vocab"]
