"""Ranking papers for a reader: train when the labels changed, score, explain.

The model and the feature cache live in `<data dir>/rank/` (beside the store), written only by
papertray. Training and scoring import numpy, scipy and scikit-learn; call them from a worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from core.models import Paper, PaperState, newest_first
from core.rank.glyphs import score_glyph
from core.rank.keywords import keyword_score
from core.rank.labels import Labels, labels_from
from core.rank.saved import MODEL_FILE
from core.rank.saved import rank_dir as rank_dir  # defined there, kept importable here

if TYPE_CHECKING:
    from core.rank.model import RankModel

FEATURES_FILE = "features.npz"


class RankSource(Protocol):
    """What ranking reads from the store (which this package does not import)."""

    def all_papers(self) -> list[Paper]: ...
    def triaged(self) -> dict[str, PaperState]: ...
    def liked_ids(self) -> list[str]: ...
    def get_papers(self, ids: Sequence[str]) -> list[Paper]: ...


@dataclass(frozen=True)
class Ranked:
    """One paper's place in a ranking."""

    paper: Paper
    score: float
    """Higher is more relevant; comparable only within one ranking."""
    shown: float
    """0.0 to 1.0, for people: the share of stored papers scored lower, or the keyword score."""
    glyph: str
    """The compact score mark for a list row."""
    reason: str = ""
    """`like: <title of the closest liked or starred paper>`, or empty."""


class Ranker:
    """Trains on the store's labels and ranks papers; holds the loaded model between calls."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._model: RankModel | None = None
        self._loaded = False

    def labels(self, source: RankSource) -> Labels:
        """The labels the store holds now."""
        return labels_from(source.triaged(), source.liked_ids())

    def is_stale(self, source: RankSource) -> bool:
        """True when the labels changed since the model on disk was trained."""
        labels = self.labels(source)
        model = self._load()
        if model is None:
            return labels.trainable
        return model.fingerprint != labels.fingerprint()

    def train(self, source: RankSource) -> bool:
        """(Re)train on every stored paper and save the model; False when there is nothing to
        learn from yet (no liked, starred or read paper), and the keyword ranking applies."""
        from core.rank.features import FeatureCache
        from core.rank.model import train

        labels = self.labels(source)
        papers = source.all_papers()
        ids = [paper.id for paper in papers]
        if not labels.trainable or all(i in labels.positive for i in ids):
            (self.directory / MODEL_FILE).unlink(missing_ok=True)
            self._model, self._loaded = None, True
            return False
        cache = FeatureCache(self.directory / FEATURES_FILE)
        counts = cache.rows([p.versioned_id for p in papers], papers)
        cache.save()
        model = train(counts, ids, labels)
        model.save(self.directory / MODEL_FILE)
        self._model, self._loaded = model, True
        return True

    def rank(self, papers: Sequence[Paper], keywords: Mapping[str, Sequence[str]],
             source: RankSource | None = None) -> list[Ranked]:
        """`papers` best first. With a trained model, by its score (the reason names the
        closest liked paper, looked up in `source`); without one, by the keyword phrases of
        each paper's topics (`keywords`: paper id -> phrases), newest first among equals."""
        model = self._load()
        if model is None or not papers:
            return keyword_ranking(papers, keywords)
        from core.rank.features import count_rows

        vectors = model.vectors(count_rows(papers))
        scores = model.scores(vectors)
        percentiles = model.percentiles(scores)
        nearest = model.nearest(vectors)
        titles = _titles(source, [n for n in nearest if n is not None])
        ranked = [
            Ranked(paper, float(score), float(pct), score_glyph(float(pct)),
                   f"like: {titles[near]}" if near in titles and near != paper.id else "")
            for paper, score, pct, near in zip(papers, scores, percentiles, nearest, strict=True)
        ]
        return sorted(ranked, key=lambda r: -r.score)

    def _load(self) -> RankModel | None:
        if not self._loaded:
            path = self.directory / MODEL_FILE
            if path.exists():
                from core.rank.model import RankModel

                self._model = RankModel.load(path)
            self._loaded = True
        return self._model


def keyword_ranking(papers: Sequence[Paper], keywords: Mapping[str, Sequence[str]]
                    ) -> list[Ranked]:
    """Papers by how much they mention their topics' keywords, newest first among equals."""
    scored = [Ranked(p, score, score, score_glyph(score)) for p in newest_first(papers)
              for score in [keyword_score(p, keywords.get(p.id, ()))]]
    return sorted(scored, key=lambda r: -r.score)


def _titles(source: RankSource | None, ids: list[str]) -> dict[str, str]:
    if source is None or not ids:
        return {}
    return {paper.id: paper.title for paper in source.get_papers(list(dict.fromkeys(ids)))}
