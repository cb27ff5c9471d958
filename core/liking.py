"""`like`: add papers of a reader's library to the store as liked, looking up on arXiv those
whose abstract is not known (in batches of `id_list`, one request every `delay_seconds`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.config import Settings
from core.errors import FetchError
from core.models import Paper
from core.rank.library import LibraryItem
from core.store.store import Store
from core.wording import count

if TYPE_CHECKING:
    from core.arxiv.client import ArxivClient

LOCAL_PREFIX = "bib:"
"""Ids of liked papers that are not on arXiv (a BibTeX entry with a title and an abstract)."""


@dataclass
class LikeReport:
    """What `like` did."""

    liked: int = 0
    """Papers newly liked."""
    already: int = 0
    looked_up: int = 0
    """Papers whose title and abstract came from arXiv."""
    not_found: list[str] = field(default_factory=list)
    """arXiv ids arXiv does not know."""
    error: str = ""
    """Why the look-up failed (those papers were not liked)."""

    @property
    def exit_code(self) -> int:
        """0, or 1 when some papers could not be liked."""
        return 1 if self.not_found or self.error else 0

    def summary_line(self) -> str:
        """`liked 12 papers (3 looked up on arXiv), 2 already liked`."""
        line = f"liked {count(self.liked, 'paper')}"
        if self.looked_up:
            line += f" ({self.looked_up} looked up on arXiv)"
        if self.already:
            line += f", {self.already} already liked"
        return line


def like(settings: Settings, store: Store, items: Sequence[LibraryItem], *,
         client: ArxivClient | None = None) -> LikeReport:
    """Store the items' papers (when new) and mark them liked."""
    report = LikeReport()
    papers: dict[str, Paper] = {}
    wanted: list[str] = []
    for item in items:
        if item.arxiv_id is None:
            local = _local_paper(item)
            papers[local.id] = local
        elif store.has_paper(item.arxiv_id):
            wanted.append(item.arxiv_id)
        elif item.abstract and item.title:
            papers[item.arxiv_id] = Paper(item.arxiv_id, 1, item.title, item.authors,
                                          item.abstract)
        else:
            wanted.append(item.arxiv_id)
    missing = [i for i in dict.fromkeys(wanted) if not store.has_paper(i)]
    if missing:
        try:
            found = _look_up(settings, missing, client)
        except FetchError as err:
            report.error = str(err)
            found = []
        report.looked_up = len(found)
        papers.update((paper.id, paper) for paper in found)
        if not report.error:
            known = {paper.id for paper in found}
            report.not_found = [i for i in missing if i not in known]
    store.upsert_papers(papers.values())
    ids = [i for i in dict.fromkeys([*wanted, *papers]) if store.has_paper(i)]
    report.liked = store.like(ids)
    report.already = len(ids) - report.liked
    return report


def _look_up(settings: Settings, ids: list[str], client: ArxivClient | None) -> list[Paper]:
    from core.arxiv.client import ArxivClient

    if client is not None:
        return client.lookup_many(ids)
    with ArxivClient(settings.arxiv) as own:
        return own.lookup_many(ids)


def _local_paper(item: LibraryItem) -> Paper:
    """A paper not on arXiv, under an id made from its citation key (or its title)."""
    name = item.key or hashlib.sha256(item.title.encode()).hexdigest()[:12]
    return Paper(f"{LOCAL_PREFIX}{name}", 1, item.title, item.authors, item.abstract)
