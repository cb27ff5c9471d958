"""Sending one whole HTTP reply from a fake server, shrugging off a client that gave up."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


def send_reply(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes,
               headers: dict[str, str] | None = None, *, length: bool = True) -> None:
    """Status, headers (Content-Length unless `length` is False), then the body.

    A client that timed out before the reply was ready (timeout tests do that on purpose)
    closes its end; the fake server carries on.
    """
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    except OSError:
        pass
