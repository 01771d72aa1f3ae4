"""``sync acled``: ACLED's API, limited to the theatre's countries and the dates since the last sync.

Authentication as ACLED documents it now (API documentation, "Getting started": OAuth token-based
access for programs; the key-and-email API was retired in September 2025): POST the myACLED e-mail and
password to ``https://acleddata.com/oauth/token`` as a form with ``grant_type=password`` and
``client_id=acled``; the answer's ``access_token`` goes in ``Authorization: Bearer …`` on
``https://acleddata.com/api/acled/read?_format=json``. The credentials come from
:func:`analysis.settings.acled_credentials` and are never printed, logged or recorded: error lines
name the URL and the HTTP status only.

Query: ``country=A|B|…`` (the theatre's countries by ACLED's names), ``event_date=START|END`` with
``event_date_where=BETWEEN``, ``limit`` rows per ``page``. Each page is saved and imported through the
``import`` pipeline (ACLED API JSON) like any file. START is ``--since``, else the last successful
run's END minus :data:`OVERLAP_DAYS` (ACLED adds and revises events late; rows already stored are
not stored again), else 30 days ago.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from analysis import clock, settings
from analysis.data.countries import COUNTRY_NAMES
from analysis.files import exclusive_lock, write_atomic
from analysis.imports.countries import THEATRE_COUNTRIES
from analysis.imports.fetch import FetchError, Limits, fetch_bytes
from analysis.imports.inputs import InputError
from analysis.imports.sync import DOWNLOADS, SyncResult, _finish, import_file, read_record, sync_folder, write_record

OVERLAP_DAYS = 14
FIRST_DAYS = 30
PAGE_ROWS = 5000
MAX_PAGES = 200
# ACLED's country names where they differ from the dashboard's.
ACLED_NAMES = {"USA": "United States", "KOR": "South Korea", "PRK": "North Korea"}


class AcledAuthError(RuntimeError):
    """No credentials, or ACLED refused them (the message never holds a credential)."""


def theatre_country_names() -> list[str]:
    """The theatre's countries as ACLED names them (from the shared theatre list)."""
    return [ACLED_NAMES.get(code, COUNTRY_NAMES.get(code, code)) for code in THEATRE_COUNTRIES]


def get_token(token_url: str, limits: Limits, sleep: Callable[[float], None]) -> str:
    """An OAuth access token for the configured myACLED account."""
    creds = settings.acled_credentials()
    if creds is None:
        raise AcledAuthError(f"ACLED credentials are not set: give {settings.ACLED_USERNAME_ENV} and "
                             f"{settings.ACLED_PASSWORD_ENV} (myACLED e-mail and password)")
    form = urllib.parse.urlencode({"username": creds[0], "password": creds[1], "grant_type": "password",
                                   "client_id": "acled"}).encode("ascii")
    try:
        body = fetch_bytes(token_url, limits, data=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, sleep=sleep)
        token = json.loads(body).get("access_token")
    except FetchError as exc:
        raise AcledAuthError(f"ACLED refused the token request: {exc}") from None
    except (ValueError, AttributeError):
        raise AcledAuthError(f"{token_url}: the token answer is not JSON with an access_token") from None
    if not isinstance(token, str) or not token:
        raise AcledAuthError(f"{token_url}: the token answer has no access_token")
    return token


def page_url(api_url: str, start: dt.date, end: dt.date, page: int, rows: int = PAGE_ROWS) -> str:
    """The read URL of one page (no credential in it)."""
    query = urllib.parse.urlencode({"_format": "json", "country": "|".join(theatre_country_names()),
                                    "event_date": f"{start.isoformat()}|{end.isoformat()}",
                                    "event_date_where": "BETWEEN", "limit": rows, "page": page})
    return f"{api_url}?{query}"


def sync_acled(store: Path, since: dt.date | None = None, scope: str = "theatre", limits: Limits | None = None,
               say: Callable[[str], None] = print, sleep: Callable[[float], None] = time.sleep,
               page_rows: int = PAGE_ROWS) -> SyncResult:
    """Fetch ACLED's theatre events since the last sync into ``store``; each page counts as one file.

    Raises
    ------
    AcledAuthError
        When no credentials are set or ACLED refuses them.
    """
    store = Path(store)
    limits = limits or Limits(max_bytes=settings.sync_max_bytes())
    result = SyncResult()
    started = clock.now_utc()
    folder = sync_folder(store)
    with exclusive_lock(folder / ".lock"):
        record = read_record(store, "acled")
        record["feed"] = "acled"
        end = clock.today()
        if since is None:
            last = record.get("last_end")
            since = (dt.date.fromisoformat(last) - dt.timedelta(days=OVERLAP_DAYS) if last
                     else end - dt.timedelta(days=FIRST_DAYS))
        token = get_token(settings.acled_token_url(), limits, sleep)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        for page in range(1, MAX_PAGES + 1):
            url = page_url(settings.acled_api_url(), since, end, page, page_rows)
            name = f"acled-{since.isoformat()}_{end.isoformat()}-p{page:04d}.json"
            path = folder / DOWNLOADS / name
            try:
                body = fetch_bytes(url, limits, headers=headers, sleep=sleep)
                rows = _rows_in(body, url)
                if not rows:
                    break
                write_atomic(path, body, mode=0o600)
                import_file(path, "acled", scope, store, result)
                result.fetched += 1
            except (FetchError, InputError, OSError) as exc:
                result.fail(f"{name}: {exc}")
                say(f"error: {result.failures[-1]}")
                break
            finally:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            if rows < page_rows:
                break
        if not result.failed:
            record["last_end"] = end.isoformat()
        write_record(store, "acled", record)
        _finish(store, record, result, started)
    return result


def _rows_in(body: bytes, url: str) -> int:
    """Rows in one API answer; InputError for an answer that is not ACLED JSON (or reports an error)."""
    try:
        payload = json.loads(body)
    except ValueError:
        raise InputError(f"{url.split('?')[0]}: the answer is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        message = payload.get("error") or payload.get("message") if isinstance(payload, dict) else None
        raise InputError(f"{url.split('?')[0]}: expected JSON with a 'data' list"
                         + (f" (ACLED says {str(message)[:200]!r})" if message else ""))
    return len(payload["data"])
