"""The order in which `make test`'s two workers take test files: the long browser files first.

pytest-xdist's ``--dist loadfile`` hands out whole files, largest test count first. The browser files have
few tests but take seconds each, so they came last, and the run ended with one worker still in a browser
file while the other had nothing left: 21 s apart in a timed run (issue 22). Taking them first leaves the
many short unit files for the end, where they fill both workers until the queue is empty.
"""

from __future__ import annotations

from xdist.scheduler import LoadFileScheduling

BROWSER_FILES = "tests/browser/"


class BrowserFilesFirst(LoadFileScheduling):
    """``--dist loadfile`` with the browser test files moved to the front of the queue (their order kept)."""

    _ordered = False

    def _assign_work_unit(self, node) -> None:
        if not self._ordered:  # the queue is built in schedule(), just before the first assignment
            for scope in [s for s in self.workqueue if not s.startswith(BROWSER_FILES)]:
                self.workqueue.move_to_end(scope)
            self._ordered = True
        super()._assign_work_unit(node)
