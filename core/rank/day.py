"""Ranking a day's listing: each topic's papers, and the best of all topics ("For you")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from core.config import Settings, Topic
from core.days import days_with_papers, pick_day
from core.errors import UsageError
from core.models import Paper, PaperState, newest_first
from core.rank.ranker import Ranked, Ranker, RankSource, rank_dir
from core.rank.saved import DayRanking, save_day_ranking

FOR_YOU_SIZE = 20
"""How many papers "For you" lists."""


def open_ranker(store_dir: Path, source: RankSource, *, train: bool = True) -> Ranker:
    """The ranker of this home, retrained first when the labels changed (and `train`)."""
    ranker = Ranker(rank_dir(store_dir))
    if train and ranker.is_stale(source):
        ranker.train(source)
    return ranker


def topic_keywords(topics: Sequence[Topic], listing: Mapping[str, Sequence[str]]
                   ) -> dict[str, list[str]]:
    """paper id -> the keyword phrases of every topic listing it (for the keyword ranking)."""
    phrases = {topic.name: topic.keywords for topic in topics}
    found: dict[str, list[str]] = {}
    for name, ids in listing.items():
        for paper_id in ids:
            found.setdefault(paper_id, []).extend(phrases.get(name, ()))
    return found


def rank_topics(ranker: Ranker, source: RankSource, topics: Sequence[Topic],
                listing: Mapping[str, Sequence[str]], papers: Mapping[str, Paper]
                ) -> dict[str, list[Ranked]]:
    """Each topic's papers best first (every paper scored once, however many topics list it)."""
    keywords = topic_keywords(topics, listing)
    everything = ranker.rank(list(papers.values()), keywords, source)
    position = {ranked.paper.id: index for index, ranked in enumerate(everything)}
    by_id = {ranked.paper.id: ranked for ranked in everything}
    return {name: sorted((by_id[i] for i in dict.fromkeys(ids) if i in by_id),
                         key=lambda r: position[r.paper.id])
            for name, ids in listing.items()}


def for_you(ranked_topics: Mapping[str, Sequence[Ranked]], limit: int = 20) -> list[Ranked]:
    """The day's best papers across all topics, each once."""
    best: dict[str, Ranked] = {}
    for items in ranked_topics.values():
        for item in items:
            best.setdefault(item.paper.id, item)
    return sorted(best.values(), key=lambda r: -r.score)[:limit]


class DaySource(RankSource, Protocol):
    """What listing a day reads from the store."""

    def days(self) -> list[date]: ...
    def day_listing(self, day: date) -> dict[str, list[str]]: ...
    def get_states(self, ids: Iterable[str]) -> dict[str, PaperState]: ...


def list_day(settings: Settings, store: DaySource, day: date | None = None, *,
             topic: str | None = None, sort: str = "relevance", limit: int | None = None
             ) -> list[Ranked]:
    """A day's papers (one topic's, or all topics' once each) best first or newest first,
    hidden ones left out. UsageError for a day or topic the store does not have."""
    day = _pick_day(store, day)
    listing = store.day_listing(day)
    if topic is not None:
        if topic not in listing:
            raise UsageError(f"no topic {topic!r} on {day} (topics: {', '.join(listing)})")
        listing = {topic: listing[topic]}
    ids = list(dict.fromkeys(i for topic_ids in listing.values() for i in topic_ids))
    states = store.get_states(ids)
    shown = [i for i in ids if not states[i].skipped or states[i].starred]
    papers = {paper.id: paper for paper in store.get_papers(shown)}
    listing = {name: [i for i in topic_ids if i in papers] for name, topic_ids in listing.items()}
    if sort == "date":
        ranked = [Ranked(p, 0.0, 0.0, "") for p in newest_first(papers.values())]
    else:
        ranker = open_ranker(settings.store_dir, store)
        ranked = for_you(rank_topics(ranker, store, settings.topics, listing, papers),
                         limit=len(papers))
    return ranked[:limit] if limit else ranked


def _pick_day(store: DaySource, day: date | None) -> date:
    return pick_day(days_with_papers(store), day,
                    "no papers yet: the store has no days (run `papertray fetch`)")


def rank_day(settings: Settings, store: DaySource, day: date, *, train: bool = True,
             save: bool = True, listing: Mapping[str, Sequence[str]] | None = None,
             papers: Mapping[str, Paper] | None = None) -> DayRanking:
    """Rank a day's papers (retraining first when the labels changed and `train`), and save
    the ranking, which the reader lists the day by before its first frame. Without `train`
    and with no model on disk, this is the keyword ranking, and loads no numpy. `listing` and
    `papers` are the day's, when the caller has read them already."""
    ranked = _ranked_topics(settings, store, day, listing, papers, train=train)
    everything = {r.paper.id: r for items in ranked.values() for r in items}
    hidden = {i for i, s in store.get_states(list(everything)).items() if s.skipped}
    best = [r.paper.id for r in for_you(ranked, limit=len(everything))
            if r.paper.id not in hidden][:FOR_YOU_SIZE]
    ranking = DayRanking({i: r.score for i, r in everything.items()},
                         {i: r.glyph for i, r in everything.items()},
                         {i: r.reason for i, r in everything.items() if r.reason}, best)
    if save:
        save_day_ranking(rank_dir(settings.store_dir), day, ranking)
    return ranking


def relevance_listing(settings: Settings, store: DaySource, day: date) -> dict[str, list[str]]:
    """The day's listing with each topic's papers best first (what exports follow)."""
    ranked = _ranked_topics(settings, store, day)
    return {name: [r.paper.id for r in items] for name, items in ranked.items()}


def _ranked_topics(settings: Settings, store: DaySource, day: date,
                   listing: Mapping[str, Sequence[str]] | None = None,
                   papers: Mapping[str, Paper] | None = None, *, train: bool = True
                   ) -> dict[str, list[Ranked]]:
    """Each topic of the day with its papers best first (listing and papers read unless given)."""
    if listing is None:
        listing = store.day_listing(day)
    if papers is None:
        ids = list(dict.fromkeys(i for topic_ids in listing.values() for i in topic_ids))
        papers = {paper.id: paper for paper in store.get_papers(ids)}
    return rank_topics(open_ranker(settings.store_dir, store, train=train), store,
                       settings.topics, listing, papers)
