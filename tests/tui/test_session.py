"""The reader opens where it was closed: day, topic, paper, scroll, folds, filter and view."""

from __future__ import annotations

from datetime import date

from conftest import add_day, open_app, settle
from test_reading import LONG, long_summary

from core.config import Settings
from core.models import Paper
from core.reader.session import load_session, session_path
from tui.widgets.fold import Fold
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView

SIZE = (120, 40)
LATER = date(2026, 4, 11)


async def test_day_topic_paper_and_view_are_restored(demo_settings: Settings) -> None:
    add_day(demo_settings, LATER, "later", [Paper("2604.00001", 1, "Later")])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("left_square_bracket")  # the demo day, not the latest
        await settle(pilot)
        await pilot.press("shift+tab", "j", "j", "enter")  # the third topic
        await settle(pilot)
        await pilot.press("j", "u")  # its second paper; the unread papers only
        await settle(pilot)
        topic, paper = screen.topic, screen.paper.id
        assert topic == "deep learning"
        await pilot.press("q")
    services.close()
    saved = load_session(session_path(demo_settings.store_dir))
    assert (saved.day, saved.topic, saved.paper_id, saved.view) == (
        date(2026, 4, 10), topic, paper, "unread")

    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.day == date(2026, 4, 10) and screen.topic == topic
        assert screen.paper.id == paper and screen.view == "unread"
        assert screen.query_one(PaperList).highlighted_id == paper
    services.close()


async def test_scroll_folds_and_filter_are_restored(demo_settings: Settings) -> None:
    add_day(demo_settings, LATER, "long", [Paper("2604.00001", 1, "Short"), LONG])
    app, services = open_app(demo_settings)
    services.store.put_summary(long_summary())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"long", "enter", "enter")  # filtered, then opened
        await settle(pilot)
        await pilot.press("space")  # section 1 folded
        view = app.screen.query_one(PaperView)
        view.scroll_to(y=5, animate=False, immediate=True)
        await pilot.press("q")
    services.close()

    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.text_filter == "long" and screen.paper.id == LONG.id
        assert screen.query_one("#section-1", Fold).folded
        assert not screen.query_one("#section-2", Fold).folded
        assert screen.query_one(PaperView).scroll_y == 5
    services.close()


async def test_a_date_asked_for_wins_over_the_session(demo_settings: Settings) -> None:
    add_day(demo_settings, LATER, "later", [Paper("2604.00001", 1, "Later")])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("q")
    services.close()
    app, services = open_app(demo_settings, date=LATER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.day == LATER
    services.close()
