"""Moving around: topics, papers, panes, days, the filter, unread only, help and palette."""

from __future__ import annotations

from datetime import date

from conftest import DAY, add_day, open_app, settle
from screen_text import screen_text

from core.config import Settings
from core.models import Paper
from tui.app import PapertrayApp
from tui.screens.help import HelpScreen
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView
from tui.widgets.topic_list import TopicList

SIZE = (120, 40)


async def test_opens_on_the_latest_day_with_first_topic_and_paper(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert screen.day == DAY
        assert screen.topic == "large language models"
        assert screen.paper is not None
        text = screen_text(demo_app)
        assert "large language models  9/9" in text
        assert screen.paper.title[:40] in text
        assert "1. Task / Problem" in text  # the summary first (the abstract is folded, last)


async def test_j_k_move_and_enter_marks_read(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        first = screen.paper.id
        await pilot.press("j", "j", "k")
        second = screen.paper.id
        assert second != first
        assert not screen.state.read
        await pilot.press("enter")
        await settle(pilot)
        assert screen.state.read
        assert demo_app.services.store.get_state(second).read
        assert "large language models  8/9" in screen_text(demo_app)


async def test_tab_walks_the_panes_and_topics_switch(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen.focused, PaperList)
        await pilot.press("tab")
        assert screen.query_one(PaperView).has_focus_within
        await pilot.press("tab")
        assert isinstance(screen.focused, TopicList)
        await pilot.press("down")
        await settle(pilot)
        assert screen.topic == "metamorphic & mutation testing"
        ids = [o.id for o in screen.query_one(PaperList).options]
        listed = screen.data.listing["metamorphic & mutation testing"]
        assert sorted(ids) == sorted(listed)
        assert ids == [p.id for p in screen.data.visible("metamorphic & mutation testing")]
        scores = [screen.data.scores[i] for i in ids]
        assert scores == sorted(scores, reverse=True)  # best first


async def test_filter_narrows_titles_and_escape_clears(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        await pilot.press("slash", *"chatgpt")
        await settle(pilot)
        titles = [screen.data.papers[o.id].title for o in screen.query_one(PaperList).options]
        assert titles and all("chatgpt" in t.lower() for t in titles)
        await pilot.press("enter")
        assert isinstance(screen.focused, PaperList)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert screen.text_filter == ""
        assert screen.query_one(PaperList).option_count == 9


async def test_unread_only_hides_read_papers(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        await pilot.press("enter")
        await settle(pilot)
        read_id = screen.paper.id
        await pilot.press("escape", "j", "u")  # Enter went into the summary; Esc: the list
        await settle(pilot)
        ids = [o.id for o in screen.query_one(PaperList).options]
        assert read_id not in ids and len(ids) == 8
        await pilot.press("u")
        assert screen.query_one(PaperList).option_count == 9


async def test_brackets_move_between_days(demo_settings: Settings) -> None:
    other = Paper("2601.00001", 1, "A paper of the day before", ("Ann Author",))
    add_day(demo_settings, date(2026, 4, 9), "earlier topic", [other])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.day == DAY
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 9)
        assert app.screen.topic == "earlier topic"
        assert "A paper of the day before" in screen_text(app)
        await pilot.press("left_square_bracket")  # no earlier day: nothing happens
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 9)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.day == DAY
    services.close()


async def test_date_argument_opens_that_day(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 4, 9), "earlier topic",
            [Paper("2601.00001", 1, "Yesterday's paper")])
    app, services = open_app(demo_settings, date=date(2026, 4, 9))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 9)
    services.close()


async def test_help_lists_every_key(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        help_list = demo_app.screen.query_one("#help")
        text = screen_text(demo_app)
        for _ in range(40):  # j scrolls to the end, one line at a time
            await pilot.press("j")
            text += screen_text(demo_app)
        assert help_list.scroll_y > 0 and help_list.show_vertical_scrollbar
        for words in ("star or unstar", "hide the paper", "undo the last", "starred papers",
                      "copy the abstract", "previous day", "fetch new papers", "retry a failed",
                      "command palette", "summarized"):
            assert words in text, words
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, HelpScreen)


async def test_palette_finds_a_paper_of_another_day(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 4, 9), "earlier topic",
            [Paper("2601.00001", 1, "Zygomorphic quokkas in the wild")])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"zygomorphic quokka")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert screen.day == date(2026, 4, 9)
        assert screen.paper is not None and screen.paper.id == "2601.00001"
        assert not screen.state.read  # shown, not opened: the palette marks nothing read
    services.close()


async def test_narrow_terminal_switches_between_list_and_paper(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert screen.has_class("-narrow")
        assert not screen.query_one(PaperView).display or not screen.reading
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading
        assert "1. Task / Problem" in screen_text(demo_app)  # the summary, first
        view = screen.query_one(PaperView)
        assert view.has_focus
        paper = screen.paper
        await pilot.press("j")  # walks the summary, not the hidden list
        assert screen.paper is paper and (view.cursor == 1 or view.scroll_y > 0)
        await pilot.press("escape")
        assert not screen.reading
        assert isinstance(screen.focused, PaperList)


async def test_days_without_papers_are_skipped(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 4, 11), "nothing new", [])  # a fetch that found nothing
    add_day(demo_settings, date(2026, 4, 9), "earlier topic",
            [Paper("2601.00001", 1, "Yesterday's paper")])
    add_day(demo_settings, date(2026, 4, 8), "empty too", [])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.day == DAY and app.screen.days == [date(2026, 4, 9), DAY]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 9)
    services.close()


async def test_escape_in_the_list_clears_the_filter(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        await pilot.press("slash", *"zzzz", "enter")
        await settle(pilot)
        assert screen.paper is None and "Nothing here matches 'zzzz'" in screen_text(demo_app)
        assert "1. Task" not in screen_text(demo_app)  # nothing of the last paper is left
        await pilot.press("escape")
        await settle(pilot)
        assert screen.text_filter == "" and screen.query_one(PaperList).option_count == 9


async def test_imported_paper_without_metadata_shows_its_id(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 4, 11), "imported", [Paper("2604.09324", 1, "Bare")])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = str(app.screen.query_one(PaperList).get_option("2604.09324").prompt)
        assert "2604.09324v1" in prompt
        assert app.screen.query_one("#authors").has_class("-none")
    services.close()


async def test_palette_jump_on_the_same_day_moves_the_topic_highlight(
    demo_app: PapertrayApp,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        paper_id = screen.data.listing["hypothesis testing"][2]
        screen.jump_to(DAY, paper_id)
        await settle(pilot)
        assert screen.topic == "hypothesis testing" and screen.paper.id == paper_id
        assert screen.query_one(TopicList).highlighted_option.id == "hypothesis testing"


async def test_footer_at_80x24_keeps_quit_and_help(demo_app: PapertrayApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(demo_app).splitlines()[-1]
        assert "q Quit" in footer and "? Help" in footer
        await pilot.press("enter")
        await settle(pilot)
        footer = screen_text(demo_app).splitlines()[-1]
        assert "q Quit" in footer and "? Help" in footer
