"""Benchmark: papertray's personal ranking against arxiv-sanity-lite's recipe, on the same trials.

Data: `tests/fixtures/metadata/topic-labelled-arxiv-dev.jsonl.gz` (real arXiv papers under 45
topic labels; the same file as `shared/fixtures/metadata/`). A trial takes a topic with at least
40 papers, likes 10 of them, and ranks a day of 200 papers: 10 more of the topic among 190 of
other topics. Every dev paper is stored (the background), as in a reader's store. Score: the
share of the topic's papers among the top 10 (P@10). Targets: mean P@10 >= 0.80 and at least the
anchor's, on the tuning topics and on the held-out ones, reported apart.

The anchor, measured in the same run: tf-idf (word 1-2-grams, sublinear tf, max_df 0.1, min_df 5)
and LinearSVC (C 0.01, balanced classes), liked papers 1, everything else 0.

Speed, with the anchor's figures for the same work: ranking a 1,000-paper day once trained
(target <= 200 ms) and training with 10,000 stored papers (target <= 1 s; cold, when no paper's
counts are cached yet, and warm, the usual case: counts cached as papers arrive).

Run: `python bench/rank.py [--seeds 8]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.models import Paper, PaperState  # noqa: E402
from core.rank.labels import labels_from  # noqa: E402
from core.rank.ranker import Ranker  # noqa: E402

DATA = ROOT / "tests" / "fixtures" / "metadata" / "topic-labelled-arxiv-dev.jsonl.gz"
MIN_TOPIC = 40
LIKED, RELEVANT, OTHERS = 10, 10, 190
HELD_OUT = ("Anomaly_Detection", "Knowledge_Distillation", "Sleep_Stage", "VLM")
"""Every fourth topic (of the 16 with 40 papers or more, by name): never looked at when tuning."""

Trial = tuple[str, list[int], list[int], set[int]]
"""(topic, liked rows, day rows, relevant rows of the day)."""


def load() -> tuple[list[Paper], list[set[str]]]:
    """The dev papers, each once (a paper under two labels has both), and their topics."""
    papers: dict[str, Paper] = {}
    topics: dict[str, set[str]] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            paper_id = row["url"].split("/abs/")[1].rsplit("v", 1)[0]
            papers.setdefault(paper_id, Paper(paper_id, 1, row["title"], abstract=row["abstract"]))
            topics.setdefault(paper_id, set()).add(row["topic"])
    return list(papers.values()), [topics[p.id] for p in papers.values()]


def make_trials(topics: list[set[str]], seeds: int) -> list[Trial]:
    """`seeds` trials per topic with enough papers, the same in every run."""
    counts: dict[str, int] = {}
    for labels in topics:
        for topic in labels:
            counts[topic] = counts.get(topic, 0) + 1
    trials = []
    for topic in sorted(t for t, n in counts.items() if n >= MIN_TOPIC):
        ours = [i for i, labels in enumerate(topics) if topic in labels]
        others = [i for i, labels in enumerate(topics) if topic not in labels]
        for seed in range(seeds):
            rng = random.Random(zlib.crc32(f"{topic}/{seed}".encode()))
            picked = rng.sample(ours, LIKED + RELEVANT)
            day = picked[LIKED:] + rng.sample(others, OTHERS)
            trials.append((topic, picked[:LIKED], day, set(picked[LIKED:])))
    return trials


def precision_at_10(order: Sequence[int], relevant: set[int]) -> float:
    """Share of relevant papers among the first ten."""
    return sum(1 for i in order[:10] if i in relevant) / 10


class Anchor:
    """arxiv-sanity-lite's recipe over the same papers."""

    def __init__(self, papers: list[Paper]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=0.1,
                                          min_df=5)
        self.matrix = self.vectorizer.fit_transform([_text(p) for p in papers])

    def order(self, liked: list[int], day: list[int]) -> list[int]:
        """The day's rows, best first."""
        import numpy as np
        from sklearn.svm import LinearSVC

        target = np.zeros(self.matrix.shape[0])
        target[liked] = 1
        svm = LinearSVC(C=0.01, class_weight="balanced").fit(self.matrix, target)
        scores = svm.decision_function(self.matrix[day])
        return [day[i] for i in np.argsort(-scores, kind="stable")]


class Papertray:
    """core.rank's model, trained on the same store and labels as a reader's would be."""

    def __init__(self, papers: list[Paper]) -> None:
        from core.rank.features import count_rows

        self.papers = papers
        self.ids = [p.id for p in papers]
        self.counts = count_rows(papers)  # the feature cache's job in the app

    def order(self, liked: list[int], day: list[int]) -> list[int]:
        """The day's rows, best first."""
        import numpy as np

        from core.rank.model import train

        labels = labels_from({}, [self.ids[i] for i in liked])
        model = train(self.counts, self.ids, labels)
        scores = model.scores(model.vectors(self.counts[day]))
        return [day[i] for i in np.argsort(-scores, kind="stable")]


def quality(trials: list[Trial], rankers: dict[str, Callable[[list[int], list[int]], list[int]]]
            ) -> None:
    """Mean P@10 per ranker, over the tuning topics and over the held-out ones."""
    results: dict[str, dict[str, list[float]]] = {name: {} for name in rankers}
    for topic, liked, day, relevant in trials:
        for name, order in rankers.items():
            results[name].setdefault(topic, []).append(precision_at_10(order(liked, day),
                                                                       relevant))
    for part, keep in (("tuning", lambda t: t not in HELD_OUT), ("held-out", lambda t: t in
                                                                 HELD_OUT)):
        topics = sorted({t for t, *_ in trials if keep(t)})
        line = [f"P@10 {part:8s} ({len(topics):2d} topics, "
                f"{sum(1 for t, *_ in trials if keep(t))} trials):"]
        for name in rankers:
            mean = statistics.mean(statistics.mean(results[name][t]) for t in topics)
            line.append(f"{name} {mean:.3f}")
        print("  ".join(line))
    print("per topic (papertray / anchor): " + ", ".join(
        f"{t} {statistics.mean(results['papertray'][t]):.2f}/"
        f"{statistics.mean(results['anchor'][t]):.2f}" for t in sorted(results["papertray"])))


class Source:
    """A store-like source for the timing runs, in memory."""

    def __init__(self, papers: list[Paper], liked: list[str]) -> None:
        self.papers = papers
        self.liked = liked
        self.by_id = {p.id: p for p in papers}

    def all_papers(self) -> list[Paper]:
        return list(self.papers)

    def triaged(self) -> dict[str, PaperState]:
        return {}

    def liked_ids(self) -> list[str]:
        return list(self.liked)

    def get_papers(self, ids: Sequence[str]) -> list[Paper]:
        return [self.by_id[i] for i in ids if i in self.by_id]


def speed(papers: list[Paper], stored: int, day_size: int, runs: int) -> None:
    """Training with `stored` papers and ranking a day of `day_size`, against the anchor."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    store = [replace(papers[i % len(papers)], id=f"{2000 + i // 90000}.{i % 90000:05d}")
             for i in range(stored)]
    day = [replace(papers[(i * 7) % len(papers)], id=f"2999.{i:05d}") for i in range(day_size)]
    liked = [p.id for p in store[:10]]
    with tempfile.TemporaryDirectory() as folder:
        ranker = Ranker(Path(folder))
        source = Source(store, liked)
        cold = _seconds(lambda: ranker.train(source))
        warm = min(_seconds(lambda: Ranker(Path(folder)).train(source)) for _ in range(runs))
        ranker.rank(day[:10], {})  # imports done
        rank = min(_seconds(lambda: ranker.rank(day, {}, source)) for _ in range(runs))
    texts = [_text(p) for p in store]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=0.1, min_df=5)

    def anchor_train() -> LinearSVC:
        matrix = vectorizer.fit_transform(texts)
        target = np.zeros(len(texts))
        target[:10] = 1
        return LinearSVC(C=0.01, class_weight="balanced").fit(matrix, target)

    anchor_cold = _seconds(anchor_train)
    svm = anchor_train()
    day_texts = [_text(p) for p in day]
    anchor_rank = min(_seconds(lambda: np.argsort(-svm.decision_function(
        vectorizer.transform(day_texts)))) for _ in range(runs))
    print(f"train, {stored:,} stored papers (target <= 1 s): papertray {_show(warm)} warm "
          f"(counts cached as papers arrive), {_show(cold)} cold (every paper counted); "
          f"anchor {_show(anchor_cold)}")
    print(f"rank a {day_size:,}-paper day once trained (target <= 200 ms): papertray "
          f"{_show(rank)} (with the reasons); anchor {_show(anchor_rank)}")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: CPU time is the "
          "figure to read when the machine is shared)")


def _show(times: tuple[float, float]) -> str:
    wall, cpu = times
    return f"{wall * 1000:.0f} ms wall / {cpu * 1000:.0f} ms CPU"


def _seconds(work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of `work`; min() of several keeps the fastest wall time."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8, help="trials per topic (default 8)")
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--day", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    papers, topics = load()
    if not args.skip_quality:
        trials = make_trials(topics, args.seeds)
        print(f"{len(papers):,} dev papers, {len(trials)} trials")
        anchor, ours = Anchor(papers), Papertray(papers)
        quality(trials, {"papertray": ours.order, "anchor": anchor.order})
    speed(papers, args.stored, args.day, args.runs)


if __name__ == "__main__":
    main()
