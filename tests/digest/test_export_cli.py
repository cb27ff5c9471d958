"""`papertray export` and `papertray import` through the real command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from export_samples import DAY, check_digest, llm_summary, rich_paper
from servers.openai_server import FakeOpenAI
from servers.pdf_server import PdfServer

from core.config import Settings
from core.models import Paper
from core.store.store import Store
from tui.cli import main

DIGESTS = Path(__file__).parents[1] / "fixtures" / "digests"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(settings: Settings) -> list[Paper]:
    """Two summarized papers listed on DAY, in a store that is closed again."""
    papers = [rich_paper(1), rich_paper(2)]
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(papers)
        store.add_to_day(DAY, "avatar", [p.id for p in papers])
        for paper in papers:
            store.put_summary(llm_summary(paper))
    return papers


def test_export_to_the_export_dir_never_overwrites(
    capsys: pytest.CaptureFixture[str], settings: Settings, filled: list[Paper]
) -> None:
    code, out, _ = _run(capsys, "export")
    first = settings.export_dir / "2025-08-29.md"
    assert code == 0 and out.strip() == (f"exported 2 papers of 2025-08-29 (2 summarized) "
                                         f"to {first}")
    assert len(check_digest(first.read_text(encoding="utf-8"))) == 2
    code, out, _ = _run(capsys, "export", "--date", "2025-08-29")
    assert code == 0 and out.strip().endswith("2025-08-29-2.md")
    first.write_text("changed", encoding="utf-8")
    code, out, _ = _run(capsys, "export", "--force")
    assert code == 0 and out.strip().endswith("2025-08-29.md")
    assert first.read_text(encoding="utf-8").startswith("# Daily Paper Digest · 2025-08-29")


def test_export_to_stdout_and_to_a_named_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filled: list[Paper]
) -> None:
    code, out, err = _run(capsys, "export", "-o", "-")
    assert code == 0 and out.startswith("# Daily Paper Digest · 2025-08-29\n")
    assert "exported 2 papers" in err
    code, out, _ = _run(capsys, "export", "--format", "bibtex", "-o", "-")
    assert code == 0 and out.count("@misc{arXiv:2508.") == 2
    target = tmp_path / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = _run(capsys, "export", "-o", str(target))
    assert code == 2 and "exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert _run(capsys, "export", "-o", str(target), "--force")[0] == 0


def test_export_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "export")
    assert code == 2 and err.count("\n") == 1 and "no days yet" in err
    with pytest.raises(SystemExit) as exited:
        main(["export", "--date", "29/08/2025"])
    assert exited.value.code == 2 and "not a date" in capsys.readouterr().err


def test_export_summarize_makes_the_missing_summaries(
    capsys: pytest.CaptureFixture[str], home: Path, pdf_server: PdfServer
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[pdf]\nbase_url = "{pdf_server.base_url}"\ntimeout_seconds = 5\nmax_retries = 0\n',
        encoding="utf-8")
    from core.config import load_settings

    settings = load_settings(home)
    paper = Paper("2212.08410", 3, "Teaching Small Language Models to Reason",
                  authors=("Lucie Charlotte Magister",), abstract="Chain of thought prompting.")
    with Store.open(settings.store_dir) as store:
        store.upsert_papers([paper])
        store.add_to_day(DAY, "reasoning", [paper.id])
    code, out, err = _run(capsys, "export", "--summarize")
    assert code == 0, err
    assert "summarizing 2212.08410v3" in err
    text = (settings.export_dir / "2025-08-29.md").read_text(encoding="utf-8")
    assert [e.details_blocks for e in check_digest(text)] == [1]
    assert "offline" in text.splitlines()[1]


def test_import_prints_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "import", str(DIGESTS))
    assert code == 0
    assert out.splitlines() == [
        "files: 4 digests read (1 with repaired UTF-8), 0 skipped",
        "days: 4 (2025-08-29 to 2026-04-13)",
        "papers: 32 new, 0 already known; 32 listings added",
        "summaries: 30 new, 0 already stored; 2 entries had no summary",
    ]
    code, out, _ = _run(capsys, "import", str(DIGESTS / "2025-08-29.md"))
    assert code == 0 and "papers: 0 new, 12 already known; 0 listings added" in out


def test_import_of_nothing_usable_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    code, out, err = _run(capsys, "import", str(tmp_path / "notes.md"), str(tmp_path / "gone"))
    assert code == 2
    assert "files: 0 digests read, 2 skipped" in out
    assert "not a digest: " in err and "no such file or folder" in err


def test_a_truncated_month_is_salvaged_and_said_in_one_line(
    capsys: pytest.CaptureFixture[str], settings: Settings, tmp_path: Path
) -> None:
    day = date(2025, 10, 15)
    papers = [rich_paper(n, month="2510") for n in range(160)]
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(papers)
        store.add_to_day(day, "avatar", [p.id for p in papers[:10]])
        store.add_to_day(day, "later", [p.id for p in papers[10:]])
    assert _run(capsys, "export", "--date", "2025-10-15", "-o", str(tmp_path / "all.md"))[0] == 0
    shard = settings.store_dir / "papers-2510.json"
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])

    code, out, err = _run(capsys, "export", "--date", "2025-10-15", "-o", "-")
    assert code == 0
    notice, summary = err.splitlines()
    recovered = int(notice.split("; ")[1].split()[0])
    assert 70 <= recovered <= 80  # every whole record before the cut, at half the file
    assert notice.startswith("papertray: papers-2510.json was damaged (not whole JSON")
    assert f"; {recovered} records recovered; the damaged file is kept as " in notice
    assert summary.startswith(f"exported {recovered} papers of 2025-10-15")
    assert all(f"({p.pdf_url})" in out for p in papers[:10])

    code, _, err = _run(capsys, "import", str(tmp_path / "all.md"))  # what was cut comes back
    assert code == 0 and "damaged" not in err
    with Store.open(settings.store_dir) as store:
        assert [p.id for p in store.get_papers(p.id for p in papers)] == [p.id for p in papers]
        assert store.notices == []


def test_export_summarize_sends_llm_concurrency_requests_at_once(
    capsys: pytest.CaptureFixture[str], home: Path, pdf_server: PdfServer,
    openai_server: FakeOpenAI,
) -> None:
    import threading

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[pdf]\nbase_url = "{pdf_server.base_url}"\ntimeout_seconds = 5\nmax_retries = 0\n'
        f'[llm]\nbase_url = "{openai_server.base_url}"\nmodel = "test-model"\n'
        "context_tokens = 16384\nconcurrency = 2\n", encoding="utf-8")
    from core.config import load_settings

    settings = load_settings(home)
    papers = [Paper(f"2501.0000{i}", 1, f"Paper {i}", abstract="Dense retrieval.")
              for i in range(1, 4)]
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(papers)
        store.add_to_day(DAY, "retrieval", [p.id for p in papers])
    openai_server.hold()
    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(main(["export", "--summarize"])))
    worker.start()
    assert openai_server.wait_for_requests(2)
    openai_server.release()
    worker.join(30)
    _, err = capsys.readouterr()
    assert codes == [0], err
    assert openai_server.max_in_flight == 2  # two at once, never three
    assert len(openai_server.requests) == 3
    assert "papertray: LLM today: 3 calls, " in err and " tokens in, " in err
