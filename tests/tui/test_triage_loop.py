"""The triage loop: read by staying or Enter, m, x and the hidden list, z, every topic shown,
the nearest day, and saying so instead of doing nothing."""

from __future__ import annotations

from datetime import date

from conftest import DAY, add_day, open_app, settle, to_unstarred
from screen_text import screen_text

from core.config import Settings, Topic
from core.models import Paper
from tui.app import PapertrayApp
from tui.widgets.paper_list import PaperList

SIZE = (120, 40)


def messages(app: PapertrayApp) -> list[str]:
    return [n.message for n in app._notifications]  # noqa: SLF001


async def test_a_summary_that_stays_on_screen_marks_its_paper_read(
    demo_app: PapertrayApp,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # resting on the first paper made its summary
        screen = demo_app.screen
        assert screen.summary is not None and not screen.state.read
        screen.stayed()  # the read timer's callback, as if READ_SECONDS had passed
        await pilot.pause()
        assert screen.state.read
        await settle(pilot)
        assert demo_app.services.store.get_state(screen.paper.id).read


async def test_staying_on_the_list_of_a_narrow_screen_does_not_read(
    demo_app: PapertrayApp,
) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        screen.stayed()  # the summary is not on screen: the list fills it
        await pilot.pause()
        assert not screen.state.read


async def test_m_toggles_read_and_z_undoes(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        await to_unstarred(pilot)
        await pilot.press("m")
        assert screen.state.read
        await pilot.press("m")
        assert not screen.state.read
        await pilot.press("s", "z")
        assert not screen.state.starred and not screen.state.read
        await pilot.press("z", "z")
        assert not screen.state.read  # m, m undone: back to unread
        await pilot.press("z")
        assert "Nothing to undo." in messages(demo_app)
        await settle(pilot)
        assert demo_app.services.store.get_state(screen.paper.id) == screen.state


async def test_x_hides_H_lists_the_hidden_and_x_brings_one_back_unread(
    demo_app: PapertrayApp,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        hidden = screen.paper.id
        await pilot.press("x")
        await settle(pilot)
        assert hidden not in screen.query_one(PaperList).ids
        assert "large language models  9/8 · 1 hidden" not in screen_text(demo_app)
        assert "8/8 · 1 hidden" in screen_text(demo_app)
        await pilot.press("H")
        await settle(pilot)
        assert screen.query_one(PaperList).ids == [hidden]
        assert "hidden papers" in screen_text(demo_app)
        await pilot.press("x")  # bring it back: nothing else changes
        await settle(pilot)
        state = demo_app.services.store.get_state(hidden)
        assert not state.skipped and not state.read
        await pilot.press("escape")  # leaves the hidden list
        assert screen.view == "all" and hidden in screen.query_one(PaperList).ids


async def test_z_brings_back_a_hidden_paper(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        hidden = screen.paper.id
        await pilot.press("x", "z")
        await settle(pilot)
        assert hidden in screen.query_one(PaperList).ids and screen.paper.id == hidden
        assert not demo_app.services.store.get_state(hidden).skipped


async def test_every_topic_shows_and_a_hidden_topic_says_so(demo_settings: Settings) -> None:
    settings = demo_settings.with_(topics=(*demo_settings.topics, Topic("quiet", ("quiet",))))
    add_day(settings, date(2026, 4, 11), "two", [Paper("2604.00001", 1, "One"),
                                                 Paper("2604.00002", 1, "Two")])
    app, services = open_app(settings)
    for paper_id in ("2604.00001", "2604.00002"):
        services.store.set_state(paper_id, skipped=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "two  0/0 · 2 hidden" in text and "quiet  0/0" in text
        assert "2 papers hidden here: H lists them" in text
        assert "Nothing was listed" not in text
    services.close()


async def test_date_without_papers_opens_the_nearest_day(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 3, 1), "old", [Paper("2603.00001", 1, "Old")])
    app, services = open_app(demo_settings, date=date(2026, 3, 3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.day == date(2026, 3, 1)
        assert any("nearest day, 2026-03-01" in m for m in messages(app))
    services.close()


async def test_brackets_on_the_only_day_say_so(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "right_square_bracket")
        assert demo_app.screen.day == DAY
        found = messages(demo_app)
        assert any("No earlier day" in m and "only one" in m for m in found)
        assert any("No later day" in m for m in found)
