"""`e` exports the day complete: missing summaries are made first, with progress; Esc stops
and the digest says what it lacks; authors are kept; an imported day comes back as it was."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from conftest import open_app, settle
from servers.openai_server import FakeOpenAI

from core.config import Settings
from core.digest.importer import import_paths
from tui.app import PapertrayApp
from tui.messages import ExportFinished, ExportProgressed

SIZE = (120, 40)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "digests"


class Watch:
    """A message hook: the export's progress texts, and an event set when its outcome comes."""

    def __init__(self) -> None:
        self.progress: list[str] = []
        self.done = asyncio.Event()

    def __call__(self, message: object) -> None:
        if isinstance(message, ExportProgressed):
            self.progress.append(message.text)
        elif isinstance(message, ExportFinished):
            self.done.set()

    async def finished(self) -> None:
        """Until the outcome arrives (an event, not a clock; the timeout only guards a hang)."""
        await asyncio.wait_for(self.done.wait(), 120)


async def test_e_summarizes_what_is_missing_then_writes_the_whole_day(
    demo_app: PapertrayApp, demo_settings: Settings
) -> None:
    watch = Watch()
    async with demo_app.run_test(size=SIZE, message_hook=watch) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await watch.finished()
        await settle(pilot)
        data = demo_app.screen.data
        wanted = {i for ids in data.listing.values() for i in ids}
        assert demo_app.services.store.summarized_ids(wanted) == wanted
        assert watch.progress and watch.progress[0].startswith("Summarizing 1/")
        text = (demo_settings.export_dir / "2026-04-10.md").read_text(encoding="utf-8")
        assert "(not summarized)" not in text
        assert "**Authors:** Sajed Jalil, Suzzana Rafi" in text  # summarized, authors kept
        assert any("lack a summary" not in n.message and "exported" in n.message.lower()
                   for n in demo_app._notifications)  # noqa: SLF001


async def test_escape_stops_the_summarizing_and_the_digest_says_what_it_lacks(
    demo_settings: Settings, openai_server: FakeOpenAI
) -> None:
    # The LLM holds the first summaries until Esc is handled: no race with a fast summarizer.
    settings = demo_settings.with_(llm=openai_server.settings(max_retries=0, concurrency=1),
                                   prefetch=0)
    openai_server.hold()
    app, services = open_app(settings)
    watch = Watch()
    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await pilot.pause()
        await pilot.press("e")
        assert await asyncio.to_thread(openai_server.wait_for_requests, 1, 30.0)
        await pilot.press("escape")
        openai_server.release()
        await watch.finished()
        await pilot.pause()
        text = (settings.export_dir / "2026-04-10.md").read_text(encoding="utf-8")
        assert "(not summarized)" in text
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("lack a summary" in m for m in messages), messages
    services.close()


async def test_an_imported_day_exports_its_digest_summaries(demo_settings: Settings) -> None:
    app, services = open_app(demo_settings, date=date(2026, 4, 13))
    import_paths(services.store, [FIXTURES / "2026-04-13.md"])
    original = (FIXTURES / "2026-04-13.md").read_text(encoding="utf-8")
    watch = Watch()
    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await settle(pilot)
        assert app.screen.day == date(2026, 4, 13)
        await pilot.press("e")
        await watch.finished()
        await pilot.pause()
    text = (demo_settings.export_dir / "2026-04-13.md").read_text(encoding="utf-8")
    assert text.count("<details") >= original.count("<details")  # all of them, back
    assert "imported from an earlier digest" in text
    first_task = original.split("### 1. Task / Problem\n", 1)[1].split("\n", 1)[0]
    assert first_task in text
    services.close()
