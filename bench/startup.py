"""Benchmark: time to first frame of the demo reader against a minimal Textual app (target
<= 1.5x), peak memory with 5,000 papers loaded (target <= 150 MB), and key-to-paint of a
stored summary (target <= 50 ms).

Run: `python bench/startup.py [--runs 5] [--papers 5000]`. Each figure is measured in fresh
child processes (headless), so imports are counted; the minimal app is measured the same way
in the same run, as the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOPICS = ("neural rendering", "Gaussian Splatting", "avatar", "video understanding",
          "model collapse")


def frame_then_exit(app: object) -> None:
    """Print the wall time of the first painted frame, then leave."""
    print(f"FRAME {time.time():.6f}", flush=True)
    app.exit()  # type: ignore[attr-defined]


def minimal_child() -> None:
    """A one-label Textual app that exits after its first frame."""
    from textual.app import App
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Label("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(frame_then_exit, self)

    Minimal().run(headless=True)


def reader_child(home: str | None) -> None:
    """The reader (on the demo day, or on `home`), exiting after the first frame that shows
    its papers: the first refresh after the paper list was filled and a paper shown."""
    from core.config import load_settings
    from core.demo import make_demo_home
    from core.services import open_services
    from tui.app import PapertrayApp
    from tui.screens.reader import ReaderScreen

    demo = None if home else Path(tempfile.mkdtemp(prefix="papertray-bench-demo-"))
    settings = make_demo_home(demo) if demo else load_settings(home, env={})
    services = open_services(settings)
    app = PapertrayApp(services)
    refresh_papers = ReaderScreen.refresh_papers

    def marked(screen: ReaderScreen) -> None:
        refresh_papers(screen)
        if screen.data is not None and screen.paper is not None and app.return_code is None:
            ReaderScreen.refresh_papers = refresh_papers  # type: ignore[method-assign]
            screen.call_after_refresh(frame_then_exit, app)

    ReaderScreen.refresh_papers = marked  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))
    services.close()
    if demo:
        shutil.rmtree(demo, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PEAK_MB {peak_mb:.1f}")


def timed(args: list[str]) -> tuple[float, str]:
    """Seconds from starting a child to its first painted frame, and what it printed."""
    start = time.time()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return float(done.stdout.split("FRAME")[1].split()[0]) - start, done.stdout


def cli_import_ms() -> float:
    """What `papertray` imports before it opens the reader (its subcommand modules)."""
    code = ("import time; t = time.perf_counter(); import tui.cli; tui.cli._command_modules(); "
            "print((time.perf_counter() - t) * 1000)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return float(done.stdout)


def demo_home() -> str:
    """The sample day written once, for timing the reader without writing the store."""
    from core.demo import make_demo_home

    home = tempfile.mkdtemp(prefix="papertray-bench-demo-")
    make_demo_home(Path(home), env={})
    return home


def big_home(papers: int) -> str:
    """A home whose latest day lists `papers` papers under five topics, with summaries for
    the first topic's first 50."""
    from core.config import load_settings
    from core.demo import load_sample_day
    from core.models import Paper
    from core.records import Sections, Summary
    from core.store.store import Store

    home = tempfile.mkdtemp(prefix="papertray-bench-")
    settings = load_settings(home, env={})  # writes the default config, with its five topics
    # A home fetched today, as far as the reader knows: no fetch (and no network) on opening.
    config = settings.config_path
    config.write_text(config.read_text(encoding="utf-8").replace(
        "fetch_on_start = true", "fetch_on_start = false"), encoding="utf-8")
    sample = [Paper.from_dict(p) for p in load_sample_day()["papers"]]
    made = [replace(sample[i % len(sample)], id=f"25{(i // 9000) + 1:02d}.{i % 9000 + 10000:05d}")
            for i in range(papers)]
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(made)
        per = len(made) // len(TOPICS)
        for index, topic in enumerate(TOPICS):
            store.add_to_day(date(2026, 4, 10), topic, [p.id for p in made[index * per:
                                                                      (index + 1) * per]])
        sections = Sections(task=("A task.",), motivation="Why it matters. " * 20,
                            core_idea=("An idea.",) * 3)
        for paper in made[:50]:
            store.put_summary(Summary(paper.id, paper.version, sections, "offline"))
    return home


async def key_to_paint(home: str, presses: int = 40) -> list[float]:
    """Milliseconds from `j` to the end of the repaint showing the next paper's stored summary.

    The end is the end of the first layout pass after the screen's show_paper: the frame in
    which the pane shows the new paper laid out (screen_layout_refresh_signal is published
    once that frame is painted). Not the first refresh after show_paper: that one may come
    before the pane's new lines have asked for their layout, and paint only the list.
    """
    from core.config import load_settings
    from core.services import open_services
    from tui.app import PapertrayApp
    from tui.screens.reader import ReaderScreen
    from tui.screenshots import workers_done

    painted: list[float] = []
    shown = False
    preview = ReaderScreen.show_paper

    def timed_preview(screen: ReaderScreen, paper_id: str) -> None:
        nonlocal shown
        preview(screen, paper_id)
        shown = True

    def laid_out(_screen: object) -> None:
        nonlocal shown
        if shown:
            shown = False
            painted.append(time.perf_counter())

    ReaderScreen.show_paper = timed_preview  # type: ignore[method-assign]
    services = open_services(load_settings(home, env={}))
    app = PapertrayApp(services)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        app.screen.screen_layout_refresh_signal.subscribe(app.screen, laid_out, immediate=True)
        for _ in range(presses):
            painted.clear()
            start = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            times.append((painted[0] - start) * 1000)
    services.close()
    ReaderScreen.show_paper = preview  # type: ignore[method-assign]
    return times


async def minimal_key_to_paint(papers: int, presses: int = 40) -> list[float]:
    """The same measure on a bare Textual app: an OptionList of `papers` two-line rows and a
    Label updated on each highlight (what Textual itself costs, as a baseline); the end is
    the end of the first layout pass after the Label's update, as above."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Label, OptionList
    from textual.widgets.option_list import Option

    painted: list[float] = []
    shown = False

    class Minimal(App[None]):
        CSS = "OptionList { width: 45%; height: 1fr; } VerticalScroll { width: 1fr; }"

        def compose(self) -> ComposeResult:
            with Horizontal():
                yield OptionList(*(Option(f"A title of paper {i} " * 3 + "\n    Author · cs.SE",
                                          id=str(i)) for i in range(papers)))
                with VerticalScroll():
                    yield Label(id="abstract")

        def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
            nonlocal shown
            self.query_one("#abstract", Label).update(f"Abstract {event.option.id} " * 80)
            shown = True

        def laid_out(self, _screen: object) -> None:
            nonlocal shown
            if shown:
                shown = False
                painted.append(time.perf_counter())

    app = Minimal()
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.screen_layout_refresh_signal.subscribe(app.screen, app.laid_out,
                                                          immediate=True)
        for _ in range(presses):
            painted.clear()
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            times.append((painted[0] - start) * 1000)
    return times


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--papers", type=int, default=5000)
    opts = parser.parse_args()
    # Alternated, so that a busy spell of the machine slows both sides, not one.
    pairs = [(timed(["--child", "minimal"])[0], timed(["--child", "demo"])[0])
             for _ in range(opts.runs)]
    minimal = statistics.median(m for m, _ in pairs)
    demo = statistics.median(d for _, d in pairs)
    ratios = sorted(d / m for m, d in pairs)
    print(f"first frame: minimal Textual app {minimal * 1000:.0f} ms, papertray --demo "
          f"{demo * 1000:.0f} ms, ratio {statistics.median(ratios):.2f}x (median of "
          f"{len(ratios)} alternated pairs, {ratios[0]:.2f}x to {ratios[-1]:.2f}x; "
          "target <= 1.5x)")
    written = demo_home()
    reader = statistics.median(timed(["--child", "home", written])[0] for _ in range(opts.runs))
    print(f"first frame of the reader on an existing home (the same day, already written): "
          f"{reader * 1000:.0f} ms, ratio {reader / minimal:.2f}x")
    cli = statistics.median(cli_import_ms() for _ in range(opts.runs))
    print(f"`papertray` command line: importing tui.cli and its command modules takes "
          f"{cli:.0f} ms before the reader starts (not counted above)")
    home = big_home(opts.papers)
    seconds, out = timed(["--child", "home", home])
    peak = float(out.split("PEAK_MB")[1])
    print(f"{opts.papers} papers: first frame {seconds * 1000:.0f} ms, peak RSS {peak:.0f} MB "
          f"(target <= 150 MB)")
    paint = asyncio.run(key_to_paint(home))
    print(f"stored summary, key to paint: median {statistics.median(paint):.1f} ms, "
          f"max {max(paint):.1f} ms over {len(paint)} presses (target <= 50 ms)")
    bare = asyncio.run(minimal_key_to_paint(opts.papers // len(TOPICS)))
    print(f"  the same on a bare Textual OptionList + Label: median "
          f"{statistics.median(bare):.1f} ms, max {max(bare):.1f} ms")
    for folder in (written, home):
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind = sys.argv[2]
        if kind == "minimal":
            minimal_child()
        else:
            reader_child(sys.argv[3] if kind == "home" else None)
    else:
        main()
