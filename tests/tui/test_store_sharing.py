"""The reader open while `papertray fetch` (cron), `import` and `summarize` run in other
processes: every one of them succeeds, nothing any of them reported is lost, and the reader
shows what they wrote without a restart."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import CLOSED_PORT_URL, DAY, open_app, settle
from servers.arxiv_server import ArxivServer
from test_store_faults import Told

from core.config import Settings
from core.digest.importer import import_paths
from core.digest.markdown import DigestItem, render_digest
from core.models import Paper
from core.store.store import Store
from tui.widgets.topic_list import TopicList

DIGESTS = Path(__file__).parents[1] / "fixtures" / "digests"
ROOT = Path(__file__).resolve().parents[2]


def papertray(*args: str) -> subprocess.Popen[str]:
    """`papertray ARGS` in a process of its own, on the test's home ($PAPERTRAY_HOME)."""
    return subprocess.Popen([sys.executable, "-m", "tui", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


async def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for it without blocking the reader's event loop."""
    out, err = await asyncio.to_thread(process.communicate)
    return process.returncode, out, err


def write_config(home: Path, server: ArxivServer) -> None:
    """Topics the fake arXiv answers, PDFs from nowhere (summaries use the abstract)."""
    server.write_config(home, {"metamorphic": "metamorphic testing",
                               "deep learning": "deep learning"},
                        extra=f'[pdf]\nbase_url = "{CLOSED_PORT_URL}"\nmax_retries = 0\n\n'
                              "[reader]\nfetch_on_start = false\n\n")


async def test_the_reader_shows_what_another_process_wrote(
    demo_settings: Settings, tmp_path: Path
) -> None:
    extra = [Paper(f"2604.{90000 + n}", 1, f"Shared paper {n}") for n in range(2)]
    digest = tmp_path / "digests" / "today.md"
    digest.parent.mkdir()
    digest.write_text(render_digest(DAY, [("sharing", [DigestItem(p) for p in extra])], "test"))
    (tmp_path / "digests" / "later.md").write_bytes((DIGESTS / "2026-04-13.md").read_bytes())
    app, services = open_app(demo_settings)
    told = Told()
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        await settle(pilot)
        assert "sharing" not in app.screen.data.listing
        code, _, err = await finish(papertray("import", str(tmp_path / "digests")))
        assert code == 0, err
        app.check_store()  # what the timer does every few seconds, and focus does
        await settle(pilot)
        screen = app.screen
        assert screen.day == DAY and "sharing" in screen.data.listing
        assert set(screen.data.papers) >= {p.id for p in extra}
        assert "sharing" in [o.id for o in screen.query_one(TopicList).options]
        assert screen.days[-1].isoformat() == "2026-04-13"
        assert any("New papers for 2026-04-13" in line for line in told)
    services.close()


async def test_reader_fetch_import_and_summarize_at_once_lose_nothing(
    demo_settings: Settings, arxiv_server: ArxivServer, home: Path, tmp_path: Path
) -> None:
    arxiv_server.restamp(datetime.now(UTC) - timedelta(minutes=1))
    write_config(home, arxiv_server)
    digests = tmp_path / "digests"
    digests.mkdir()
    for name in ("2025-08-29.md", "2026-04-13.md"):
        (digests / name).write_bytes((DIGESTS / name).read_bytes())
    app, services = open_app(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = services.store.day_listing(DAY)
        to_summarize = next(iter(listing.values()))[1]
        running = [papertray("fetch"), papertray("import", str(digests)),
                   papertray("summarize", to_summarize, "--offline", "--format", "json")]
        wanted = {}  # paper -> starred, as the reader leaves it (the demo stars a few)
        for _ in range(4):  # the reader writes too, meanwhile
            wanted[app.screen.paper.id] = not app.screen.state.starred
            await pilot.press("s", "j")
        results = [await finish(process) for process in running]
        assert [code for code, _, _ in results] == [0, 0, 0], [err for _, _, err in results]
        today = datetime.now().date()
        # A check started by the 3 s timer may have taken the change first; its thread posts
        # after settle() no longer waits for it (a replaced worker counts as done).
        for _ in range(600):
            await settle(pilot)
            if app.screen.days and app.screen.days[-1] == today:
                break
            app.check_store()
            await pilot.pause(0.1)
        assert app.screen.days[-1] == today  # cron's fetch, seen without a restart
    services.close()

    fetched, imported, summarized = (out for _, out, _ in results)
    # The import may store some of the papers first: those are "already seen", not new.
    [line] = fetched.splitlines()
    new = int(re.search(r"(\d+) new papers?", line).group(1))  # type: ignore[union-attr]
    assert line.startswith("2 topics, 2 queries: ") and new > 0
    expected = import_paths(Store.open(tmp_path / "alone"), [digests])  # the same, alone
    assert imported.splitlines()[:4] == expected.lines()[:4]
    with Store.open(demo_settings.store_dir) as store:
        assert sum(len(ids) for ids in store.day_listing(today).values()) == new
        alone = Store.open(tmp_path / "alone")
        for day in alone.days():
            for topic, ids in alone.day_listing(day).items():
                assert store.day_listing(day)[topic] == ids
                assert len(store.get_papers(ids)) == len(ids)
                assert all(store.has_summary(i) for i in ids if alone.has_summary(i))
        alone.close()
        assert '"summarizer": "offline"' in summarized
        summary = store.get_summary(to_summarize)
        assert summary is not None and summary.summarizer == "offline"
        assert all(store.get_state(p).starred == w for p, w in wanted.items())
