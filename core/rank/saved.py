"""The last ranking of each day, as JSON beside the model: the reader lists a day best first
before its first frame from it, without loading numpy or scikit-learn (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.atomic_file import atomic_write


def rank_dir(store_dir: Path) -> Path:
    """Where the model and the feature cache live: `rank/` beside the store (here, not in
    core.rank.ranker, so that the reader's first frame need not import the ranker)."""
    return store_dir.parent / "rank"


MODEL_FILE = "model.npz"


def has_model(directory: Path) -> bool:
    """True when a trained model is saved in `directory` (ranking then needs numpy)."""
    return (directory / MODEL_FILE).exists()


@dataclass
class DayRanking:
    """Scores, marks, reasons and the "For you" papers of one day."""

    scores: dict[str, float] = field(default_factory=dict)
    glyphs: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    best: list[str] = field(default_factory=list)


def _path(directory: Path, day: date) -> Path:
    return directory / f"day-{day.isoformat()}.json"


def save_day_ranking(directory: Path, day: date, ranking: DayRanking) -> None:
    """Write atomically (a crash leaves the old one whole)."""
    directory.mkdir(parents=True, exist_ok=True)
    data = {"scores": ranking.scores, "glyphs": ranking.glyphs, "reasons": ranking.reasons,
            "best": ranking.best}
    atomic_write(_path(directory, day), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def load_day_ranking(directory: Path, day: date) -> DayRanking | None:
    """The saved ranking of `day`, or None when there is none or it cannot be read."""
    try:
        data = json.loads(_path(directory, day).read_text(encoding="utf-8"))
        return DayRanking({str(k): float(v) for k, v in data["scores"].items()},
                          {str(k): str(v) for k, v in data["glyphs"].items()},
                          {str(k): str(v) for k, v in data["reasons"].items()},
                          [str(i) for i in data["best"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
