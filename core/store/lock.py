"""The store's write lock: an flock on the store folder itself, held only around a write.

A lock file can be deleted from under its holder (`rm store/lock`), after which a second
process locks a new file of the same name and both write at once. The folder cannot be
removed while it holds the store, so its flock cannot be lost that way.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from core.errors import StoreError

DEFAULT_TIMEOUT = 30.0
"""How long a write waits for another papertray's write (a big import batch takes ~1 s)."""
_FIRST_POLL, _LAST_POLL = 0.001, 0.02


class StoreLock:
    """An exclusive `fcntl.flock` on the store folder, re-entrant within a thread.

    flock belongs to the open file, which every thread of this process shares: a thread lock
    queues this process's writers first, so that only one of them holds the flock.
    """

    def __init__(self, directory: Path) -> None:
        """Open the folder (StoreError when it cannot be); nothing is locked yet."""
        self.directory = directory
        try:
            self._fd: int | None = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise StoreError(f"cannot open store {directory}: {exc.strerror or exc}") from exc
        self._threads = threading.RLock()
        self._depth = 0

    @contextlib.contextmanager
    def held(self, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
        """Hold the lock for the block, waiting up to `timeout` s for other writers."""
        if not self._enter(timeout):
            raise StoreError(f"store {self.directory} is busy: another papertray has been "
                             f"writing to it for {timeout:g} s")
        try:
            yield
        finally:
            self._leave()

    @contextlib.contextmanager
    def try_held(self) -> Iterator[bool]:
        """Hold the lock for the block if that needs no wait; yields whether it is held."""
        got = self._enter(0.0)
        try:
            yield got
        finally:
            if got:
                self._leave()

    def close(self) -> None:
        """Close the folder; safe to call twice."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def _enter(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(timeout, 0.0)
        if not self._threads.acquire(timeout=max(timeout, 0.0)):
            return False
        try:
            locked = bool(self._depth) or self._flock(deadline)
        except BaseException:
            self._threads.release()
            raise
        if not locked:
            self._threads.release()
            return False
        self._depth += 1
        return True

    def _leave(self) -> None:
        self._depth -= 1
        if not self._depth and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def _flock(self, deadline: float) -> bool:
        if self._fd is None:
            raise StoreError(f"store {self.directory} is closed")
        pause = _FIRST_POLL
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                time.sleep(min(pause, left))
                pause = min(pause * 2, _LAST_POLL)
