"""Fixtures for the reader's Pilot tests: the demo day in the test's home, and the app on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.config import Settings
from core.demo import make_demo_home
from core.models import Paper
from core.services import Services, open_services
from core.store.store import Store
from tui.app import PapertrayApp
from tui.screens import reader_summaries
from tui.screenshots import workers_done

DAY = date(2026, 4, 10)
"""The demo's sample day."""
CLOSED_PORT_URL = "http://127.0.0.1:9/pdf"
"""A PDF host that refuses at once (the discard port): summaries fall back to the abstract."""


@pytest.fixture(autouse=True)
def no_timed_rests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resting and staying happen only when a test says so (`settle`, `stay`), never by the
    clock: a busy machine cannot make a test pass or fail."""
    monkeypatch.setattr(reader_summaries, "REST_SECONDS", 3600.0)
    monkeypatch.setattr(reader_summaries, "READ_SECONDS", 3600.0)
    monkeypatch.setattr(PapertrayApp, "NOTIFICATION_TIMEOUT", 3600.0)  # none expire mid-test


@pytest.fixture
def demo_settings(home: Path) -> Settings:
    """The sample day written into this test's home, PDFs from nowhere, no LLM."""
    settings = make_demo_home(home)
    return settings.with_(pdf=replace(settings.pdf, base_url=CLOSED_PORT_URL, max_retries=0))


def open_app(settings: Settings, **kwargs: object) -> tuple[PapertrayApp, Services]:
    """Open the store and build the app on it (close the services after the test)."""
    services = open_services(settings)
    return PapertrayApp(services, **kwargs), services  # type: ignore[arg-type]


@pytest.fixture
def demo_app(demo_settings: Settings) -> Iterator[PapertrayApp]:
    """The reader on the sample day."""
    app, services = open_app(demo_settings)
    yield app
    services.close()


def add_day(settings: Settings, day: date, topic: str, papers: list[Paper]) -> None:
    """Store more papers listed under a topic on another day."""
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(papers)
        store.add_to_day(day, topic, [p.id for p in papers])


async def settle(pilot: object) -> None:
    """Let messages, a pending rest (it starts a summary), the day loader and any workers
    finish, then repaint."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    if getattr(app.screen, "resting", False):
        app.screen.rest_now()  # as if the cursor had rested: no waiting on the timer
    await workers_done(app)
    await pilot.pause()  # type: ignore[attr-defined]


async def to_unstarred(pilot: object) -> str:
    """Move down the list to the first paper not starred (the demo lists its starred papers
    first: they match their topics best) and settle there; its id."""
    screen = pilot.app.screen  # type: ignore[attr-defined]
    for _ in range(len(screen.query_one("#papers").options)):
        if not screen.state.starred:
            break
        await pilot.press("j")  # type: ignore[attr-defined]
        await settle(pilot)
    assert not screen.state.starred
    return str(screen.paper.id)
