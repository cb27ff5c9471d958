"""Writing a file so that a crash at any moment leaves either the old or the new one, whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"
"""Temp files are `.<name>.<random>.tmp` beside their target; leftovers are never read."""


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temp file beside it, fsync, rename, fsync the folder."""
    os.close(atomic_replace(path, data))


def atomic_replace(path: Path, data: bytes) -> int:
    """Replace `path` with `data` as `atomic_write` does; returns the new file, still open
    (the caller closes it)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        write_all(fd, data)
        os.fsync(fd)
        os.replace(tmp, path)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        fsync_dir(path.parent)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd` (os.write may write fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
