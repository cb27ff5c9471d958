"""core.rank on real labelled papers in a real store: training, ranking, reasons, the files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rank.conftest import DAY

from core.config import Settings
from core.models import Paper
from core.rank.day import for_you, open_ranker, rank_topics, relevance_listing
from core.rank.glyphs import GLYPHS, score_glyph
from core.rank.keywords import keyword_score
from core.rank.labels import HIDDEN, LIKED, READ, labels_from
from core.rank.ranker import MODEL_FILE, Ranker, rank_dir
from core.store.store import Store


def _day_papers(store: Store) -> dict[str, Paper]:
    ids = [i for ids in store.day_listing(DAY).values() for i in ids]
    return {p.id: p for p in store.get_papers(ids)}


def test_with_no_labels_a_topic_is_ranked_by_its_keywords(
        rank_settings: Settings, day_store: Store) -> None:
    ranker = open_ranker(rank_settings.store_dir, day_store)
    assert not (rank_dir(rank_settings.store_dir) / MODEL_FILE).exists()
    ranked = rank_topics(ranker, day_store, rank_settings.topics, day_store.day_listing(DAY),
                         _day_papers(day_store))
    sleep = ranked["Sleep_Stage"]
    scores = [r.score for r in sleep]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert "sleep stage" in (sleep[0].paper.title + sleep[0].paper.abstract).lower()
    assert all(r.reason == "" for r in sleep)


def test_liked_papers_bring_their_topic_to_the_top_for_you(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    liked = [p.id for p in labelled["Knowledge_Distillation"][20:30]]  # stored, listed nowhere
    day_store.like(liked)
    ranker = open_ranker(rank_settings.store_dir, day_store)
    assert (rank_dir(rank_settings.store_dir) / MODEL_FILE).exists()
    ranked = rank_topics(ranker, day_store, rank_settings.topics, day_store.day_listing(DAY),
                         _day_papers(day_store))
    best = for_you(ranked, limit=10)
    listed = set(day_store.day_listing(DAY)["Knowledge_Distillation"])
    assert sum(r.paper.id in listed for r in best) >= 8
    liked_titles = {p.title for p in day_store.get_papers(liked)}
    assert best[0].reason.startswith("like: ")
    assert best[0].reason.removeprefix("like: ") in liked_titles
    assert best[0].glyph in GLYPHS[2:]


def test_the_model_is_kept_on_disk_and_retrained_only_when_labels_change(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    day_store.like([p.id for p in labelled["Sleep_Stage"][30:35]])
    first = open_ranker(rank_settings.store_dir, day_store)
    path = rank_dir(rank_settings.store_dir) / MODEL_FILE
    written = path.stat().st_mtime_ns
    again = Ranker(rank_dir(rank_settings.store_dir))
    assert not again.is_stale(day_store)
    open_ranker(rank_settings.store_dir, day_store)
    assert path.stat().st_mtime_ns == written
    day_store.set_state(labelled["Active_Learning"][0].id, skipped=True)
    assert again.is_stale(day_store) and first.is_stale(day_store)
    with np.load(path, allow_pickle=False) as saved:  # plain arrays: nothing to unpickle
        assert "coef" in saved.files


def test_a_damaged_model_file_is_ignored_and_replaced(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    day_store.like([p.id for p in labelled["Sleep_Stage"][30:35]])
    folder = rank_dir(rank_settings.store_dir)
    folder.mkdir(parents=True)
    (folder / MODEL_FILE).write_bytes(b"not a model")
    ranker = Ranker(folder)
    assert ranker.is_stale(day_store)
    assert ranker.train(day_store)
    assert not Ranker(folder).is_stale(day_store)


def test_labels_weigh_stars_likes_reads_and_hides() -> None:
    from core.models import PaperState

    states = {"a": PaperState(starred=True, skipped=True), "b": PaperState(read=True),
              "c": PaperState(read=True, skipped=True), "d": PaperState()}
    labels = labels_from(states, ["e"])
    assert labels.positive == {"e": LIKED, "a": LIKED, "b": READ}
    assert labels.negative == {"c": HIDDEN}
    assert labels.strong() == ["e", "a"]
    assert labels.fingerprint() != labels_from(states, []).fingerprint()


def test_only_hidden_papers_leave_the_keyword_ranking_in_place(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    day_store.set_state(labelled["Sleep_Stage"][0].id, skipped=True)
    ranker = open_ranker(rank_settings.store_dir, day_store)
    assert not (rank_dir(rank_settings.store_dir) / MODEL_FILE).exists()
    assert not ranker.is_stale(day_store)


def test_exports_follow_the_relevance_order(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    from core.digest.export import export_day

    day_store.like([p.id for p in labelled["Active_Learning"][30:40]])
    order = relevance_listing(rank_settings, day_store, DAY)
    assert sorted(order["Active_Learning"]) == sorted(day_store.day_listing(DAY)[
        "Active_Learning"])
    text = export_day(rank_settings, day_store, DAY).text
    titles = [p.title for p in day_store.get_papers(order["Active_Learning"])]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)


def test_keyword_score_counts_whole_words_title_first() -> None:
    def paper(title: str, abstract: str) -> Paper:
        return Paper("2401.00001", 1, title, abstract=abstract)

    title_hit = keyword_score(paper("A GUI agent", "agents"), ["gui"])
    abstract_hit = keyword_score(paper("An agent", "for the GUI"), ["gui"])
    assert title_hit > abstract_hit > 0.0
    assert keyword_score(paper("Guidelines", "a user guide"), ["gui"]) == 0.0


def test_the_glyph_rises_with_the_percentile() -> None:
    marks = [score_glyph(p) for p in (0.1, 0.6, 0.85, 0.97, 0.995)]
    assert marks == list(GLYPHS)


def test_the_ranking_lives_beside_the_store(tmp_path: Path) -> None:
    assert rank_dir(tmp_path / "store") == tmp_path / "rank"
