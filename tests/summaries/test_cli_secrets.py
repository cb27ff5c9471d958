"""The API key goes to the LLM server and nowhere else: not the store, exports, output or errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from servers.openai_server import FakeOpenAI, unauthorized
from servers.pdf_server import PdfServer

from core.models import Paper
from core.store.store import Store
from tui.cli import main

SECRET = "sk-test-SECRET-0123456789abcdef"
DAY = date(2026, 11, 24)
DPR = Paper(id="2004.04906", version=3, title="Dense Passage Retrieval for Open-Domain QA",
            abstract="Open-domain question answering relies on efficient passage retrieval.")


@pytest.fixture
def llm_home(home: Path, pdf_server: PdfServer, openai_server: FakeOpenAI,
             monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home whose config holds the key, with the LLM and PDFs served from 127.0.0.1."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[pdf]\nbase_url = "{pdf_server.base_url}"\ntimeout_seconds = 2\nmax_retries = 0\n'
        f'[llm]\nbase_url = "{openai_server.base_url}"\nmodel = "test-model"\n'
        f'api_key = "{SECRET}"\ntimeout_seconds = 5\nmax_retries = 0\n',
        encoding="utf-8",
    )
    with Store.open(home / "store") as store:
        store.upsert_papers([DPR])
        store.add_to_day(DAY, "retrieval", [DPR.id])
    return home


def _files_holding_the_secret(home: Path) -> list[Path]:
    config = home / "config.toml"
    return [p for p in home.rglob("*")
            if p.is_file() and p != config and SECRET[8:].encode() in p.read_bytes()]


def test_a_summary_and_its_export_never_hold_the_key(llm_home: Path, openai_server: FakeOpenAI,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", DPR.id, "--format", "json"]) == 0
    assert main(["export", "--date", DAY.isoformat(), "-o", "-"]) == 0
    assert main(["export", "--date", DAY.isoformat(), "--format", "bibtex", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert openai_server.recorded[0].headers["authorization"] == f"Bearer {SECRET}"
    assert "summarized by test-model" in out
    assert SECRET[8:] not in out + err
    assert _files_holding_the_secret(llm_home) == []


def test_a_rejected_key_is_not_echoed(llm_home: Path, openai_server: FakeOpenAI,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    shown = SECRET[:12] + "***" + SECRET[-4:]
    openai_server.then(unauthorized(key_shown=shown), unauthorized(key_shown=shown))
    for argv in (["summarize", DPR.id], ["--debug", "summarize", DPR.id]):
        assert main(argv) == 1
    out, err = capsys.readouterr()
    assert err.count("papertray: the LLM server rejected the API key (401)") == 2
    assert "Traceback" in err  # --debug: still no key in the traceback
    assert SECRET[:12] not in out + err and SECRET[-8:] not in out + err
    assert _files_holding_the_secret(llm_home) == []
