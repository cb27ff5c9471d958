"""Suite-wide fixtures: every test gets its own papertray home and no network beyond loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.config import PdfSettings, Settings, load_settings

if TYPE_CHECKING:
    from servers.pdf_server import PdfServer

FIXTURES = Path(__file__).parent / "fixtures"

# The fakes at the network edge: real servers on 127.0.0.1.
pytest_plugins = ["servers.arxiv_server", "servers.openai_server", "servers.pdf_server"]


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # Unix sockets and the like never leave the machine.
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach past 127.0.0.1: fakes live on loopback only."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh PAPERTRAY_HOME for each test, and no LLM settings leaking in from the shell."""
    root = tmp_path / "home"
    monkeypatch.setenv("PAPERTRAY_HOME", str(root))
    for name in ("OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    yield root


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures, the recorded arXiv responses, PDFs and digests."""
    return FIXTURES


@pytest.fixture
def settings(home: Path) -> Settings:
    """Settings under the test's own home: default topics, no LLM."""
    return load_settings(home)


@pytest.fixture
def pdf_settings(settings: Settings, pdf_server: PdfServer) -> Settings:
    """Settings whose PDFs come from the local host, quickly: 2 s timeout, 2 retries."""
    pdf = PdfSettings(base_url=pdf_server.base_url, timeout_seconds=2.0, max_megabytes=5.0,
                      max_retries=2)
    return settings.with_(pdf=pdf)
