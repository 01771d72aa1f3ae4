"""Budgets of ingestion: what a report may be (bytes, pages, characters) and how long extraction may run.

Every cap is a setting (:mod:`analysis.settings`, docs/security.md):

- :func:`read_report_file` reads a *regular* file only (no device, FIFO or socket; a symlink only when
  asked), at most ``NANSEI_INGEST_MAX_MB``;
- :func:`check_text` refuses text over ``NANSEI_INGEST_MAX_CHARS`` characters (PDF pages are capped
  in :func:`analysis.ingest.record.pdf_to_text` by ``NANSEI_INGEST_MAX_PAGES``);
- :func:`extract_with_budget` runs extraction in a worker *process* (never the server's thread) for
  at most ``NANSEI_INGEST_TIMEOUT_S`` seconds and keeps at most ``NANSEI_INGEST_MAX_CANDIDATES``
  candidates, saying when it stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import stat
import sys
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import settings

__all__ = ["Extraction", "check_text", "extract_with_budget", "read_report_file"]


def read_report_file(path: Path | str, allow_symlink: bool = False) -> bytes:
    """The bytes of a report file: a regular file within the size cap.

    Raises
    ------
    ValueError
        For a symlink (unless ``allow_symlink``), a device, FIFO, socket or folder, a file over
        ``NANSEI_INGEST_MAX_MB``, or one that cannot be read; the message names the path.
    """
    path = Path(path)
    limit = settings.ingest_max_bytes()
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if allow_symlink else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO never waits for a writer
    except OSError as exc:
        if not allow_symlink and path.is_symlink():
            raise ValueError(f"{path}: a symbolic link; pass --allow-symlink to read what it points to") from None
        raise ValueError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path}: not a regular file (devices, pipes, sockets and folders are never read)")
        if info.st_size > limit:
            raise ValueError(f"{path}: {info.st_size / 2**20:.1f} MB is over the ingest limit of "
                             f"{limit / 2**20:g} MB (NANSEI_INGEST_MAX_MB)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path}: over the ingest limit of {limit / 2**20:g} MB (NANSEI_INGEST_MAX_MB)")
    return data


def check_text(text: str, name: str) -> str:
    """``text`` if it is within ``NANSEI_INGEST_MAX_CHARS``; ValueError naming the file otherwise."""
    limit = settings.ingest_max_chars()
    if len(text) > limit:
        raise ValueError(f"{name}: {len(text):,} characters of text is over the ingest limit of {limit:,} "
                         "(NANSEI_INGEST_MAX_CHARS); split the report")
    return text


@dataclass(frozen=True)
class Extraction:
    """Candidates found, and why extraction stopped early ("" when it finished)."""

    candidates: pd.DataFrame
    stopped: str = ""


def _run(args: tuple) -> pd.DataFrame:
    from analysis.ingest.extract import extract

    text, published, gaz, published_tz = args
    return extract(text, published, gaz, published_tz=published_tz)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Where extraction workers come from: a fork server that has imported the extractor once.

    A ``spawn`` worker imported pandas and the extractor again for every report (about 0.5 s of CPU
    each); a fork of the fork server starts with them loaded. The fork server is a process of its
    own, started on first use with only the extractor's modules, and it ends with its parent.
    Workers are started under :func:`_bare_main`.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["analysis.ingest.extract"])
    return context


# multiprocessing prepares every worker by running the parent's ``__main__`` file again (as ``__mp_main__``).
# While Streamlit runs a page, ``__main__`` *is* that page's script: each report's worker ran the whole
# Ingest page again, in bare mode, before extracting anything (issue 22: found with py-spy in the test
# suite, where it took about 5 % of the unit and AppTest CPU). Workers start while ``__main__`` is a bare
# module with no file; the lock keeps two starts from swapping it at once.
_BARE_MAIN = types.ModuleType("__main__")
_MAIN_SWAP = threading.Lock()


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """Within the block, ``sys.modules["__main__"]`` is a module without a file (restored afterwards)."""
    with _MAIN_SWAP:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = _BARE_MAIN
        try:
            yield
        finally:
            if main is None:  # there was none: leave none, not the bare stand-in
                sys.modules.pop("__main__", None)
            else:
                sys.modules["__main__"] = main


def extract_with_budget(text: str, published: dt.date, gaz, published_tz: str | None = None,
                        timeout_s: float | None = None) -> Extraction:
    """Extract candidates in a worker process within the time and count budgets.

    The worker is a fresh process forked from a single-threaded fork server (no copy of the server's
    threads or memory); after ``timeout_s`` (``NANSEI_INGEST_TIMEOUT_S``) it is terminated and no
    candidate is returned.
    """
    timeout_s = settings.ingest_timeout_s() if timeout_s is None else timeout_s
    cap = settings.ingest_max_candidates()
    with _bare_main():
        pool = _worker_context().Pool(1)  # its one worker starts here
    with pool:
        pending = pool.apply_async(_run, ((text, published, gaz, published_tz),))
        try:
            candidates = pending.get(timeout=timeout_s)
        except multiprocessing.TimeoutError:
            pool.terminate()
            return Extraction(pd.DataFrame(), f"extraction stopped after {timeout_s:g} s (NANSEI_INGEST_TIMEOUT_S): "
                                              "nothing was extracted; split the report or paste a part of it")
    if len(candidates) > cap:
        return Extraction(candidates.head(cap), f"only the first {cap:,} of {len(candidates):,} candidates are kept "
                                                "(NANSEI_INGEST_MAX_CANDIDATES)")
    return Extraction(candidates)
