"""A local feed server on 127.0.0.1 (a thread): GDELT-format exports, a master list, a fake ACLED API.

Files are built from the public GDELT 2.0 event codebook (61 tab-separated columns, one zipped
``*.export.CSV`` per ``*.export.CSV.zip``) by :func:`tests.unit.imports.conftest.gdelt_row`.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.unit.imports.conftest import gdelt_bytes

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


def export_zip(name: str, rows: list[list[str]]) -> bytes:
    """A GDELT 2.0 export as GDELT publishes it: ``NAME.export.CSV`` inside ``NAME.export.CSV.zip``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name.removesuffix(".zip"), gdelt_bytes(rows))
    return buffer.getvalue()


def list_line(size: int, md5: str, url: str) -> str:
    """One master-list line (``SIZE MD5 URL``)."""
    return f"{size} {md5} {url}"


@dataclass
class FeedServer:
    """Paths served (bytes, or a handler for special answers) and every request path seen."""

    files: dict[str, bytes | Handler] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def add_export(self, name: str, rows: list[list[str]], md5: str | None = None) -> str:
        """Serve an export; return its master-list line (``md5`` overrides the true checksum)."""
        payload = export_zip(name, rows)
        self.files[f"/gdeltv2/{name}"] = payload
        return list_line(len(payload), md5 or hashlib.md5(payload).hexdigest(), f"{self.base}/gdeltv2/{name}")

    def set_list(self, lines: list[str]) -> str:
        """Serve the master list; return its URL."""
        self.files["/gdeltv2/masterfilelist.txt"] = ("\n".join(lines) + "\n").encode("utf-8")
        return f"{self.base}/gdeltv2/masterfilelist.txt"


def drop_half(payload: bytes) -> Handler:
    """A handler that announces the whole payload, sends half and closes the connection."""
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload[: len(payload) // 2])
        request.wfile.flush()
        request.close_connection = True
    return handle


@contextmanager
def serve(server: FeedServer | None = None) -> Iterator[FeedServer]:
    """Run ``server`` on 127.0.0.1 (a free port) in a thread for the block."""
    state = server or FeedServer()

    class Handle(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            state.requests.append(f"{self.command} {self.path}")
            key = self.path.split("?", 1)[0]
            found = state.files.get(key)
            if found is None:
                self.send_error(404)
                return
            if callable(found):
                found(self)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(found)))
            self.end_headers()
            self.wfile.write(found)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.body = self.rfile.read(length)
            self._answer()

        def log_message(self, *args) -> None:  # quiet
            return

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
