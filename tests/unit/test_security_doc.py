"""docs/security.md names every limit setting that analysis/settings.py defines."""

from __future__ import annotations

import re

from analysis import settings
from tests.conftest import REPO


def test_every_limit_setting_is_documented() -> None:
    doc = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    table = settings.__doc__ or ""
    limits = {name for name in re.findall(r"``(NANSEI_[A-Z_]+)``", table)
              if re.search(r"MAX|RATIO|TIMEOUT|READ_ONLY|TRUST_PROXY|EDITOR_SECRET", name)}
    assert limits, "the settings table lists no limit"
    missing = sorted(name for name in limits if name not in doc)
    assert not missing, f"docs/security.md does not name {missing}"
