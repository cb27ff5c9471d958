"""Cards (`c`): one paper at a time across the screen; n/p move, s and x triage and move on."""

from __future__ import annotations

import pytest
from conftest import settle
from screen_text import screen_text

from tui.app import PapertrayApp
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_c_shows_the_paper_alone_read_and_summarized(demo_app: PapertrayApp,
                                                           size: tuple[int, int]) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        listed = screen.query_one(PaperList).ids
        await pilot.press("c")
        await settle(pilot)
        assert screen.paper.id == listed[0] and screen.state.read
        assert not screen.query_one("#left").display
        assert screen.query_one(PaperView).has_focus_within
        text = screen_text(demo_app)
        assert f"Card 1 of {len(listed)}" in text
        assert "1. Task / Problem" in text and screen.summary is not None


async def test_n_and_p_move_between_cards(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        listed = screen.query_one(PaperList).ids
        await pilot.press("c", "n", "n")
        await settle(pilot)
        assert screen.paper.id == listed[2] and screen.state.read
        assert f"Card 3 of {len(listed)}" in screen_text(demo_app)
        await pilot.press("p")
        await settle(pilot)
        assert screen.paper.id == listed[1]
        await pilot.press("p", "p")
        await settle(pilot)
        assert screen.paper.id == listed[0]
        assert any("first paper" in n.message for n in demo_app._notifications)  # noqa: SLF001


async def test_s_stars_and_x_hides_then_the_next_card_shows(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        store = demo_app.services.store
        listed = screen.query_one(PaperList).ids
        await pilot.press("c")
        await settle(pilot)
        first_starred = screen.state.starred
        await pilot.press("s")
        await settle(pilot)
        assert store.get_state(listed[0]).starred != first_starred
        assert screen.paper.id == listed[1]
        await pilot.press("x")
        await settle(pilot)
        assert store.get_state(listed[1]).skipped
        assert listed[1] not in screen.query_one(PaperList).ids
        assert screen.paper.id == listed[2] and screen.state.read
        assert screen.cards


async def test_esc_leaves_the_cards_with_the_list_on_the_last_card(
        demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        papers = screen.query_one(PaperList)
        await pilot.press("c", "n")
        await settle(pilot)
        shown = screen.paper.id
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.cards and papers.has_focus and papers.highlighted_id == shown
        assert "Card " not in screen_text(demo_app)
        await pilot.press("n")  # a card key, not a list key
        await settle(pilot)
        assert screen.paper.id == shown


async def test_the_last_card_says_so(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        listed = screen.query_one(PaperList).ids
        await pilot.press("G", "c", "n")
        await settle(pilot)
        assert screen.paper.id == listed[-1]
        assert any("last paper" in n.message for n in demo_app._notifications)  # noqa: SLF001


async def test_z_undoes_the_last_triage_and_goes_back_to_its_card(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        store = demo_app.services.store
        listed = screen.query_one(PaperList).ids
        await pilot.press("c", "n")
        await settle(pilot)
        starred = screen.state.starred
        await pilot.press("s", "x")  # star the second, then hide the third
        await settle(pilot)
        assert store.get_state(listed[2]).skipped and screen.paper.id == listed[3]
        await pilot.press("z")  # the hide: the third card again, shown
        await settle(pilot)
        assert screen.paper.id == listed[2] and not store.get_state(listed[2]).skipped
        await pilot.press("z")  # the star: the second card again (opening it is not undone)
        await settle(pilot)
        assert screen.paper.id == listed[1]
        assert store.get_state(listed[1]).starred == starred and screen.state.read
