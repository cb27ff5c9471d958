"""`papertray import A/ &`, `rm store/lock`, `papertray import B/`: both succeed and every day
of both is there (two imports used to write the day listings over each other)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from export_samples import DAY, llm_summary, rich_paper

from core.config import Settings
from core.digest.markdown import DigestItem, render_digest
from core.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digests(folder: Path, first_day: int, days: int) -> None:
    """One digest a day, 8 papers each (one summarized), over two topics."""
    folder.mkdir()
    for offset in range(first_day, first_day + days):
        papers = [rich_paper(offset * 10 + n, month="2509") for n in range(8)]
        items = [DigestItem(p, llm_summary(p) if n == 0 else None) for n, p in enumerate(papers)]
        day = DAY + timedelta(days=offset)
        text = render_digest(day, [("avatar", items[:4]), ("splatting", items[4:])], "test")
        (folder / f"{day}.md").write_text(text, encoding="utf-8")


def papertray(*args: str) -> subprocess.Popen[str]:
    """`papertray ARGS` in a process of its own, on the test's home ($PAPERTRAY_HOME)."""
    return subprocess.Popen([sys.executable, "-m", "tui", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_imports_at_once_with_the_lock_file_removed_keep_every_day(
    settings: Settings, tmp_path: Path
) -> None:
    digests(tmp_path / "a", 0, 40)
    digests(tmp_path / "b", 40, 40)
    settings.store_dir.mkdir(parents=True)
    (settings.store_dir / "lock").write_text("1\n")  # as earlier versions left it
    first = papertray("import", str(tmp_path / "a"))
    assert first.stderr is not None
    started = [first.stderr.readline() for _ in range(3)]  # "[3/40] ...": well under way
    assert started[-1].startswith("[3/40] "), started
    subprocess.run(["rm", "-f", str(settings.store_dir / "lock")], check=True)
    second = papertray("import", str(tmp_path / "b"))
    results = [process.communicate() for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), results
    for out, _ in results:
        assert out.splitlines()[1].startswith("days: 40 ")
        assert "papers: 320 new" in out.splitlines()[2]
    with Store.open(settings.store_dir) as store:
        assert len(store.days()) == 80
        for day in store.days():
            listing = store.day_listing(day)
            assert [len(listing[t]) for t in ("avatar", "splatting")] == [4, 4]
            ids = listing["avatar"] + listing["splatting"]
            assert len(store.get_papers(ids)) == 8
            assert store.has_summary(listing["avatar"][0])
