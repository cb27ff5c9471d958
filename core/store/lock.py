"""One papertray per store directory: an flock held for the Store's lifetime."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from core.errors import StoreError

LOCK_NAME = "lock"
_POLL_SECONDS = 0.05


class StoreLock:
    """An exclusive `fcntl.flock` on `<directory>/lock`, which also names the holder's pid."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, directory: Path, timeout: float) -> StoreLock:
        """Take the lock, waiting up to `timeout` seconds; StoreError names the holder."""
        path = directory / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open store {directory}: {exc.strerror or exc}") from exc
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    pid = _read_pid(fd)
                    os.close(fd)
                    raise StoreError(
                        f"store {directory} is in use by another papertray (pid {pid})"
                    ) from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    @property
    def held(self) -> bool:
        """True until `release`."""
        return self._fd is not None

    def release(self) -> None:
        """Let the next papertray in; safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_pid(fd: int) -> str:
    """The holder's pid as it wrote it, or `unknown` while it has not yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"
