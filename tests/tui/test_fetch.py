"""`R` fetches now: progress on screen, then the new day is shown."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import open_app, settle
from screen_text import screen_text
from servers.arxiv_server import ArxivServer

from core.config import Settings, load_settings
from tui.widgets.paper_list import PaperList


async def test_R_fetches_and_shows_the_new_day(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    now = datetime.now(UTC)
    arxiv_server.restamp(now - timedelta(minutes=1))
    settings = arxiv_server.apply(demo_settings)
    app, services = open_app(settings)
    progress: list[str] = []
    async with app.run_test(size=(120, 40), message_hook=lambda m: progress.append(
            getattr(m, "text", "")) if type(m).__name__ == "FetchProgressed" else None) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        today = now.astimezone().date()
        assert app.screen.day == today and today in app.screen.days
        assert progress and progress[0].startswith("Fetching 1/")
        assert any("new" in n.message for n in app._notifications)  # noqa: SLF001
        assert app.screen.data is not None and app.screen.data.listing
        listed = app.screen.query_one(PaperList).ids
        scores = [app.screen.data.scores[i] for i in listed]
        assert listed and scores == sorted(scores, reverse=True)  # the new day, best first
    services.close()


async def test_a_fetch_note_is_told_in_the_reader(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    now = datetime.now(UTC)
    arxiv_server.restamp(now - timedelta(minutes=1))
    odd = arxiv_server.entries[0]
    odd.unreadable_date()
    app, services = open_app(arxiv_server.apply(demo_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        told = [n.message for n in app._notifications if "Note: " in n.message]  # noqa: SLF001
        assert told and f"skipped an entry from arXiv ({odd.short_id}" in told[-1]
    services.close()


@pytest.fixture
def unreachable_arxiv(home: Path) -> Settings:
    """An empty home whose arXiv API refuses at once (the discard port): no retries, no delay."""
    settings = load_settings(home)
    return settings.with_(arxiv=replace(settings.arxiv, api_url="http://127.0.0.1:9/api",
                                        max_retries=0, delay_seconds=0.0))


async def test_empty_home_fetches_at_once_and_offers_the_demo_when_offline(
    unreachable_arxiv: Settings,
) -> None:
    app, services = open_app(unreachable_arxiv)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.day is None
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("fetching" in m for m in messages)
        assert any("papertray --demo" in m for m in messages)
    services.close()


async def test_R_again_stops_the_fetch(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    arxiv_server.slow(times=50, seconds=0.5)
    app, services = open_app(arxiv_server.apply(demo_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause(0.2)
        await pilot.press("R")
        await settle(pilot)
        assert not app.screen.workers_in("fetch")
        assert app.screen.day is not None
    services.close()


async def test_empty_home_says_what_to_do_and_why_the_fetch_failed(
    unreachable_arxiv: Settings,
) -> None:
    app, services = open_app(unreachable_arxiv)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "R fetches today's papers" in screen_text(app)
        failed = [n.message for n in app._notifications if "failed" in n.message]  # noqa: SLF001
        assert failed and "(" in failed[-1]  # the first failure's reason is given
    services.close()


async def test_opening_fetches_unless_a_fetch_succeeded_today(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    now = datetime.now(UTC)
    arxiv_server.restamp(now - timedelta(minutes=1))
    settings = arxiv_server.apply(demo_settings).with_(fetch_on_start=True)
    app, services = open_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert arxiv_server.requests, "opening with no fetch today asks arXiv"
        assert app.screen.day == now.astimezone().date()
    services.close()
    asked = len(arxiv_server.requests)
    app, services = open_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(arxiv_server.requests) == asked, "a fetch succeeded today: no new one"
    services.close()


async def test_the_demo_never_fetches_on_opening(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    assert not demo_settings.fetch_on_start
    app, services = open_app(arxiv_server.apply(demo_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert arxiv_server.requests == []
    services.close()


async def test_q_quits_at_once_while_a_fetch_waits_on_a_silent_server(
    demo_settings: Settings, arxiv_server: ArxivServer
) -> None:
    arxiv_server.never_answer(times=10)
    settings = arxiv_server.apply(demo_settings, timeout_seconds=60.0, max_retries=0)
    app, services = open_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        assert await asyncio.to_thread(arxiv_server.held.wait, 30)
        pressed = time.monotonic()
        await pilot.press("q")
    # What asyncio.run does after `app.run()` returns: wait for the worker threads.
    await asyncio.get_running_loop().shutdown_default_executor()
    quit_took = time.monotonic() - pressed
    services.close()
    assert arxiv_server.hung_up.is_set()  # the request was cut, not left to its 60 s timeout
    assert quit_took < 5


async def test_export_on_an_empty_store_says_so(unreachable_arxiv: Settings) -> None:
    app, services = open_app(unreachable_arxiv)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e", "left_square_bracket")
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("Nothing to export: no papers stored yet" in m for m in messages)
        assert any("No papers stored yet" in m for m in messages)
    services.close()
