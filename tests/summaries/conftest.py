"""Settings pointing at the fake PDF host for the summary tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers.pdf_server import PdfServer

from core.config import PdfSettings, Settings, load_settings


@pytest.fixture
def settings(home: Path) -> Settings:
    """Settings in the test's home, with no LLM."""
    return load_settings(home)


@pytest.fixture
def pdf_settings(settings: Settings, pdf_server: PdfServer) -> Settings:
    """Settings whose PDFs come from the local host, quickly: 2 s timeout, 2 retries."""
    pdf = PdfSettings(base_url=pdf_server.base_url, timeout_seconds=2.0, max_megabytes=5.0,
                      max_retries=2)
    return settings.with_(pdf=pdf)
