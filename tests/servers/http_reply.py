"""Sending one whole HTTP reply from a fake server, shrugging off a client that gave up; or
dripping it a byte at a time, or holding the connection without a word."""

from __future__ import annotations

import threading
import time
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


def drip(handler: BaseHTTPRequestHandler, reply: bytes, interval: float,
         closing: threading.Event) -> None:
    """Send a whole HTTP reply (status line, headers, body) one byte every `interval` seconds,
    quicker than any read timeout, until it is sent, the client hangs up or the server closes."""
    for index in range(len(reply)):
        if closing.wait(interval):
            return
        try:
            handler.wfile.write(reply[index:index + 1])
            handler.wfile.flush()
        except OSError:
            return  # the client gave up: what its deadline is for


def hold(handler: BaseHTTPRequestHandler, closing: threading.Event) -> float | None:
    """Answer nothing; return `time.monotonic()` when the client hangs up (None if the server
    closed first)."""
    handler.connection.settimeout(0.05)
    while not closing.is_set():
        try:
            if not handler.connection.recv(1024):
                return time.monotonic()
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic()
    return None


def raw_reply(status: int, content_type: str, body: bytes) -> bytes:
    """The bytes of a complete HTTP/1.0 reply, for `drip`."""
    head = (f"HTTP/1.0 {status} OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body
