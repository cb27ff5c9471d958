"""Reading a paper: the summary first and in focus at every size, j/k reach every line,
keys sent in a burst all count."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import add_day, open_app, settle
from screen_text import screen_text
from textual.content import Content

from core.config import Settings
from core.models import Paper
from core.records import RelatedWork, Sections, Summary
from tui.app import PapertrayApp
from tui.widgets.hanging import HangingText
from tui.widgets.paper_view import PaperView
from tui.widgets.summary_sections import work_pair

LONG = Paper("2605.00002", 1, "A paper with a long summary", ("Ann Author",), "Abstract.")


def long_summary() -> Summary:
    """Section 2 alone is longer than any screen: its last items need scrolling to be read."""
    works = tuple(RelatedWork(f"Work {i}", f"challenge number {i} " * 6) for i in range(40))
    sections = Sections(task=("The task.",), motivation="Why.", related_work=works,
                        core_idea=("The idea.",))
    return Summary(LONG.id, 1, sections, "llm", model="m")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_enter_puts_the_summary_in_view_and_in_focus(
    demo_app: PapertrayApp, size: tuple[int, int]
) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = demo_app.screen.query_one(PaperView)
        assert view.has_focus and view.scroll_y == 0
        text = screen_text(demo_app)
        assert "1. Task / Problem" in text and "2. Motivation & Gaps" in text
        summary = demo_app.services.store.get_summary(demo_app.screen.paper.id)
        first_words = " ".join(summary.sections.task[0].split()[:3])
        assert first_words in text  # section 1's text, not only its heading
        assert text.index("1. Task / Problem") < text.index("2. Motivation")


async def test_j_reaches_every_line_of_a_long_section_and_k_comes_back(
    demo_settings: Settings,
) -> None:
    add_day(demo_settings, date(2026, 4, 11), "long", [LONG])
    app, services = open_app(demo_settings)
    services.store.put_summary(long_summary())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(PaperView)
        seen: set[int] = set()
        height = view.scrollable_content_region.height
        for _ in range(80):
            seen.update(range(round(view.scroll_y), round(view.scroll_y) + height))
            await pilot.press("j")
        assert view.max_scroll_y > 2 * height  # the summary is several screens long
        assert seen >= set(range(view.virtual_size.height))  # every line was on screen
        assert view.cursor == len(view.folds()) - 1
        for _ in range(80):
            await pilot.press("k")
        assert view.scroll_y == 0 and view.cursor == 0
    services.close()


async def test_keys_sent_in_a_burst_all_count(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = demo_app.screen.query_one(PaperView)
        await pilot.press("j", "j", "j")  # one burst: no pause between the keys
        assert view.cursor == 3
        assert demo_app.screen.query_one("#section-4").has_class("-cursor")
        await pilot.press("k", "k")
        assert view.cursor == 1


def test_wrapped_bullets_hang_under_the_text() -> None:
    body = HangingText()
    body.set_lines([(Content(" • "), Content("word " * 30))])
    rows = [row.plain for row in body.rows(40)]
    assert rows[0].startswith(" • word") and len(rows) > 2
    assert all(row.startswith("   word") for row in rows[1:])


def test_a_related_work_without_challenge_has_no_stray_colon() -> None:
    _, line = work_pair(RelatedWork("…class imbalance problem.", ""))
    assert line.plain == "…class imbalance problem."
    _, line = work_pair(RelatedWork("SMOTE", "needs neighbours"))
    assert line.plain == "SMOTE: needs neighbours"
