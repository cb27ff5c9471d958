"""arXiv queries for the topics, and the local checks their results must pass (pure functions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.config import Topic
from core.ids import split_id as split_id  # (re-exported: the fetch's id helper)
from core.phrases import mentions
from core.phrases import normalize as normalize

PAGE_MULTIPLIER = 2
"""Ask for up to this many times `per_query` results, so misses of the re-check can be dropped.
The date window keeps the real count small: arXiv stops at its `totalResults`."""
MIN_RESULTS = 20
MAX_RESULTS = 2000
"""Never more than this many results for one query, however many pages that takes."""

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TopicQuery:
    """One query of a topic: a keyword phrase (re-checked locally) or the topic's raw query."""

    topic: str
    label: str
    """What a person reads in progress and errors: the keyword phrase or the raw query."""
    search: str
    """The arXiv `search_query`, without the date window."""
    phrase: str | None
    """The phrase each result must hold; None for a raw query, which is not re-checked."""
    keep: int
    """How many papers this query may add to the day (the topic's `per_query`)."""
    max_results: int
    """How many results to ask for at most: more than `keep`, so misses can be dropped. They
    come in pages of `ArxivSettings.page_size`, one request every `delay_seconds`."""

    def windowed(self, start: datetime, end: datetime) -> str:
        """The query as sent: AND-ed with `submittedDate:[start TO end]`."""
        return f"{self.search} AND {window_clause(start, end)}"

    def accepts(self, title: str, abstract: str) -> bool:
        """True when the phrase is in the title or the abstract (always, for a raw query)."""
        return self.phrase is None or mentions(self.phrase, title, abstract)


def phrase_clause(phrase: str) -> str:
    """`neural rendering` -> `(ti:"neural rendering" OR abs:"neural rendering")`."""
    clean = _SPACES.sub(" ", phrase.replace('"', " ")).strip()
    return f'(ti:"{clean}" OR abs:"{clean}")'


def categories_clause(categories: tuple[str, ...]) -> str:
    """`("cs.CV", "cs.GR")` -> `(cat:cs.CV OR cat:cs.GR)`."""
    return "(" + " OR ".join(f"cat:{category}" for category in categories) + ")"


def window_clause(start: datetime, end: datetime) -> str:
    """`submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]` in UTC, widened to whole minutes."""
    first = _utc(start).replace(second=0, microsecond=0)
    last = _utc(end)
    if last.second or last.microsecond:
        last = last.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f"submittedDate:[{first:%Y%m%d%H%M} TO {last:%Y%m%d%H%M}]"


def results_wanted(per_query: int) -> int:
    """How many results to request for a query that keeps `per_query` papers."""
    return min(max(per_query * PAGE_MULTIPLIER, MIN_RESULTS), MAX_RESULTS)


def topic_queries(topic: Topic) -> list[TopicQuery]:
    """One query per keyword phrase (scoped to the topic's categories), then the raw query."""
    size = results_wanted(topic.per_query)
    queries = []
    for phrase in topic.keywords:
        search = phrase_clause(phrase)
        if topic.categories:
            search += " AND " + categories_clause(topic.categories)
        queries.append(TopicQuery(topic.name, phrase, search, phrase, topic.per_query, size))
    if topic.query:
        raw = f"({topic.query})"
        queries.append(TopicQuery(topic.name, topic.query, raw, None, topic.per_query, size))
    return queries


def plan_queries(topics: tuple[Topic, ...]) -> list[TopicQuery]:
    """Every query of every topic, in config order."""
    return [query for topic in topics for query in topic_queries(topic)]


def in_window(published: datetime, start: datetime, end: datetime) -> bool:
    """True when `start <= published < end` (naive datetimes are taken as UTC)."""
    return _utc(start) <= _utc(published) < _utc(end)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
