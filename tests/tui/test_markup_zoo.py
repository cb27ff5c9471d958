"""Untrusted text is data: titles, authors, abstracts and summaries that look like markup."""

from __future__ import annotations

from datetime import date

from conftest import add_day, open_app, settle
from screen_text import screen_text

from core.config import Settings
from core.models import Paper
from core.records import Method, RelatedWork, Sections, Summary
from tui.widgets.hanging import HangingText
from tui.widgets.paper_list import PaperList

DAY = date(2026, 5, 1)
LONG = "Very long title " * 31 + "end"
ZOO = (
    "[Re] Reproducing [b]X[/b]",
    "Bounds on $[0,1]$ and [/] stray closers",
    "\x1b[31mRed\x1b[0m escape \x07 bell",
    LONG,
    "שלום עולם: right-to-left مرحبا بالعالم",
    "Emoji 🚀 science 👩‍🔬 and CJK 漢字",
    "[@click=app.quit]Click me[/] and [link=https://example.org]link[/link]",
)
"""Titles that break naive markup handling."""


def zoo_papers() -> list[Paper]:
    """One paper per zoo title, with markup in authors and abstract too."""
    return [
        Paper(f"2605.{i:05d}", 1, title, ("[bold]Mallory[/bold]", "Eve [i]"),
              f"Abstract with [red]markup[/red] and {title}", ("cs.CR",), "cs.CR")
        for i, title in enumerate(ZOO, 1)
    ]


def zoo_summary(paper: Paper) -> Summary:
    """A stored summary whose every field looks like markup."""
    sections = Sections(
        task=("[b]bold?[/b]",), motivation="[/]", core_idea=("$[0,1]$",),
        related_work=(RelatedWork("[Re] work", "[red]challenge[/red]"),),
        method=Method(pipeline="[@click=app.quit]q[/]"),
    )
    return Summary(paper.id, paper.version, sections, "llm", model="[model]", note="[note]")


async def test_zoo_renders_literally_and_crashes_nothing(demo_settings: Settings) -> None:
    papers = zoo_papers()
    add_day(demo_settings, DAY, "[zoo] topic", papers)
    app, services = open_app(demo_settings, date=DAY)
    services.store.put_summary(zoo_summary(papers[0]))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[zoo] topic" in text
        assert "[Re] Reproducing [b]X[/b]" in text
        assert "[bold]Mallory[/bold]" in text
        assert "$[0,1]$ and [/] stray closers" in text
        assert "Red escape" in text or "Red" in text
        assert "\x1b" not in text
        text = screen_text(app)
        assert "[b]bold?[/b]" in text
        for _ in ZOO:
            await pilot.press("escape", "j", "enter")
            await settle(pilot)
        assert app.is_running
        assert len(app.screen.query_one(PaperList).options) == len(ZOO)
        await pilot.press("ctrl+p", *"[Re]")
        await pilot.pause(0.5)
        assert "[Re] Reproducing [b]X[/b]" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.is_running
    services.close()


async def test_markup_in_a_summary_section_is_literal(demo_settings: Settings) -> None:
    papers = zoo_papers()
    add_day(demo_settings, DAY, "zoo", papers)
    app, services = open_app(demo_settings, date=DAY)
    services.store.put_summary(zoo_summary(papers[0]))
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for literal in ("[b]bold?[/b]", "[Re] work", "[red]challenge[/red]", "$[0,1]$",
                        "[@click=app.quit]q[/]"):
            assert literal in text, literal
        assert "by [model]" in text
        details = app.screen.query_one("#details .body", HangingText).plain
        assert "summarized by [model]" in details and "[note]" in details
    services.close()
