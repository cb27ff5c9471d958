"""Build core/demo_data/sample_day.json from the recorded arXiv feeds (run once; output committed).

Usage: python tests/tools/make_demo_data.py  (from the repo root); it also writes
core/demo_data/store/, the sample day as the store writes it (copied by `papertray --demo`).

The papers are real arXiv metadata (CC0) recorded in tests/fixtures/arxiv_api/new_format;
they are grouped under a few topics by keyword match on title and abstract.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from arxiv import _feed

ROOT = Path(__file__).resolve().parents[2]
FEEDS = ROOT / "tests" / "fixtures" / "arxiv_api" / "new_format"
OUT = ROOT / "core" / "demo_data" / "sample_day.json"
DAY = "2026-04-10"
PER_TOPIC = 9
STARRED = (1, 4)
"""Which papers of each topic the sample day has starred (star, filter and export show them)."""
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("large language models", ("large language model", "llm", "chatgpt", "gpt")),
    ("metamorphic & mutation testing", ("metamorphic", "mutation testing")),
    ("deep learning", ("deep learning", "neural network", "reinforcement learning")),
    ("GUI & web testing", ("gui", "web testing", "android", "mobile app")),
    ("hypothesis testing", ("hypothesis test", "goodness-of-fit", "distribution testing",
                            "statistical test", "e-value")),
)


def _paper(result: object) -> dict[str, object]:
    """An arxiv.Result as a papertray Paper dict."""
    short = result.get_short_id()  # type: ignore[attr-defined]
    match = re.fullmatch(r"(.+)v(\d+)", short)
    assert match, short
    published, updated = result.published, result.updated  # type: ignore[attr-defined]
    return {
        "id": match[1],
        "version": int(match[2]),
        "title": " ".join(result.title.split()),  # type: ignore[attr-defined]
        "authors": [a.name for a in result.authors],  # type: ignore[attr-defined]
        "abstract": " ".join(result.summary.split()),  # type: ignore[attr-defined]
        "categories": list(result.categories),  # type: ignore[attr-defined]
        "primary_category": result.primary_category,  # type: ignore[attr-defined]
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "comment": result.comment or "",  # type: ignore[attr-defined]
        "journal_ref": result.journal_ref or "",  # type: ignore[attr-defined]
        "doi": result.doi or "",  # type: ignore[attr-defined]
    }


def _all_papers() -> list[dict[str, object]]:
    """Every distinct paper of the recorded `testing` query, in feed order."""
    papers: dict[str, dict[str, object]] = {}
    for path in sorted(FEEDS.glob("q_testing_*.xml")):
        for result in _feed.parse(path.read_bytes()).results:
            paper = _paper(result)
            papers.setdefault(str(paper["id"]), paper)
    return list(papers.values())


def _matches(paper: dict[str, object], keywords: tuple[str, ...]) -> bool:
    text = f"{paper['title']} {paper['abstract']}".lower()
    return any(re.search(rf"\b{re.escape(k)}", text) for k in keywords)


def build() -> dict[str, object]:
    """The sample day: topics with the ids of their first matches, and those papers."""
    papers = _all_papers()
    topics = []
    for name, keywords in TOPICS:
        ids = [p["id"] for p in papers if _matches(p, keywords)][:PER_TOPIC]
        starred = [ids[i] for i in STARRED if i < len(ids)]
        topics.append({"name": name, "keywords": list(keywords), "paper_ids": ids,
                       "starred": starred})
    used = {i for t in topics for i in t["paper_ids"]}
    data = {
        "day": DAY,
        "source": "arXiv API responses recorded 2026-04-12 (metadata CC0), query 'testing'",
        "topics": topics,
        "papers": [p for p in papers if p["id"] in used],
    }
    return data


def write_snapshot(data: dict[str, object]) -> None:
    """Write the sample day through the store into core/demo_data/store (copied by --demo)."""
    import shutil
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT))
    from core.demo import SNAPSHOT_DIR, snapshot_files, write_sample_store

    with tempfile.TemporaryDirectory() as tmp:
        write_sample_store(Path(tmp), data)
        shutil.rmtree(SNAPSHOT_DIR, ignore_errors=True)
        SNAPSHOT_DIR.mkdir(parents=True)
        for file in snapshot_files(Path(tmp)):
            shutil.copyfile(file, SNAPSHOT_DIR / file.name)
    print(f"{SNAPSHOT_DIR}: {len(snapshot_files(SNAPSHOT_DIR))} store files")


def write_ranking() -> None:
    """Rank the sample day as the demo's own ranking worker does, into core/demo_data/rank."""
    import shutil
    import tempfile

    from core.demo import RANKING_DIR, make_demo_home, sample_day
    from core.rank.day import rank_day
    from core.rank.saved import rank_dir
    from core.services import open_services

    with tempfile.TemporaryDirectory() as tmp:
        settings = make_demo_home(Path(tmp) / "home", env={}, export_dir=Path(tmp) / "exports")
        shutil.rmtree(rank_dir(settings.store_dir))  # not the shipped one: a new one
        with open_services(settings) as services:
            rank_day(settings, services.store, sample_day())
        shutil.rmtree(RANKING_DIR, ignore_errors=True)
        RANKING_DIR.mkdir(parents=True)
        for file in rank_dir(settings.store_dir).glob("day-*.json"):
            shutil.copyfile(file, RANKING_DIR / file.name)
    print(f"{RANKING_DIR}: the sample day's ranking")


def main() -> None:
    """Write the sample day, and the store holding it."""
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['papers'])} papers under {len(data['topics'])} topics")
    write_snapshot(data)
    write_ranking()


if __name__ == "__main__":
    main()
