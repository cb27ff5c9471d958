"""Real labelled arXiv papers (tests/fixtures/metadata) in a real store, for the ranking tests."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from core.config import Settings, Topic
from core.models import Paper
from core.store.store import Store

METADATA = (Path(__file__).resolve().parents[1] / "fixtures" / "metadata"
            / "topic-labelled-arxiv-dev.jsonl.gz")
DAY = date(2026, 4, 10)
TOPICS = ("Sleep_Stage", "Knowledge_Distillation", "Active_Learning")
"""Three labelled topics with distinct words: small enough for quick tests."""


def load_papers(topics: tuple[str, ...] = TOPICS) -> dict[str, list[Paper]]:
    """topic -> its papers (each paper under its first label only), dated a minute apart."""
    found: dict[str, list[Paper]] = {}
    seen: set[str] = set()
    moment = datetime(2026, 4, 9, tzinfo=UTC)
    with gzip.open(METADATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            paper_id = row["url"].split("/abs/")[1].rsplit("v", 1)[0]
            if row["topic"] not in topics or paper_id in seen:
                continue
            seen.add(paper_id)
            moment += timedelta(minutes=1)
            found.setdefault(row["topic"], []).append(Paper(
                paper_id, 1, row["title"], tuple(row["authors"].split(", ")), row["abstract"],
                published=moment))
    return found


@pytest.fixture(scope="session")
def labelled() -> dict[str, list[Paper]]:
    """The three topics' papers."""
    return load_papers()


@pytest.fixture
def rank_settings(settings: Settings) -> Settings:
    """Settings with one topic per labelled topic, its name as the keyword."""
    topics = tuple(Topic(name, (name.replace("_", " ").lower(),)) for name in TOPICS)
    return settings.with_(topics=topics)


@pytest.fixture
def day_store(rank_settings: Settings, labelled: dict[str, list[Paper]]) -> Iterator[Store]:
    """A store listing each topic's first 20 papers on DAY and keeping the rest unlisted."""
    with Store.open(rank_settings.store_dir) as store:
        store.upsert_papers(p for papers in labelled.values() for p in papers)
        for name, papers in labelled.items():
            store.add_to_day(DAY, name, [p.id for p in papers[:20]])
        yield store
