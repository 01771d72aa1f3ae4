"""Bounded HTTP downloads for ``sync``: size and time budgets, timeouts, retries with back-off.

The standard library's :mod:`urllib.request` is enough here and adds no dependency: it honours the
standard proxy variables (``http_proxy``, ``https_proxy``, ``no_proxy``) through its default
``ProxyHandler``, and every request this module makes is a plain GET or a form POST. What it lacks
(budgets, retries) is the few lines below. Only the ``sync`` command calls this module; the dashboard
never does (the offline promise).
"""

from __future__ import annotations

import hashlib
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis.files import write_atomic

USER_AGENT = "nansei-watch-sync/1 (+https://github.com/; opt-in CLI)"
CHUNK = 1 << 16
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class FetchError(RuntimeError):
    """A download that failed for good (the message names the URL and the reason; never a credential)."""


@dataclass(frozen=True)
class Limits:
    """Budgets of one download: bytes, seconds in all, seconds per socket wait, attempts and back-off."""

    max_bytes: int
    max_seconds: float = 300.0
    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 2.0  # seconds before the 2nd attempt, doubled after each failure


Sleep = Callable[[float], None]


def _open(url: str, limits: Limits, data: bytes | None, headers: dict[str, str] | None):
    request = urllib.request.Request(url, data=data, headers={"User-Agent": USER_AGENT, **(headers or {})})
    return urllib.request.build_opener().open(request, timeout=limits.timeout)


def _stream(url: str, limits: Limits, data: bytes | None, headers: dict[str, str] | None) -> Iterator[bytes]:
    """Yield the body in chunks, enforcing the byte and time budgets (one attempt)."""
    started = time.monotonic()
    with _open(url, limits, data, headers) as response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError(f"{url}: larger than the budget of {limits.max_bytes:,} bytes "
                             f"(server says {int(declared):,})")
        read = 0
        while chunk := response.read(CHUNK):
            read += len(chunk)
            if read > limits.max_bytes:
                raise FetchError(f"{url}: larger than the budget of {limits.max_bytes:,} bytes (read {read:,})")
            if time.monotonic() - started > limits.max_seconds:
                raise FetchError(f"{url}: took longer than the budget of {limits.max_seconds:g} s")
            yield chunk
        if declared and declared.isdigit() and read != int(declared):
            raise ConnectionError(f"connection closed after {read:,} of {int(declared):,} bytes")


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in RETRY_STATUS
    return isinstance(exc, (urllib.error.URLError, OSError, TimeoutError, http.client.HTTPException))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect ({exc.reason})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def with_retries(url: str, limits: Limits, attempt: Callable[[], object], sleep: Sleep = time.sleep):
    """Run ``attempt()`` up to ``limits.attempts`` times, backing off on network errors and 5xx/429.

    Raises
    ------
    FetchError
        With the last reason once the attempts are used up, or at once for a non-retryable answer.
    """
    wait = limits.backoff
    for number in range(1, max(limits.attempts, 1) + 1):
        try:
            return attempt()
        except FetchError:
            raise
        except Exception as exc:
            if not _retryable(exc) or number >= limits.attempts:
                raise FetchError(f"{url}: {_describe(exc)} (attempt {number} of {limits.attempts})") from exc
            sleep(wait)
            wait *= 2
    raise FetchError(f"{url}: no attempt made")  # pragma: no cover - attempts >= 1


def download(url: str, dest: Path, limits: Limits, sleep: Sleep = time.sleep) -> tuple[int, str]:
    """Download ``url`` to ``dest`` (atomically: all or nothing); return its size and MD5 (hex).

    A connection dropped half-way is retried from the start; ``dest`` never holds half a file.
    """
    def attempt() -> tuple[int, str]:
        md5 = hashlib.md5(usedforsecurity=False)
        parts: list[bytes] = []
        for chunk in _stream(url, limits, None, None):
            md5.update(chunk)
            parts.append(chunk)
        payload = b"".join(parts)
        write_atomic(dest, payload, mode=0o600)
        return len(payload), md5.hexdigest()

    return with_retries(url, limits, attempt, sleep)


def fetch_bytes(url: str, limits: Limits, data: bytes | None = None, headers: dict[str, str] | None = None,
                sleep: Sleep = time.sleep) -> bytes:
    """The body of ``url`` (GET, or POST when ``data`` is given), within the budgets."""
    return with_retries(url, limits, lambda: b"".join(_stream(url, limits, data, headers)), sleep)


def fetch_lines(url: str, limits: Limits, keep: Callable[[str], bool] = lambda line: True,
                sleep: Sleep = time.sleep) -> list[str]:
    """The lines of a text file at ``url`` for which ``keep`` is true, streamed within the budgets.

    A plain path (no ``://``) is read from disk under the same byte budget. Only kept lines are held
    in memory, so GDELT's whole master list (over a million lines) costs little.
    """
    if "://" not in url:
        path = Path(url)
        if path.stat().st_size > limits.max_bytes:
            raise FetchError(f"{url}: larger than the budget of {limits.max_bytes:,} bytes")
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\r\n") for line in handle if keep(line.rstrip("\r\n"))]

    def attempt() -> list[str]:
        kept: list[str] = []
        rest = b""
        for chunk in _stream(url, limits, None, None):
            *lines, rest = (rest + chunk).split(b"\n")
            kept.extend(t for t in (x.decode("utf-8", "replace").rstrip("\r") for x in lines) if keep(t))
        last = rest.decode("utf-8", "replace").rstrip("\r")
        if last and keep(last):
            kept.append(last)
        return kept

    return with_retries(url, limits, attempt, sleep)
