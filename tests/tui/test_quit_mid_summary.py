"""`q` quits at once while a summary waits on the network: the download or the streamed LLM
call is cut, nothing is stored, and no failure is shown."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

from conftest import open_app
from servers.openai_server import FakeOpenAI
from servers.pdf_server import PdfServer

from core.config import Settings
from core.services import Services


async def quit_mid_summary(settings: Settings, held: Callable[[], bool]) -> float:
    """Start the shown paper's summary as a rest would, wait until the server holds its
    request, press q; how long quitting took (worker threads included). Checks that no
    failure was posted and nothing stored."""
    app, services = open_app(settings)
    posted: list[str] = []
    async with app.run_test(size=(120, 40),
                            message_hook=lambda m: posted.append(type(m).__name__)) as pilot:
        await pilot.pause()
        assert app.screen.resting
        app.screen.rest_now()  # as if the cursor had rested: the summary starts
        assert await asyncio.to_thread(held)
        paper_id = app.screen.paper.id
        pressed = time.monotonic()
        await pilot.press("q")
    # What asyncio.run does after `app.run()` returns: wait for the worker threads.
    await asyncio.get_running_loop().shutdown_default_executor()
    quit_took = time.monotonic() - pressed
    assert_nothing_made(services, paper_id, posted)
    return quit_took


def assert_nothing_made(services: Services, paper_id: str, posted: list[str]) -> None:
    """No summary stored (no fallback to the abstract), no failure shown."""
    try:
        assert services.store.get_summary(paper_id) is None
    finally:
        services.close()
    assert "SummaryFailed" not in posted and "SummaryReady" not in posted


async def test_q_quits_at_once_while_a_summary_waits_on_a_silent_pdf_host(
    demo_settings: Settings, pdf_server: PdfServer
) -> None:
    pdf_server.cue(*["never"] * 5)
    pdf = replace(demo_settings.pdf, base_url=pdf_server.base_url, timeout_seconds=60.0,
                  max_retries=2)
    quit_took = await quit_mid_summary(demo_settings.with_(pdf=pdf),
                                       lambda: pdf_server.held.wait(30))
    assert pdf_server.hung_up.is_set()  # the download was cut, not left to its 60 s timeout
    assert len(pdf_server.requests) == 1  # and not retried
    assert quit_took < 5


async def test_q_quits_at_once_while_the_llm_holds_its_answer(
    demo_settings: Settings, openai_server: FakeOpenAI
) -> None:
    openai_server.hold()  # after the PDF host refuses (the demo's), the LLM call waits
    llm = openai_server.settings(context_tokens=16384, idle_seconds=60.0, timeout_seconds=60.0)
    quit_took = await quit_mid_summary(demo_settings.with_(llm=llm, prefetch=0),
                                       lambda: openai_server.wait_for_requests(1, 30))
    assert quit_took < 5  # not the 60 s the first token may take
