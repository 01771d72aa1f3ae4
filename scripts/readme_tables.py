"""Print the column tables of data/README.md from the data contract (analysis/data/schemas.py).

Run: ``.venv/bin/python scripts/readme_tables.py`` and paste the output over the tables in data/README.md;
``tests/unit/data/test_data_integrity.py`` fails while the README differs from the contract.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.data.contract_doc import markdown
from analysis.data.schemas import TABLES

if __name__ == "__main__":
    print("\n\n".join(markdown(spec) for spec in TABLES.values()))
