"""Plain data: papers and their triage state (summaries and the fetch log: core.records)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

ABS_URL = "https://arxiv.org/abs/{id}"


@dataclass(frozen=True)
class Paper:
    """One arXiv paper, identified by its id without version."""

    id: str
    """arXiv id without version: `2004.04906`, `hep-ex/0406020`."""
    version: int
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    categories: tuple[str, ...] = ()
    primary_category: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""

    @property
    def versioned_id(self) -> str:
        """The id with its version, as in `2004.04906v3`."""
        return f"{self.id}v{self.version}"

    @property
    def abs_url(self) -> str:
        """The abstract page of this version."""
        return ABS_URL.format(id=self.versioned_id)

    @property
    def pdf_url(self) -> str:
        """The PDF of this version on arxiv.org (mirrors build their own from the id)."""
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    @property
    def first_author(self) -> str:
        """`Name et al.` or the single author, or empty."""
        if not self.authors:
            return ""
        return self.authors[0] + (" et al." if len(self.authors) > 1 else "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO strings, tuples as lists)."""
        # Not `asdict`, which deep-copies every field: a big import calls this 40,000 times.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("published", "updated"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """The inverse of `to_dict`; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("published", "updated"):
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        values["authors"] = tuple(values.get("authors", ()))
        values["categories"] = tuple(values.get("categories", ()))
        return cls(**values)


@dataclass(frozen=True)
class PaperState:
    """A reader's triage of one paper."""

    read: bool = False
    starred: bool = False
    skipped: bool = False


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by submission time, newest first (undated ones last, in the order given)."""
    return sorted(papers, key=lambda p: p.published.timestamp() if p.published else 0.0,
                  reverse=True)
