"""A local PDF host on 127.0.0.1 serving the fixture PDFs at /pdf/<id>v<n>, misbehaving on cue.

Cues apply to the next requests, in the order given: `html` (an HTML page, status 200),
`not_found` (404), `unavailable` (503 with Retry-After: 0), `too_many` (429), `slow` (waits
`slow_seconds` before answering), `oversized` (declares a huge Content-Length), `drip_large`
(streams more bytes than any cap, with no Content-Length), `truncated` (half the PDF, then closes),
`drip` (the whole reply a byte every `drip_interval` s), `never` (reads the request, says nothing;
`held` is set then, `hung_up` when the client hangs up).
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from servers.http_reply import drip, hold, raw_reply, send_reply

PDF_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
_FIXTURE_NAME = re.compile(r"^arxiv_(?P<id>\d{4}\.\d{4,5})v(?P<version>\d+)_")
HTML_PAGE = (b"<!DOCTYPE html><html><head><title>arXiv</title></head>"
             b"<body>Please verify you are a human.</body></html>")


def fixture_pdfs(directory: Path = PDF_DIR) -> dict[str, Path]:
    """`2004.04906v3` -> its fixture file."""
    found = {}
    for path in sorted(directory.glob("arxiv_*.pdf")):
        match = _FIXTURE_NAME.match(path.name)
        if match:
            found[f"{match['id']}v{match['version']}"] = path
    return found


class PdfServer:
    """The server, its files and its cues; `base_url` goes in `settings.pdf.base_url`."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = dict(files)
        self.extra: dict[str, bytes] = {}
        self.cues: list[str] = []
        self.requests: list[str] = []
        self.slow_seconds = 2.0
        self.drip_interval = 0.05
        self.held = threading.Event()
        """Set when a request is being held by `never`."""
        self.hung_up = threading.Event()
        """Set when a client held by `never` hangs up."""
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/pdf`."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/pdf"

    def cue(self, *behaviours: str) -> None:
        """Misbehave on the next requests, one behaviour each."""
        with self._lock:
            self.cues.extend(behaviours)

    def add(self, versioned_id: str, data: bytes) -> None:
        """Serve these bytes at /pdf/<versioned_id>."""
        self.extra[versioned_id] = data

    def next_cue(self) -> str:
        """The cue for this request ('' when none is left)."""
        with self._lock:
            return self.cues.pop(0) if self.cues else ""

    def body(self, versioned_id: str) -> bytes | None:
        """What a well-behaved arXiv would send for this id, or None for 404."""
        if versioned_id in self.extra:
            return self.extra[versioned_id]
        path = self.files.get(versioned_id)
        return path.read_bytes() if path else None

    def start(self) -> PdfServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; held and dripping replies are released."""
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: PdfServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: tests read `server.requests` instead."""

        def do_GET(self) -> None:  # noqa: N802
            """Serve /pdf/<id>v<n>, following the next cue."""
            server.requests.append(self.path)
            cue = server.next_cue()
            if cue == "slow":
                time.sleep(server.slow_seconds)
            versioned = self.path.removeprefix("/pdf/")
            body = server.body(versioned) if self.path.startswith("/pdf/") else None
            if cue == "not_found" or (body is None and cue in ("", "slow")):
                self._send(404, b"Not Found", "text/plain")
            elif cue in ("unavailable", "too_many"):
                self._send(503 if cue == "unavailable" else 429, b"busy", "text/plain",
                           {"Retry-After": "0"})
            elif cue == "html":
                self._send(200, HTML_PAGE, "text/html; charset=utf-8")
            elif cue == "oversized":
                self._send(200, b"%PDF-1.5\n", "application/pdf",
                           {"Content-Length": str(10**10)}, length=False)
                self.close_connection = True
            elif cue == "drip_large":
                self._drip()
            elif cue == "drip" and body is not None:
                drip(self, raw_reply(200, "application/pdf", body), server.drip_interval,
                     server._closing)
                self.close_connection = True
            elif cue == "never":
                server.held.set()
                if hold(self, server._closing) is not None:
                    server.hung_up.set()
                self.close_connection = True
            elif cue == "truncated":
                assert body is not None
                self._send(200, body[: len(body) // 2], "application/pdf",
                           {"Content-Length": str(len(body))}, length=False)
                self.close_connection = True
            else:
                assert body is not None
                self._send(200, body, "application/pdf")

        def _send(self, status: int, body: bytes, kind: str,
                  headers: dict[str, str] | None = None, *, length: bool = True) -> None:
            send_reply(self, status, kind, body, headers, length=length)

        def _drip(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"%PDF-1.5\n" + b"0" * (256 * 1024)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(64):  # 16 MB at most
                    self.wfile.write(chunk)

    return Handler


@pytest.fixture
def pdf_server() -> Iterator[PdfServer]:
    """The fixture PDFs on a local host; point `settings.pdf.base_url` at `pdf_server.base_url`."""
    server = PdfServer(fixture_pdfs()).start()
    try:
        yield server
    finally:
        server.stop()
