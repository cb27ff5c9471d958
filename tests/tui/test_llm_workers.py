"""The reader's summary workers with an LLM: progress lines as the answer streams, and prefetch
sending `[llm] concurrency` requests at once (the worker bodies, without a screen)."""

from __future__ import annotations

import threading
from datetime import date

from conftest import settle
from servers.openai_server import FakeOpenAI
from textual.message import Message

from core.config import PdfSettings, Settings
from core.models import Paper
from core.services import open_services
from tui.app import PapertrayApp
from tui.jobs import Job
from tui.workers import prefetch_papers, summarize_paper

PAPERS = [Paper(f"2501.0000{i}", 1, f"Dense retrieval {i}", abstract="Dense retrieval.")
          for i in range(1, 4)]


def llm_settings(settings: Settings, server: FakeOpenAI, concurrency: int = 2) -> Settings:
    # context_tokens set: no discovery requests, so the server sees chat requests only. No PDF
    # host listens on port 9: each summary is made from the abstract.
    return settings.with_(llm=server.settings(context_tokens=16384, concurrency=concurrency),
                          pdf=PdfSettings(base_url="http://127.0.0.1:9/pdf", timeout_seconds=1,
                                          max_retries=0))


def test_the_summary_line_shows_the_llm_reading_then_writing(
        settings: Settings, openai_server: FakeOpenAI) -> None:
    posted: list[Message] = []
    with open_services(llm_settings(settings, openai_server)) as services:
        services.store.upsert_papers(PAPERS[:1])
        summarize_paper(services, PAPERS[0], posted.append, lambda: False)
    stages = [getattr(m, "stage", "") for m in posted]
    reading = next(s for s in stages if s.startswith("reading the paper ("))
    writing = [s for s in stages if s.startswith("writing the summary: ")]
    assert writing and type(posted[-1]).__name__ == "SummaryReady"
    assert Job("loading", reading).text == f"Summary: {reading}"  # no second ellipsis
    assert Job("loading", "downloading").text == "Summary: downloading PDF…"


def test_prefetch_sends_llm_concurrency_requests_at_once(
        settings: Settings, openai_server: FakeOpenAI) -> None:
    posted: list[Message] = []
    with open_services(llm_settings(settings, openai_server)) as services:
        services.store.upsert_papers(PAPERS)
        openai_server.hold()
        worker = threading.Thread(target=prefetch_papers,
                                  args=(services, PAPERS, posted.append, lambda: False))
        worker.start()
        assert openai_server.wait_for_requests(2)
        openai_server.release()
        worker.join(30)
        assert services.store.summarized_ids(p.id for p in PAPERS) == {p.id for p in PAPERS}
    assert openai_server.max_in_flight == 2
    assert sum(type(m).__name__ == "SummaryReady" for m in posted) == 3


def test_prefetch_leaves_papers_alone_once_stopped(
        settings: Settings, openai_server: FakeOpenAI) -> None:
    with open_services(llm_settings(settings, openai_server, concurrency=1)) as services:
        services.store.upsert_papers(PAPERS)
        prefetch_papers(services, PAPERS, lambda message: None, lambda: True)
    assert openai_server.requests == []


def test_a_stopped_prefetch_cuts_the_call_under_way_and_fails_nothing(
        settings: Settings, openai_server: FakeOpenAI) -> None:
    posted: list[Message] = []
    openai_server.hold()  # the call is under way when the stop comes
    with open_services(llm_settings(settings, openai_server, concurrency=1)) as services:
        services.store.upsert_papers(PAPERS[:1])
        prefetch_papers(services, PAPERS[:1], posted.append, lambda: bool(openai_server.requests))
        assert services.store.get_summary(PAPERS[0].id) is None
    kinds = [type(m).__name__ for m in posted]
    assert kinds[-1] == "SummaryStopped" and "SummaryFailed" not in kinds


async def test_help_shows_the_days_llm_totals(demo_app: PapertrayApp) -> None:
    demo_app.services.store.add_llm_usage(date.today(), {
        "calls": 3, "input_tokens": 12400, "output_tokens": 2100, "seconds": 95.2})
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = [str(label.render()) for label in demo_app.screen.query(".help-row")]
        assert any(r.strip() == "LLM  3 calls, 12,400 tokens in, 2,100 out, 95 s" for r in rows)
