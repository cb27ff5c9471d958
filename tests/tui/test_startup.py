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
"""Modules for summaries, fetching, export, the palette, the filter, help and config files.
(The ranking's numpy and scikit-learn load in a worker started after the first frame.)"""


def test_the_demo_reader_opens_without_the_modules_it_needs_later(tmp_path: Path) -> None:
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from core.demo import make_demo_home\n"
        "from core.services import open_services\n"
        "from tui.app import PapertrayApp\n"
        "from tui.screens import reader_summaries\n"
        "reader_summaries.REST_SECONDS = 3600  # what the first frame loads, not a rest\n"
        "async def main():\n"
        f"    services = open_services(make_demo_home(Path({str(tmp_path)!r}), env={{}}))\n"
        "    async with PapertrayApp(services).run_test(size=(120, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert pilot.app.screen.paper is not None\n"
        "    services.close()\n"
        "asyncio.run(main())\n"
        f"print(','.join(m for m in {LATER!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
