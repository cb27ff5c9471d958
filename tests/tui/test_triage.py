"""Star, hide, read: applied at once, stored, and still there after a restart; exports."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import add_day, open_app, settle, to_unstarred
from screen_text import screen_text

from core.config import Settings
from core.models import Paper
from tui.widgets.paper_list import PaperList

SIZE = (120, 40)


async def test_triage_survives_a_restart(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        starred = await to_unstarred(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        await pilot.press("escape")  # from the summary back to the list
        hidden = await to_unstarred(pilot)
        await pilot.press("x")
        await settle(pilot)
        ids = [o.id for o in screen.query_one(PaperList).options]
        assert hidden not in ids and starred in ids
        assert screen.paper is not None and screen.paper.id != hidden
    services.close()

    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        ids = [o.id for o in screen.query_one(PaperList).options]
        assert hidden not in ids
        assert screen.data.state(starred).starred and screen.data.state(starred).read
        assert "large language models  7/8 · 1 hidden" in screen_text(app)
        assert "★" in str(screen.query_one(PaperList).get_option(starred).prompt)
    services.close()


async def test_star_toggles(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_unstarred(pilot)
        await pilot.press("s")
        assert app.screen.state.starred
        await pilot.press("s")
        await settle(pilot)
        assert not app.screen.state.starred
        assert not services.store.get_state(app.screen.paper.id).starred
    services.close()


async def test_e_writes_the_digest_and_E_the_starred(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_unstarred(pilot)
        title = app.screen.paper.title
        await pilot.press("s", "e")
        await settle(pilot)
        digest = demo_settings.export_dir / "2026-04-10.md"
        assert digest.exists()
        text = digest.read_text(encoding="utf-8")
        assert "## large language models" in text and "## hypothesis testing" in text
        assert any(str(digest) in n.message for n in app._notifications)  # noqa: SLF001
        await pilot.press("E")
        await settle(pilot)
        starred = demo_settings.export_dir / "2026-04-10-starred.md"
        starred_ids = {i for i, s in app.screen.data.states.items() if s.starred}
        assert title in starred.read_text(encoding="utf-8")
        assert all(paper_id in starred.read_text(encoding="utf-8") for paper_id in starred_ids)
    services.close()


async def test_copy_link_notifies(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        url = app.screen.paper.abs_url
        assert app.clipboard == url
        assert any(url in n.message for n in app._notifications)  # noqa: SLF001
    services.close()


async def test_o_without_a_browser_copies_the_pdf_link(demo_settings: Settings,
                                                       monkeypatch) -> None:  # noqa: ANN001
    import webbrowser

    opened: list[str] = []

    class NoBrowser(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return False

    monkeypatch.setattr(webbrowser, "get", lambda using=None: NoBrowser("none"))
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pdf = app.screen.paper.pdf_url
        assert opened == [pdf] and app.clipboard == pdf
        assert any("No browser found" in n.message for n in app._notifications)  # noqa: SLF001
        await pilot.press("a")
        await settle(pilot)
        assert opened[-1] == app.screen.paper.abs_url
    services.close()


async def test_quick_presses_leave_the_store_as_the_screen_shows(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_unstarred(pilot)
        await pilot.press(*"sssssss")  # seven toggles: starred
        await settle(pilot)
        paper_id = app.screen.paper.id
        assert app.screen.state.starred
        assert services.store.get_state(paper_id).starred
    services.close()


async def test_o_never_starts_a_browser_that_runs_in_the_terminal(demo_settings: Settings,
                                                                  monkeypatch) -> None:  # noqa: ANN001
    import webbrowser

    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser("lynx"))
    monkeypatch.setattr(webbrowser.GenericBrowser, "open", lambda *a, **k: pytest.fail("ran"))
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == app.screen.paper.pdf_url
    services.close()


async def test_E_with_nothing_starred_writes_nothing(demo_settings: Settings) -> None:
    add_day(demo_settings, date(2026, 4, 11), "plain", [Paper("2604.00001", 1, "Unstarred")])
    app, services = open_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert not (demo_settings.export_dir / "2026-04-11-starred.md").exists()
        assert any("Nothing starred" in n.message for n in app._notifications)  # noqa: SLF001
    services.close()
