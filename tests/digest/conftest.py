"""Fixtures for the digest tests: an open store under the test's home."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.config import Settings
from core.store.store import Store


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """The store of those settings, open."""
    with Store.open(settings.store_dir) as opened:
        yield opened
