"""A big digest imports in linear time: the store is written once per month file, not once
per entry (bench/export.py times a 15 MB digest)."""

from __future__ import annotations

from pathlib import Path

from export_samples import DAY, llm_summary, rich_paper

from core.digest.importer import import_paths
from core.digest.markdown import DigestItem, render_digest
from core.store.store import Store

TOPICS = ("avatar", "gaussian splatting", "model collapse")
MONTHS = [f"25{m:02d}" for m in range(1, 13)]


def big_digest(path: Path, entries: int) -> None:
    """`entries` papers over 12 months and 3 topics, one in ten summarized."""
    items = []
    for n in range(entries):
        paper = rich_paper(n, month=MONTHS[n % 12])
        items.append(DigestItem(paper, llm_summary(paper) if n % 10 == 0 else None))
    groups = [(topic, items[k::3]) for k, topic in enumerate(TOPICS)]
    path.write_text(render_digest(DAY, groups, "made by a test"), encoding="utf-8")


def test_a_big_digest_writes_each_month_once(store: Store, tmp_path: Path) -> None:
    big_digest(tmp_path / "big.md", 1200)
    before = store.commits
    report = import_paths(store, [tmp_path / "big.md"])
    assert (report.papers_new, report.summaries_new, report.listed) == (1200, 120, 1200)
    # 12 paper months, 6 summary months (every 10th of 12 months), one listing per topic;
    # with a write per summary it was 12 + 3 + 120.
    assert store.commits - before == 12 + 6 + len(TOPICS)
    assert len(store.day_listing(DAY)["avatar"]) == 400
    again = import_paths(store, [tmp_path / "big.md"])
    assert (again.papers_new, again.summaries_new, again.summaries_known) == (0, 0, 120)
