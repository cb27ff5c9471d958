"""Screenshots of the main views on the bundled sample day: `python -m tui.screenshots [DIR]`.

Drives the real app (offline, PDFs refused at once, so summaries come from the abstract and
look the same on every machine) and saves one SVG per scenario at a fixed size.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent.parent / "screenshots"
REFUSED_PDF_HOST = "http://127.0.0.1:9/pdf"
"""The discard port: the PDF download fails at once and the summary uses the abstract."""


@dataclass(frozen=True)
class Scenario:
    """Keys to press (`wait` lets workers finish) at a terminal size, in a theme."""

    keys: tuple[str, ...]
    size: tuple[int, int] = (120, 40)
    theme: str = "textual-dark"


SCENARIOS: dict[str, Scenario] = {
    "reader": Scenario(("wait",)),
    "summary": Scenario(("wait", "enter", "wait", "j", "wait")),
    "summary-wide": Scenario(("wait", "j", "enter", "wait"), (200, 60)),
    "narrow": Scenario(("wait", "j", "j", "enter", "wait"), (80, 24)),
    "light": Scenario(("wait", "tab", "tab", "down", "wait", "enter", "enter", "wait"),
                      theme="textual-light"),
    "help": Scenario(("wait", "question_mark", "wait")),
    "cards": Scenario(("wait", "c", "wait", "n", "wait"), (100, 30)),
}
"""The views the README shows."""


def demo_services(home: Path) -> Any:
    """The sample day in `home`, no LLM, PDFs refused."""
    from core.demo import make_demo_home
    from core.services import open_services

    settings = make_demo_home(home, env={})
    pdf = replace(settings.pdf, base_url=REFUSED_PDF_HOST, max_retries=0)
    return open_services(settings.with_(pdf=pdf))


async def drive(pilot: Any, keys: tuple[str, ...]) -> None:
    """Press the keys; `wait` lets messages, a pending rest and workers settle."""
    for key in keys:
        if key == "wait":
            await pilot.pause()
            if getattr(pilot.app.screen, "resting", False):  # a summary is about to start
                pilot.app.screen.rest_now()
            await workers_done(pilot.app)
            await pilot.pause(0.2)
        else:
            await pilot.press(key)


async def workers_done(app: Any) -> None:
    """Wait until no worker runs: an exclusive worker cancelled by a newer one of its group
    (the ranking, after a star) ends the wait early, so wait again."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return


async def shoot(name: str, scenario: Scenario, out_dir: Path) -> Path:
    """Run one scenario in a fresh sample home and save its SVG."""
    from tui.app import PapertrayApp

    with tempfile.TemporaryDirectory() as home:
        services = demo_services(Path(home))
        app = PapertrayApp(services)
        async with app.run_test(size=scenario.size) as pilot:
            app.theme = scenario.theme
            await drive(pilot, scenario.keys)
            path = Path(app.save_screenshot(f"{name}.svg", str(out_dir)))
        services.close()
    return path


def main(argv: list[str]) -> int:
    """Write every scenario's SVG to the given folder (default: screenshots/)."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, scenario in SCENARIOS.items():
        print(asyncio.run(shoot(name, scenario, out_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
