"""Painting a paper: one layout pass for what changed, none for what did not."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult

from core.demo import load_sample_day
from core.models import Paper
from tui.widgets.paper_view import PaperView


class Pane(App[None]):
    """The paper pane alone, tall enough never to scroll."""

    def compose(self) -> ComposeResult:
        yield PaperView()


async def test_a_paper_of_another_length_is_laid_out_once() -> None:
    """Lines, folds and the pane itself resize in the pass that measured them: no second
    pass (Textual's default when a widget's virtual size changes) and no frame for it."""
    first, second = (Paper.from_dict(p) for p in load_sample_day()["papers"][:2])
    second = replace(second, title=first.title + " and much more " * 8)
    app = Pane()
    async with app.run_test(size=(120, 80)) as pilot:
        view = app.query_one(PaperView)
        view.paper = first
        await pilot.pause()
        passes = 0

        def laid_out(_screen: object) -> None:
            nonlocal passes
            passes += 1

        app.screen.screen_layout_refresh_signal.subscribe(app.screen, laid_out, immediate=True)
        view.paper = second
        await pilot.pause()
        await pilot.pause()
        assert passes == 1
        passes = 0
        view.summary = None  # nothing changes: nothing to lay out
        view.reason = ""
        view.mutate_reactive(PaperView.state)
        await pilot.pause()
        await pilot.pause()
        assert passes == 0
