"""Start `store_worker.py` in a subprocess, with the repo on its path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def start_worker(*args: str) -> subprocess.Popen[str]:
    """Run the worker with `args`, and wait until it says it holds the store."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(HERE / "store_worker.py"), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if first.strip() != "ready":
        process.kill()
        raise AssertionError(f"worker did not start: {first!r} {process.communicate()[1]}")
    return process
