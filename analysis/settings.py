"""Settings read from the environment, in one place.

Every variable the app, the CLI and the tests honour is named here, with its default.

| variable | meaning | default |
|---|---|---|
| ``NANSEI_DATA_DIR`` | folder of the curated tables | ``data/`` in the repository |
| ``NANSEI_STORE_DIR`` | folder of the imported-events store | ``local/store/`` in the repository |
| ``NANSEI_CHROMIUM`` | Chromium that static exports drive | found on ``PATH`` |
| ``NANSEI_EDITOR_SECRET`` | secret that unlocks editing on the Curate page (docs/curation.md) | unset: editing off |
| ``NANSEI_TRUST_PROXY`` | ``1``: take the client address for unlock lockouts from X-Forwarded-For | unset |
| ``NANSEI_USER_HEADER`` | header naming the proxy-authenticated user: the change log's ``who`` | unset |
| ``NANSEI_SEEDS_DIR`` | folder of the source records (ingested reports) | ``seeds/`` in the repository |
| ``NANSEI_ENGINE`` | where imported-event queries run: ``duckdb`` or an Ibis URL (``clickhouse://…``) | ``duckdb`` |
| ``NANSEI_ENGINE_TABLE`` | the events table on a remote engine | ``nansei_events`` |
| ``NANSEI_DUCKDB_MEMORY`` | DuckDB memory limit per server process | ``256MB`` |
| ``NANSEI_IMPORT_MAX_MB`` | largest file (uncompressed) an import reads | ``4096`` |
| ``NANSEI_IMPORT_MAX_TOTAL_MB`` | largest total (uncompressed) of one zip's members, CLI | ``16384`` |
| ``NANSEI_IMPORT_MAX_MEMBERS`` | most members in one zip, CLI | ``100000`` |
| ``NANSEI_IMPORT_MAX_RATIO`` | highest compression ratio of a zip member over 1 MB (CLI and page) | ``200`` |
| ``NANSEI_INGEST_MAX_MB`` | largest report file ``ingest`` and the Ingest page read | ``20`` |
| ``NANSEI_INGEST_MAX_CHARS`` | most characters of report text | ``2000000`` |
| ``NANSEI_INGEST_MAX_PAGES`` | most PDF pages read | ``500`` |
| ``NANSEI_INGEST_MAX_CANDIDATES`` | most candidates kept from one report | ``2000`` |
| ``NANSEI_INGEST_TIMEOUT_S`` | time budget of extraction on the Ingest page (worker process) | ``60`` |
| ``NANSEI_UPLOAD_MAX_MB`` | largest upload or member (uncompressed) on the Import page | ``200`` |
| ``NANSEI_UPLOAD_MAX_TOTAL_MB`` | largest total (uncompressed) of one uploaded zip | ``1024`` |
| ``NANSEI_UPLOAD_MAX_MEMBERS`` | most members in one uploaded zip | ``10000`` |
| ``NANSEI_CACHE_DIR`` | dataset disk cache (owned by the server user only) | ``~/.cache/nansei-watch`` |
| ``NANSEI_GDELT_LIST_URL`` | GDELT 2.0 master file list that ``sync gdelt`` reads | GDELT's ``masterfilelist.txt`` |
| ``NANSEI_SYNC_MAX_MB`` | largest download ``sync`` accepts (one file, the list, one API page) | ``512`` |
| ``NANSEI_ACLED_USERNAME`` | myACLED account e-mail for ``sync acled`` (never logged) | unset: ``sync acled`` refuses |
| ``NANSEI_ACLED_PASSWORD`` | myACLED password for ``sync acled`` (never logged) | unset |
| ``NANSEI_ACLED_API_URL`` | ACLED's events endpoint | ``https://acleddata.com/api/acled/read`` |
| ``NANSEI_ACLED_TOKEN_URL`` | ACLED's OAuth token endpoint | ``https://acleddata.com/oauth/token`` |
| ``NANSEI_READ_ONLY`` | ``1``: a read-only replica, no page writes (docs/security.md) | unset |
| ``NANSEI_EXPORT_WARM`` | ``0``: the export browser starts on the first export, not with the page | on |
| ``NANSEI_TODAY`` | the day the app, CLI and tests take as today (ISO date; ``analysis.clock``) | the machine's date |
| ``NANSEI_MEMORY_PROBE`` | folder where the server's memory probe answers (``ui.memprobe``) | unset: off |
| ``NANSEI_MEMORY_PROBE_FRAMES`` | with the probe on: tracemalloc frames per traceback (0 = no tracemalloc) | ``0`` |
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis import clock

__all__ = [
    "CACHE_DIR_ENV",
    "CHROMIUM_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_DATA_DIR",
    "DEFAULT_SEEDS_DIR",
    "DEFAULT_STORE_DIR",
    "EDITOR_SECRET_ENV",
    "REPO_ROOT",
    "SEEDS_DIR_ENV",
    "STORE_DIR_ENV",
    "TODAY_ENV",
    "acled_api_url",
    "acled_credentials",
    "acled_token_url",
    "cache_dir",
    "child_env",
    "chromium_override",
    "data_dir",
    "duckdb_memory",
    "editor_secret",
    "engine_table",
    "engine_url",
    "export_warm",
    "gdelt_list_url",
    "import_max_bytes",
    "import_max_members",
    "import_max_ratio",
    "import_max_total_bytes",
    "ingest_max_bytes",
    "ingest_max_candidates",
    "ingest_max_chars",
    "ingest_max_pages",
    "ingest_timeout_s",
    "memory_probe_dir",
    "memory_probe_frames",
    "read_only",
    "seeds_dir",
    "store_dir",
    "sync_max_bytes",
    "trust_proxy",
    "upload_max_bytes",
    "upload_max_members",
    "upload_max_total_bytes",
    "user_header",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_STORE_DIR = REPO_ROOT / "local" / "store"
DATA_DIR_ENV = "NANSEI_DATA_DIR"
STORE_DIR_ENV = "NANSEI_STORE_DIR"
CHROMIUM_ENV = "NANSEI_CHROMIUM"
EDITOR_SECRET_ENV = "NANSEI_EDITOR_SECRET"
SEEDS_DIR_ENV = "NANSEI_SEEDS_DIR"
DEFAULT_SEEDS_DIR = REPO_ROOT / "seeds"
ENGINE_ENV = "NANSEI_ENGINE"
ENGINE_TABLE_ENV = "NANSEI_ENGINE_TABLE"
DUCKDB_MEMORY_ENV = "NANSEI_DUCKDB_MEMORY"
IMPORT_MAX_MB_ENV = "NANSEI_IMPORT_MAX_MB"
READ_ONLY_ENV = "NANSEI_READ_ONLY"
TODAY_ENV = clock.TODAY_ENV
CACHE_DIR_ENV = "NANSEI_CACHE_DIR"
EXPORT_WARM_ENV = "NANSEI_EXPORT_WARM"
GDELT_LIST_URL_ENV = "NANSEI_GDELT_LIST_URL"
DEFAULT_GDELT_LIST_URL = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"
SYNC_MAX_MB_ENV = "NANSEI_SYNC_MAX_MB"
ACLED_USERNAME_ENV = "NANSEI_ACLED_USERNAME"
ACLED_PASSWORD_ENV = "NANSEI_ACLED_PASSWORD"
ACLED_API_URL_ENV = "NANSEI_ACLED_API_URL"
ACLED_TOKEN_URL_ENV = "NANSEI_ACLED_TOKEN_URL"
DEFAULT_ACLED_API_URL = "https://acleddata.com/api/acled/read"
DEFAULT_ACLED_TOKEN_URL = "https://acleddata.com/oauth/token"
MEMORY_PROBE_ENV = "NANSEI_MEMORY_PROBE"
MEMORY_PROBE_FRAMES_ENV = "NANSEI_MEMORY_PROBE_FRAMES"
FALSE_WORDS = ("", "0", "false", "no", "off")


def data_dir() -> Path:
    """Folder of the curated tables: ``$NANSEI_DATA_DIR`` or the bundled ``data/``."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def store_dir() -> Path:
    """Folder of the imported-events store: ``$NANSEI_STORE_DIR`` or ``local/store/``."""
    return Path(os.environ.get(STORE_DIR_ENV) or DEFAULT_STORE_DIR)


def seeds_dir() -> Path:
    """Folder of the source records: ``$NANSEI_SEEDS_DIR`` or the bundled ``seeds/``."""
    return Path(os.environ.get(SEEDS_DIR_ENV) or DEFAULT_SEEDS_DIR)


def cache_dir() -> Path:
    """Folder of the dataset disk cache: ``$NANSEI_CACHE_DIR``, else the user's cache folder.

    The default (``$XDG_CACHE_HOME/nansei-watch``, ``~/.cache/nansei-watch``) lies outside the source tree.
    """
    explicit = os.environ.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "nansei-watch"


def chromium_override() -> str | None:
    """The Chromium named by ``$NANSEI_CHROMIUM``, or None to search ``PATH``."""
    return os.environ.get(CHROMIUM_ENV) or None


def engine_url() -> str:
    """Where imported-event queries run: ``$NANSEI_ENGINE`` or ``duckdb`` (the local Parquet store)."""
    return os.environ.get(ENGINE_ENV, "").strip() or "duckdb"


def engine_table() -> str:
    """Name of the events table on a remote engine: ``$NANSEI_ENGINE_TABLE`` or ``nansei_events``."""
    return os.environ.get(ENGINE_TABLE_ENV, "").strip() or "nansei_events"


def duckdb_memory() -> str:
    """DuckDB memory limit for the query engine: ``$NANSEI_DUCKDB_MEMORY`` or ``256MB``."""
    return os.environ.get(DUCKDB_MEMORY_ENV, "").strip() or "256MB"


def import_max_bytes() -> int:
    """Largest file an import reads, in bytes: ``$NANSEI_IMPORT_MAX_MB`` (4096) MB; ValueError unless whole, >= 1."""
    return _whole(IMPORT_MAX_MB_ENV, 4096) * 2**20  # MB


def _whole(name: str, default: int) -> int:
    """A whole number >= 1 from ``$name`` (``default`` when unset); ValueError naming the value otherwise."""
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {text!r}")
    return int(text)


def memory_probe_dir() -> Path | None:
    """Folder of the server's memory probe (``$NANSEI_MEMORY_PROBE``), None when unset: the probe is off."""
    text = os.environ.get(MEMORY_PROBE_ENV, "").strip()
    return Path(text) if text else None


def memory_probe_frames() -> int:
    """Traceback frames tracemalloc keeps while the probe runs: ``$NANSEI_MEMORY_PROBE_FRAMES`` (0: no tracemalloc)."""
    text = os.environ.get(MEMORY_PROBE_FRAMES_ENV, "").strip() or "0"
    if not text.isdigit() or int(text) > 100:
        raise ValueError(f"{MEMORY_PROBE_FRAMES_ENV} must be a whole number from 0 to 100, got {text!r}")
    return int(text)


def import_max_total_bytes() -> int:
    """Largest total uncompressed size of one zip's members (CLI): ``$NANSEI_IMPORT_MAX_TOTAL_MB`` (16384) MB."""
    return _whole("NANSEI_IMPORT_MAX_TOTAL_MB", 16384) * 2**20


def import_max_members() -> int:
    """Most members one zip may hold (CLI): ``$NANSEI_IMPORT_MAX_MEMBERS`` (100000)."""
    return _whole("NANSEI_IMPORT_MAX_MEMBERS", 100_000)


def import_max_ratio() -> int:
    """Highest uncompressed/compressed ratio of a zip member over 1 MB: ``$NANSEI_IMPORT_MAX_RATIO`` (200)."""
    return _whole("NANSEI_IMPORT_MAX_RATIO", 200)


def upload_max_bytes() -> int:
    """Largest upload, or member of an uploaded zip, on the Import page: ``$NANSEI_UPLOAD_MAX_MB`` (200) MB."""
    return _whole("NANSEI_UPLOAD_MAX_MB", 200) * 2**20


def upload_max_total_bytes() -> int:
    """Largest total uncompressed size of one uploaded zip: ``$NANSEI_UPLOAD_MAX_TOTAL_MB`` (1024) MB."""
    return _whole("NANSEI_UPLOAD_MAX_TOTAL_MB", 1024) * 2**20


def upload_max_members() -> int:
    """Most members one uploaded zip may hold: ``$NANSEI_UPLOAD_MAX_MEMBERS`` (10000)."""
    return _whole("NANSEI_UPLOAD_MAX_MEMBERS", 10_000)


def ingest_max_bytes() -> int:
    """Largest report file ingestion reads: ``$NANSEI_INGEST_MAX_MB`` (20) MB."""
    return _whole("NANSEI_INGEST_MAX_MB", 20) * 2**20


def ingest_max_chars() -> int:
    """Most characters of report text ingestion reads: ``$NANSEI_INGEST_MAX_CHARS`` (2,000,000)."""
    return _whole("NANSEI_INGEST_MAX_CHARS", 2_000_000)


def ingest_max_pages() -> int:
    """Most PDF pages ingestion reads: ``$NANSEI_INGEST_MAX_PAGES`` (500)."""
    return _whole("NANSEI_INGEST_MAX_PAGES", 500)


def ingest_max_candidates() -> int:
    """Most candidates kept from one report: ``$NANSEI_INGEST_MAX_CANDIDATES`` (2,000)."""
    return _whole("NANSEI_INGEST_MAX_CANDIDATES", 2_000)


def ingest_timeout_s() -> int:
    """Seconds extraction may run for the Ingest page: ``$NANSEI_INGEST_TIMEOUT_S`` (60)."""
    return _whole("NANSEI_INGEST_TIMEOUT_S", 60)


def read_only() -> bool:
    """True on a read-only replica: ``$NANSEI_READ_ONLY`` set to anything but empty/0/false/no/off.

    Fails closed: an unrecognised value (a typo) also means read-only, never writable.
    """
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() not in FALSE_WORDS


_TAKEN: dict[str, str] = {}  # the editor secret once taken out of os.environ


def editor_secret() -> str | None:
    """The editor secret from ``$NANSEI_EDITOR_SECRET`` (None when unset or blank: editing is off).

    Read once: the value moves into this process's memory and the variable is blanked in
    ``os.environ``, so child processes (the export browser...) never inherit it. A blank variable
    left by that move still means the taken secret; an unset one means none.
    """
    value = os.environ.get(EDITOR_SECRET_ENV)
    if value is None:
        _TAKEN.clear()
        return None
    if value.strip():
        _TAKEN["secret"] = value
        os.environ[EDITOR_SECRET_ENV] = ""
        return value
    return _TAKEN.get("secret")


SECRET_WORDS = ("SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL", "API_KEY", "ACLED_USERNAME")


def child_env() -> dict[str, str]:
    """The environment without anything secret-looking: for every child process the app starts."""
    return {k: v for k, v in os.environ.items() if not any(word in k.upper() for word in SECRET_WORDS)}


def user_header() -> str:
    """Request header holding the user the proxy authenticated (``$NANSEI_USER_HEADER``), "" when unset."""
    return os.environ.get("NANSEI_USER_HEADER", "").strip()


def export_warm() -> bool:
    """True unless ``$NANSEI_EXPORT_WARM`` is 0/false/no/off: pages start the export browser when drawn.

    Off, the export Chromium starts with the first PNG/SVG/PDF export instead, which then waits a few
    seconds: a server that rarely exports saves its memory (ten processes, 424 MB PSS measured on
    Debian's Chromium 156), and the test suite its start in every server and test process.
    """
    return os.environ.get(EXPORT_WARM_ENV, "1").strip().lower() not in FALSE_WORDS[1:]


def trust_proxy() -> bool:
    """True when ``$NANSEI_TRUST_PROXY`` says the app sits behind a proxy that sets X-Forwarded-For."""
    return os.environ.get("NANSEI_TRUST_PROXY", "").strip().lower() not in FALSE_WORDS


def gdelt_list_url() -> str:
    """The GDELT 2.0 master file list ``sync gdelt`` reads: ``$NANSEI_GDELT_LIST_URL`` or GDELT's own."""
    return os.environ.get(GDELT_LIST_URL_ENV, "").strip() or DEFAULT_GDELT_LIST_URL


def sync_max_bytes() -> int:
    """Largest single download of ``sync``, bytes: ``$NANSEI_SYNC_MAX_MB`` (512) MB; ValueError unless whole, >= 1."""
    return _whole(SYNC_MAX_MB_ENV, 512) * 2**20  # MB


def acled_credentials() -> tuple[str, str] | None:
    """The myACLED e-mail and password for ``sync acled``, or None when either is unset."""
    user = os.environ.get(ACLED_USERNAME_ENV, "").strip()
    password = os.environ.get(ACLED_PASSWORD_ENV, "")
    return (user, password) if user and password else None


def acled_api_url() -> str:
    """ACLED's events endpoint: ``$NANSEI_ACLED_API_URL`` or ``https://acleddata.com/api/acled/read``."""
    return os.environ.get(ACLED_API_URL_ENV, "").strip() or DEFAULT_ACLED_API_URL


def acled_token_url() -> str:
    """ACLED's OAuth token endpoint: ``$NANSEI_ACLED_TOKEN_URL`` or ``https://acleddata.com/oauth/token``."""
    return os.environ.get(ACLED_TOKEN_URL_ENV, "").strip() or DEFAULT_ACLED_TOKEN_URL
