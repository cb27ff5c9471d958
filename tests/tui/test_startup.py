"""What the reader loads before its first frame: only what that frame needs (bench/startup.py
measures the time; this keeps the lazy imports lazy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LATER = ("core.records", "core.summaries.pipeline", "core.arxiv.fetch", "core.digest.export",
         "tui.messages", "tui.providers", "tui.screens.help", "tui.widgets.filter_bar", "tomllib",
         "textual.widgets._collapsible", "httpx", "openai", "fitz", "pymupdf")
"""Modules for summaries, fetching, export, the palette, the filter, help and config files."""


def test_the_demo_reader_opens_without_the_modules_it_needs_later(tmp_path: Path) -> None:
    # What counts is what was loaded when the first summary starts (the cursor rests on the
    # first paper for REST_SECONDS, or longer on a busy machine): a profile hook takes the
    # modules' list as `start_summary` is entered, however long start-up took.
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from core.demo import make_demo_home\n"
        "from core.services import open_services\n"
        "from tui.app import PapertrayApp\n"
        "from tui.screens.reader_summaries import SummaryFlow\n"
        "first_summary = SummaryFlow.start_summary.__code__\n"
        "before = []\n"
        "def profile(frame, event, arg):\n"
        "    if event == 'call' and frame.f_code is first_summary:\n"
        "        before.append(set(sys.modules))\n"
        "        sys.setprofile(None)\n"
        "async def main():\n"
        f"    services = open_services(make_demo_home(Path({str(tmp_path)!r}), env={{}}))\n"
        "    sys.setprofile(profile)\n"
        "    async with PapertrayApp(services).run_test(size=(120, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert pilot.app.screen.paper is not None\n"
        "    sys.setprofile(None)\n"
        "    services.close()\n"
        "asyncio.run(main())\n"
        "loaded = before[0] if before else set(sys.modules)\n"
        f"print(','.join(m for m in {LATER!r} if m in loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
