"""`papertray summarize` through the real command line, against local PDF and arXiv hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_samples import ODD_DIR, PDF_DIR, write_plain_pdf
from servers.arxiv_server import ArxivServer
from servers.openai_server import FakeOpenAI
from servers.pdf_server import PdfServer

from core.models import Paper
from core.store.store import Store
from tui.cli import main
from tui.commands.summarize import parse_id

TEACHING = PDF_DIR / "arxiv_2212.08410v3_teaching-small-lms-to-reason_7p_2col_acl.pdf"


@pytest.fixture
def hosts(home: Path, pdf_server: PdfServer, arxiv_server: ArxivServer) -> Path:
    """A config pointing papertray at the local hosts; returns the home."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[arxiv]\napi_url = "{arxiv_server.url}"\ndelay_seconds = 0\nmax_retries = 0\n'
        f'[pdf]\nbase_url = "{pdf_server.base_url}"\ntimeout_seconds = 2\nmax_retries = 0\n',
        encoding="utf-8",
    )
    return home


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["summarize", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_local_pdf_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(TEACHING))
    assert code == 0
    assert "offline extractive summary" in out
    for heading in ("### 1. Task / Problem", "### 3. Core Idea", "### 6. Takeaways"):
        assert heading in out
    assert "- **Pipeline**: " in out
    assert "summarizing" in err


def test_a_local_pdf_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(TEACHING), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["source"] == "pdf"
    assert data["summary"]["paper_id"] == "2212.08410"
    assert data["summary"]["sections"]["core_idea"]


@pytest.mark.parametrize(("name", "reason"), [
    ("not_a_pdf_36bytes.pdf", "not a PDF"),
    ("encrypted_userpw-1234_arxiv_2206.01062_page3.pdf", "needs a password"),
    ("scanned_image-only_1p_docling-ocr_test.pdf", "scanned image?"),
])
def test_bad_pdfs_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], name: str,
                                       reason: str) -> None:
    code, out, err = _run(capsys, str(ODD_DIR / name))
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("papertray: ") and reason in last


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty"),
    (TEACHING.read_bytes()[: TEACHING.stat().st_size // 2], "truncated"),
])
def test_empty_and_truncated_files_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          content: bytes, reason: str) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(content)
    code, _, err = _run(capsys, str(path))
    assert code == 2 and reason in err.strip().splitlines()[-1]


@pytest.mark.parametrize("target", ["12ab", "not-an-id", "/no/such/file.pdf"])
def test_bad_targets_exit_2(capsys: pytest.CaptureFixture[str], target: str) -> None:
    code, _, err = _run(capsys, target)
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_a_stored_paper_by_id(hosts: Path, capsys: pytest.CaptureFixture[str],
                              pdf_server: PdfServer, arxiv_server: ArxivServer) -> None:
    paper = Paper(id="2004.04906", version=3, title="Dense Passage Retrieval",
                  abstract="Open-domain question answering relies on passage retrieval.")
    with Store.open(hosts / "store") as store:
        store.upsert_papers([paper])
    code, out, _ = _run(capsys, "2004.04906")
    assert code == 0
    assert out.startswith("### [Dense Passage Retrieval](https://arxiv.org/pdf/2004.04906v3)")
    assert "from the full PDF" in out
    assert pdf_server.requests == ["/pdf/2004.04906v3"]
    assert arxiv_server.requests == []
    with Store.open(hosts / "store") as store:
        assert store.get_summary("2004.04906").source == "pdf"


def test_offline_skips_an_llm_set_in_the_environment(
        hosts: Path, capsys: pytest.CaptureFixture[str], openai_server: FakeOpenAI,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    code, out, _ = _run(capsys, str(TEACHING), "--offline")
    assert code == 0 and "offline extractive summary" in out
    assert openai_server.requests == []
    code, out, _ = _run(capsys, str(TEACHING))
    assert code == 0 and "offline extractive summary" in out  # the stored one, reused
    code, out, _ = _run(capsys, str(TEACHING), "--force")
    assert code == 0 and "summarized by gpt-4o-mini" in out
    assert len(openai_server.requests) == 1


def test_a_corrupt_store_file_is_reported_and_the_summary_made(
        hosts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hosts / "store").mkdir()
    (hosts / "store" / "meta.json").write_bytes(b"\x00garbage")
    code, out, err = _run(capsys, str(TEACHING))
    assert code == 0 and out.startswith("### ")
    assert "papertray: meta.json was damaged" in err and "kept as " in err


def test_an_unknown_id_is_looked_up_on_arxiv(hosts: Path, capsys: pytest.CaptureFixture[str],
                                             pdf_server: PdfServer) -> None:
    code, out, _ = _run(capsys, "https://arxiv.org/abs/1605.08386", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["paper"]["id"] == "1605.08386"
    assert data["summary"]["source"] == "abstract"  # the local host has no PDF for it
    assert "HTTP 404" in data["summary"]["note"]
    with Store.open(hosts / "store") as store:
        assert store.has_paper("1605.08386") and store.has_summary("1605.08386")


def test_an_id_arxiv_does_not_know_exits_2(hosts: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "0000.0000")
    assert code == 2
    assert "arXiv has no paper 0000.0000" in err


def test_parse_id() -> None:
    assert parse_id("2004.04906v3") == ("2004.04906", 3)
    assert parse_id("2004.04906") == ("2004.04906", None)
    assert parse_id("hep-ex/0406020v1") == ("hep-ex/0406020", 1)
    assert parse_id("https://arxiv.org/pdf/2004.04906v3.pdf") == ("2004.04906", 3)


def test_llm_progress_and_the_stored_summary_on_stderr(
        hosts: Path, capsys: pytest.CaptureFixture[str], openai_server: FakeOpenAI,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    code, out, err = _run(capsys, str(TEACHING), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["summarizer"] == "llm"
    assert "papertray: reading the paper (" in err
    assert "papertray: writing the summary: " in err
    code, out_again, err = _run(capsys, str(TEACHING))
    assert code == 0 and "the stored summary (--force makes a new one)" in err
    assert len(openai_server.requests) == 1  # the markdown reuses what the json run made


def test_a_pdf_without_an_id_says_it_was_not_stored(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    write_plain_pdf(path)
    code, out, err = _run(capsys, str(path))
    assert code == 0 and out.startswith("### ")
    assert "papertray: not stored: no arXiv id in the PDF's margin stamp" in err
