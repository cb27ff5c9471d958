"""One papertray per store: a second one waits briefly, then gets a clear StoreError."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from store_processes import start_worker

from core.errors import StoreError
from core.store.store import Store


def test_a_store_held_by_another_process_fails_within_the_timeout(tmp_path: Path) -> None:
    holder = start_worker("hold", str(tmp_path), "30")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            Store.open(tmp_path, lock_timeout=0.5)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.communicate()
    assert 0.5 <= waited < 2.0
    message = str(caught.value)
    assert message == f"store {tmp_path} is in use by another papertray (pid {holder.pid})"
    with Store.open(tmp_path, lock_timeout=0.5) as store:  # the kernel freed the dead one's lock
        assert store.notices == []


def test_open_waits_for_a_holder_that_lets_go(tmp_path: Path) -> None:
    holder = start_worker("hold", str(tmp_path), "0.3")
    try:
        with Store.open(tmp_path, lock_timeout=10) as store:
            assert store.days() == []
    finally:
        holder.communicate()
    assert holder.returncode == 0


def test_a_second_open_in_the_same_process_is_refused_until_close(tmp_path: Path) -> None:
    first = Store.open(tmp_path)
    with pytest.raises(StoreError, match="in use by another papertray"):
        Store.open(tmp_path, lock_timeout=0.1)
    first.close()
    Store.open(tmp_path, lock_timeout=0.1).close()


def test_zero_timeout_fails_at_once(tmp_path: Path) -> None:
    with Store.open(tmp_path):
        started = time.monotonic()
        with pytest.raises(StoreError):
            Store.open(tmp_path, lock_timeout=0)
        assert time.monotonic() - started < 0.5
