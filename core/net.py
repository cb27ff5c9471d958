"""HTTP sessions whose every exchange has a total deadline, for arXiv and PDF downloads.

A per-read timeout does not bound an exchange: a server that sends a byte a second, in the
headers or the body, resets it forever. `Deadline` bounds the whole exchange (connect, request,
headers, body): a watchdog thread shuts down the sockets the exchange uses once its time is up,
or as soon as the caller wants to stop (the reader quitting), and the blocked read returns.
`deadline_session()` gives a `requests.Session` whose connections report to the deadline
open in the calling thread.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

TICK_SECONDS = 0.05
"""How often the watchdog looks at the clock and at `should_stop`."""

_current = threading.local()
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH}


class Deadline:
    """`with Deadline(seconds, should_stop):` around one exchange; then `expired` or `stopped`
    says whether the watchdog cut it."""

    def __init__(self, seconds: float, should_stop: Callable[[], bool] | None = None) -> None:
        self.seconds = seconds
        self.should_stop = should_stop
        self.expired = False
        """The exchange ran out of time."""
        self.stopped = False
        """The caller asked to stop while the exchange was under way."""
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._ends = 0.0
        self._outer: Deadline | None = None

    @property
    def cut(self) -> bool:
        """The watchdog ended the exchange (time was up or the caller stopped)."""
        return self.expired or self.stopped

    def __enter__(self) -> Deadline:
        self._ends = time.monotonic() + self.seconds
        self._outer = getattr(_current, "deadline", None)
        _current.deadline = self
        threading.Thread(target=self._watch, name="papertray-deadline", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        _current.deadline = self._outer

    def watch(self, connection: Any) -> None:
        """Cut this urllib3 connection too when the deadline ends the exchange."""
        with self._lock:
            self._connections.append(connection)

    def _watch(self) -> None:
        while not self._done.wait(TICK_SECONDS):
            if not self.cut:
                if time.monotonic() >= self._ends:
                    self.expired = True
                elif self.should_stop is not None and self.should_stop():
                    self.stopped = True
            if self.cut:
                # Again at every tick: a connection may still have been connecting.
                self._shut_down()

    def _shut_down(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            sock = getattr(connection, "sock", None)
            if sock is not None:
                # shutdown, not close: only shutdown wakes a recv() blocked in another thread.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """A connection pool that hands each connection it lends to the current deadline."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        connection = super()._get_conn(timeout)  # type: ignore[misc]
        deadline: Deadline | None = getattr(_current, "deadline", None)
        if deadline is not None:
            deadline.watch(connection)
        return connection


class _HTTPPool(_Watched, HTTPConnectionPool):
    pass


class _HTTPSPool(_Watched, HTTPSConnectionPool):
    pass


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter with pools whose connections a `Deadline` can cut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


def mount_deadlines(session: requests.Session) -> requests.Session:
    """Make `Deadline` able to cut this session's exchanges; returns the session."""
    for prefix in ("http://", "https://"):
        session.mount(prefix, _DeadlineAdapter())
    return session


def causes(err: BaseException) -> list[BaseException]:
    """The error and everything it wraps (args, reason, cause, context), each once."""
    seen: dict[int, BaseException] = {}
    stack: list[Any] = [err]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen[id(item)] = item
        stack.extend([*item.args, getattr(item, "reason", None), item.__cause__,
                      item.__context__])
    return list(seen.values())


def is_unreachable(err: BaseException) -> bool:
    """A failed DNS look-up or no route to the host, as opposed to a refused or reset connection."""
    return any(isinstance(item, socket.gaierror)
               or (isinstance(item, OSError) and item.errno in _NO_ROUTE)
               or "NameResolutionError" in type(item).__name__
               for item in causes(err))


def root_cause(err: BaseException) -> str:
    """The innermost OS error's words (`Connection reset by peer`), else the error's class."""
    for item in causes(err):
        if isinstance(item, OSError) and item.strerror:
            return str(item.strerror)
    return type(err).__name__
