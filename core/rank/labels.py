"""What the reader told papertray about papers, as training labels (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.models import PaperState

LIKED = 1.0
"""A liked or starred paper."""
READ = 0.3
"""A paper opened and read, neither starred nor hidden: weak evidence for it."""
HIDDEN = 3.0
"""A hidden paper: worth more than a paper merely left unread in the background."""


@dataclass(frozen=True)
class Labels:
    """Positive and negative weights by paper id; every other stored paper is background."""

    positive: dict[str, float] = field(default_factory=dict)
    negative: dict[str, float] = field(default_factory=dict)

    @property
    def trainable(self) -> bool:
        """A classifier needs at least one paper the reader cares about."""
        return bool(self.positive)

    def fingerprint(self) -> str:
        """Changes whenever a label does: the model on disk is stale when this differs."""
        items = sorted([*(("+", i, w) for i, w in self.positive.items()),
                        *(("-", i, w) for i, w in self.negative.items())])
        return hashlib.sha256(repr(items).encode()).hexdigest()[:16]

    def strong(self) -> list[str]:
        """Liked and starred papers: the ones a ranking may cite as its reason."""
        return [i for i, weight in self.positive.items() if weight >= LIKED]


def labels_from(states: Mapping[str, PaperState], liked: Iterable[str]) -> Labels:
    """Stars and likes for a paper, hides against it (unless also starred), reading weakly for."""
    positive = dict.fromkeys(liked, LIKED)
    negative: dict[str, float] = {}
    for paper_id, state in states.items():
        if state.starred:
            positive[paper_id] = LIKED
        elif state.skipped and paper_id not in positive:
            negative[paper_id] = HIDDEN
        elif state.read and paper_id not in positive:
            positive[paper_id] = READ
    return Labels(positive, negative)
