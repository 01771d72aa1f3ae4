"""``sync acled`` against a fake ACLED API on 127.0.0.1 (OAuth token, then Bearer-authorised pages)."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from analysis.imports.acled_sync import AcledAuthError, sync_acled, theatre_country_names
from analysis.imports.fetch import Limits
from analysis.imports.sync import read_record
from analysis.imports.synth import ACLED_HEADER, acled_rows
from tests.clirun import run_cli
from tests.unit.imports.feedserver import FeedServer, serve
from tests.unit.imports.test_sync import stored

FAST = Limits(max_bytes=1 << 20, max_seconds=30, timeout=5, attempts=1, backoff=0)
SECRET = "s3cret-pass"


@pytest.fixture
def acled(monkeypatch: pytest.MonkeyPatch):
    records = [dict(zip(ACLED_HEADER, row, strict=True)) for row in acled_rows(5, seed=3)]
    seen: dict[str, list] = {"queries": [], "tokens": []}

    def token(request) -> None:
        form = urllib.parse.parse_qs(request.body.decode())
        ok = form.get("password") == [SECRET] and form.get("grant_type") == ["password"] \
            and form.get("client_id") == ["acled"] and form.get("username") == ["analyst@example.org"]
        seen["tokens"].append(ok)
        body = json.dumps({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 86400} if ok
                          else {"error": "invalid_grant"}).encode()
        request.send_response(200 if ok else 401)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def read(request) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
        seen["queries"].append(query)
        if request.headers.get("Authorization") != "Bearer tok-1":
            request.send_error(403)
            return
        limit, page = int(query["limit"][0]), int(query["page"][0])
        body = json.dumps({"status": 200, "success": True,
                           "data": records[(page - 1) * limit: page * limit]}).encode()
        request.send_response(200)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NANSEI_ACLED_USERNAME", "analyst@example.org")
    monkeypatch.setenv("NANSEI_ACLED_PASSWORD", SECRET)
    with serve(FeedServer(files={"/oauth/token": token, "/api/acled/read": read})) as server:
        monkeypatch.setenv("NANSEI_ACLED_TOKEN_URL", f"{server.base}/oauth/token")
        monkeypatch.setenv("NANSEI_ACLED_API_URL", f"{server.base}/api/acled/read")
        yield seen


def test_sync_acled_pages_through_the_theatre_since_the_last_sync(acled, tmp_path: Path) -> None:
    said: list[str] = []
    first = sync_acled(tmp_path, scope="all", limits=FAST, say=said.append, page_rows=2)
    assert (first.fetched, first.failed, first.accepted) == (3, 0, 5)  # pages of 2, 2, 1
    assert stored(tmp_path) == (5, 5)
    query = acled["queries"][0]
    assert query["country"] == ["|".join(theatre_country_names())]
    assert query["event_date"] == ["2026-10-26|2026-11-25"] and query["event_date_where"] == ["BETWEEN"]
    record = read_record(tmp_path, "acled")
    assert record["last_end"] == "2026-11-25"
    again = sync_acled(tmp_path, scope="all", limits=FAST, say=said.append, page_rows=10)
    assert (again.fetched, again.accepted, again.stored) == (1, 5, 0)  # overlap re-read, nothing doubled
    assert acled["queries"][-1]["event_date"] == ["2026-11-11|2026-11-25"]
    assert stored(tmp_path) == (5, 5)
    text = json.dumps(read_record(tmp_path, "acled")) + "".join(said)
    assert SECRET not in text and "tok-1" not in text


def test_sync_acled_refuses_without_or_with_wrong_credentials(acled, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_ACLED_PASSWORD", "wrong")
    with pytest.raises(AcledAuthError, match="HTTP 401") as refused:
        sync_acled(tmp_path, limits=FAST)
    assert "wrong" not in str(refused.value)
    monkeypatch.delenv("NANSEI_ACLED_PASSWORD")
    with pytest.raises(AcledAuthError, match="NANSEI_ACLED_PASSWORD"):
        sync_acled(tmp_path, limits=FAST)
    assert stored(tmp_path) == (0, 0)


def test_cli_without_credentials_exits_2_and_with_them_prints_the_summary(acled, tmp_path: Path,
                                                                         monkeypatch) -> None:
    import re

    monkeypatch.delenv("NANSEI_ACLED_USERNAME")
    missing = run_cli("sync", "acled", "--store", str(tmp_path))
    monkeypatch.setenv("NANSEI_ACLED_USERNAME", "analyst@example.org")
    assert missing.returncode == 2 and "NANSEI_ACLED_USERNAME" in missing.stderr
    done = run_cli("sync", "acled", "--store", str(tmp_path), "--scope", "all")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"fetched 1 files, skipped 0 already imported, failed 0; accepted 5, outside scope 0, "
                        r"rejected 0", done.stdout.strip().splitlines()[-1])
    assert SECRET not in done.stdout + done.stderr + missing.stderr
