"""Finding papers: `/` on title, authors, arXiv id and abstract; the palette by id and author
on any day."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import add_day, open_app, settle
from screen_text import screen_text

from core.config import Settings
from core.models import Paper
from tui.app import PapertrayApp
from tui.providers import Entry
from tui.screenshots import workers_done
from tui.widgets.paper_list import PaperList

SIZE = (120, 40)


@pytest.mark.parametrize("query", ["jalil", "2302.03287", "educators"])
async def test_filter_looks_in_authors_id_and_abstract(
    demo_app: PapertrayApp, query: str
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *query, "enter")
        await settle(pilot)
        assert demo_app.screen.query_one(PaperList).ids == ["2302.03287"]


async def test_a_filter_that_hides_everything_says_so(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"qqqzzz", "enter")
        await settle(pilot)
        assert "Nothing here matches 'qqqzzz'" in screen_text(demo_app)


@pytest.mark.parametrize("query", ["2601.00001", "Zora Quill"])
async def test_palette_finds_a_paper_by_id_or_author_on_any_day(
    demo_settings: Settings, query: str
) -> None:
    other = Paper("2601.00001", 1, "An unremarkable title", ("Zora Quill", "Bo Li"))
    add_day(demo_settings, date(2026, 4, 9), "earlier topic", [other])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *query)
        await workers_done(app)  # the palette's search runs in a worker
        await pilot.pause()
        assert "An unremarkable title" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 9) and app.screen.paper.id == other.id
    services.close()


def test_palette_help_has_no_empty_fields() -> None:
    bare = Entry(Paper("2604.09546", 1, "Imported"), date(2026, 4, 13), "Imported")
    assert bare.help == "2604.09546 · 2026-04-13"
