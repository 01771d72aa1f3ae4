"""The bounded memo behind the table and map-layer reads."""

from __future__ import annotations

import pytest

from analysis.data.memo import BoundedMemo


def test_a_repeat_is_not_computed_and_the_least_recently_used_goes_first() -> None:
    memo: BoundedMemo[str] = BoundedMemo(2)
    calls: list[str] = []

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    assert memo.get("a", compute("a")) == "A" and memo.get("b", compute("b")) == "B"
    assert memo.get("a", compute("a")) == "A"  # a hit, and "a" is now the most recent
    memo.get("c", compute("c"))  # over the bound: "b", the least recently used, goes
    assert calls == ["a", "b", "c"] and list(memo) == ["a", "c"] and len(memo) == 2


def test_a_memo_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="got 0"):
        BoundedMemo(0)
