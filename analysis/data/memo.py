"""A small, thread-safe memo of the last results of a pure function (least recently used dropped first)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

__all__ = ["BoundedMemo"]

V = TypeVar("V")


class BoundedMemo(Generic[V]):
    """At most ``entries`` results by key; the least recently used goes first.

    The caller keeps the stored value unchanged (hand out copies). Two threads missing the same key
    both compute it; the value is the same, so the later one simply replaces the earlier.
    """

    def __init__(self, entries: int) -> None:
        if entries < 1:
            raise ValueError(f"a memo holds at least one entry, got {entries!r}")
        self.entries = entries
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value stored for ``key``, or ``compute()`` stored under it (computed outside the lock)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        """How many results are stored."""
        return len(self._items)

    def __iter__(self) -> Iterator[Hashable]:
        """The stored keys, least recently used first (a snapshot)."""
        with self._lock:
            return iter(list(self._items))
