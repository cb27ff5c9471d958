"""Lazy summaries: visible stages, moving on mid-summary, failure and retry, the offline label."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from conftest import open_app, settle
from screen_text import screen_text
from servers.openai_server import FakeOpenAI, unauthorized

from core.config import Settings
from tui.app import PapertrayApp
from tui.screens import reader_summaries
from tui.screenshots import workers_done
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView

SIZE = (120, 40)


@pytest.fixture
def llm_settings(demo_settings: Settings, openai_server: FakeOpenAI) -> Settings:
    """The sample day with the fake LLM server configured (no retries: failures are quick)."""
    return demo_settings.with_(llm=openai_server.settings(max_retries=0, timeout_seconds=30.0),
                               prefetch=0)


async def wait_for_request(server: FakeOpenAI, count: int = 1) -> None:
    """Until the server has seen `count` chat requests (without blocking the app's loop)."""
    assert await asyncio.to_thread(server.wait_for_requests, count, 10.0)


async def until(pilot: object, condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Let the app run until `condition` holds (its messages arrive when the machine allows),
    giving up after `seconds`."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    return condition()


async def test_offline_summary_is_labelled(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "offline summarizer (no LLM configured)" in screen_text(demo_app)
        await pilot.press("enter")
        await settle(pilot)
        summary = demo_app.screen.summary
        assert summary is not None and summary.summarizer == "offline"
        assert summary.source == "abstract"
        provenance = demo_app.screen.query_one("#provenance").render()
        assert "offline extractive summary" in str(provenance)
        assert "abstract only" in str(provenance)


async def test_held_summary_shows_its_stage_then_the_sections(
    llm_settings: Settings, openai_server: FakeOpenAI
) -> None:
    openai_server.hold()
    app, services = open_app(llm_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # not settle: the held worker would never finish
        screen = app.screen
        await pilot.press("enter")
        await wait_for_request(openai_server)
        # The LLM's own progress ("reading the paper (N tokens)…") may already follow the stage.
        assert await until(pilot, lambda: screen.job.stage.startswith(
            ("summarizing", "reading the paper (")))
        assert screen.job.phase == "loading"
        assert screen.query_one(PaperView).has_class("-loading")
        assert await until(pilot, lambda: "Summary: summarizing…" in screen_text(app)
                           or "Summary: reading the paper (" in screen_text(app))
        await pilot.press("j", "k")  # the UI still answers while the worker waits
        openai_server.release()
        await settle(pilot)
        assert screen.summary is not None and screen.job.phase == "none"
        text = screen_text(app)
        assert "1. Task / Problem" in text and "The problem of " in text  # the fake's on_topic
        assert "by test-model" in str(screen.query_one("#provenance").render())
    services.close()


async def test_result_for_a_paper_no_longer_shown_is_stored_not_painted(
    llm_settings: Settings, openai_server: FakeOpenAI
) -> None:
    openai_server.hold()
    app, services = open_app(llm_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # not settle: no rest, only Enter starts a summary here
        screen = app.screen
        await pilot.press("enter")
        first = screen.paper.id
        await wait_for_request(openai_server)
        await pilot.press("escape", "j")  # Enter went into the summary: back to the list
        second = screen.paper.id
        assert second != first and screen.job.phase == "none"
        openai_server.release()
        await workers_done(app)
        await pilot.pause()
        assert screen.paper.id == second and screen.summary is None
        assert services.store.has_summary(first)
        assert first in screen.data.summarized
        prompt = str(screen.query_one(PaperList).get_option(first).prompt)
        assert "≡" in prompt
        await pilot.press("k")  # a stored summary shows at once
        assert screen.summary is not None and screen.summary.paper_id == first
    services.close()


async def test_failure_shows_inline_and_r_retries(
    llm_settings: Settings, openai_server: FakeOpenAI
) -> None:
    openai_server.then(unauthorized())
    app, services = open_app(llm_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # resting on the first paper starts its summary, which fails
        screen = app.screen
        assert screen.job.phase == "failed" and screen.job.reason
        text = screen_text(app)
        assert "Summary failed:" in text and "press r to retry" in text
        assert "r Retry" in text
        await pilot.press("r")
        await settle(pilot)
        assert screen.job.phase == "none" and screen.summary is not None
        assert "r Retry" not in screen_text(app)
    services.close()


async def test_prefetch_summarizes_the_next_papers(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings.with_(prefetch=2))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        ids = [o.id for o in screen.query_one(PaperList).options]
        await pilot.press("enter")
        await settle(pilot)
        assert services.store.summarized_ids(ids) == set(ids[:3])
    services.close()


async def test_space_folds_a_section_and_the_fold_is_remembered(demo_app: PapertrayApp) -> None:
    from tui.widgets.fold import Fold

    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "escape", "k", "enter")
        await settle(pilot)
        await pilot.press("j", "space")  # Enter is in the summary: section 2, folded
        await pilot.pause()
        screen = demo_app.screen
        assert screen.query_one("#section-2", Fold).folded
        assert not screen.query_one("#section-1", Fold).folded
        await pilot.press("space")
        await pilot.pause()
        assert not screen.query_one("#section-2", Fold).folded
        await pilot.press("space", "escape", "j")  # fold again, back to the list, next paper
        await settle(pilot)
        assert screen.summary is not None
        assert screen.query_one("#section-2", Fold).folded


async def test_resting_on_a_paper_starts_its_summary_but_passing_over_does_not(
    demo_app: PapertrayApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        store = demo_app.services.store
        ids = [o.id for o in screen.query_one(PaperList).options]
        assert store.has_summary(ids[0])  # the paper shown at start was rested on
        assert screen.summary is not None and not screen.state.read  # shown, not opened
        # However slowly the keys are handled here, passing over is quicker than resting.
        monkeypatch.setattr(reader_summaries, "REST_SECONDS", 3600.0)
        await pilot.press("j", "j", "j")
        assert screen.paper.id == ids[3] and screen.job.phase == "none" and screen.resting
        assert not any(screen.jobs.running(i) for i in ids[1:3])
        monkeypatch.setattr(reader_summaries, "REST_SECONDS", 0.01)
        screen.rest_on(ids[3])  # the cursor has rested long enough
        await settle(pilot)
        assert store.summarized_ids(ids) == {ids[0], ids[3]}
        assert screen.summary is not None and screen.summary.paper_id == ids[3]
        assert not screen.state.read  # only Enter marks a paper read


async def test_rows_and_header_show_summaries_being_made_and_failed(
    llm_settings: Settings, openai_server: FakeOpenAI
) -> None:
    openai_server.hold()
    app, services = open_app(llm_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = screen.paper.id
        await pilot.press("enter")
        await wait_for_request(openai_server)
        await pilot.press("escape")  # the list, at 80x24
        await pilot.pause()
        row = str(screen.query_one(PaperList).get_option(first).prompt)
        assert "⟳" in row and "1 summarizing" in screen.sub_title
        openai_server.release()
        await settle(pilot)
        row = str(screen.query_one(PaperList).get_option(first).prompt)
        assert "≡" in row and "summarizing" not in screen.sub_title
        openai_server.then(unauthorized())
        await pilot.press("j", "enter")
        await settle(pilot)
        second = screen.paper.id
        await pilot.press("escape")
        assert "!" in str(screen.query_one(PaperList).get_option(second).prompt)
    services.close()


async def test_with_an_llm_prefetch_defaults_to_the_next_two(
    llm_settings: Settings,
) -> None:
    app, services = open_app(llm_settings.with_(prefetch=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        ids = screen.query_one(PaperList).ids
        await pilot.press("enter")
        await settle(pilot)

        def tried() -> set[str]:
            """Made, or tried and refused (the fake's one answer need not fit every paper)."""
            summarized = services.store.summarized_ids(ids)
            return {i for i in ids if i in summarized or screen.jobs.get(i).phase == "failed"}

        assert await until(pilot, lambda: tried() == set(ids[:3]), seconds=120)
        assert ids[0] in services.store.summarized_ids(ids)
    services.close()


async def test_a_replaced_prefetch_finishes_the_summary_it_started(
    llm_settings: Settings, openai_server: FakeOpenAI
) -> None:
    """Moving on replaces the prefetch: it starts nothing more, but the call under way (its
    tokens being spent) is kept, and stored."""
    openai_server.hold()
    app, services = open_app(llm_settings.with_(prefetch=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        ids = screen.query_one(PaperList).ids
        await pilot.press("enter")  # the first paper, and a prefetch of the second
        await wait_for_request(openai_server, 2)
        await pilot.press("escape", "j", "j", "enter")  # the third, and a prefetch of the fourth
        openai_server.release()
        await settle(pilot)
        assert services.store.summarized_ids(ids) == {ids[0], ids[1], ids[2], ids[3]}
        assert "!" not in str(screen.query_one(PaperList).get_option(ids[1]).prompt)
    services.close()
