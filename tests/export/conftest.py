"""Fixtures for export/import tests: settings and an open store under the test's home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers.pdf_server import pdf_server  # noqa: F401 - until tests/conftest.py registers it

from core.config import Settings, load_settings
from core.store import Store


@pytest.fixture
def settings(home: Path) -> Settings:
    """Settings under the test's own PAPERTRAY_HOME (default topics, offline)."""
    return load_settings(home)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """The store of those settings, open."""
    with Store.open(settings.store_dir) as opened:
        yield opened
