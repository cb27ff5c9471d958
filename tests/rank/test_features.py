"""Counting papers into hashed columns, and the files that keep counts and models on disk."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from rank.conftest import DAY

from core.config import Settings
from core.models import Paper
from core.rank.day import open_ranker, rank_topics
from core.rank.features import CHUNK, FORMAT, N_FEATURES, FeatureCache, count_rows
from core.rank.model import RankModel
from core.rank.ranker import FEATURES_FILE, MODEL_FILE, Ranker, rank_dir
from core.rank.text import BOUNDARY, TITLE_WEIGHT, tokens, words
from core.store.store import Store

TRICKY = ["Graph-based RL: a_b, x9 & I/O", "Über größe ΣΑΣ naïve—déjà vu", "", "A\x1eB cd\x00e",
          "Tab\tnew\nline  100% 3.14 e.g.", "İstanbul ǅ ﬁne \ud800 x", "a \xff b ÿÿ"]


def _paper(title: str, abstract: str = "", paper_id: str = "2401.00001") -> Paper:
    return Paper(paper_id, 1, title, abstract=abstract)


def _column(term: str) -> int:
    """The column of a word, or of a pair of words (the one its words alone do not have)."""
    columns = set(count_rows([_paper(term)]).indices.tolist())
    if " " in term:
        for word in term.split():
            columns -= set(count_rows([_paper(word)]).indices.tolist())
    assert len(columns) == 1
    return columns.pop()


def test_tokens_are_the_regex_words_of_each_text() -> None:
    texts: list[list[str]] = [[]]
    for token in tokens(TRICKY):
        if token == BOUNDARY:
            texts.append([])
        elif len(token) > 1:  # one-byte words are dropped by the counting
            texts[-1].append(token.decode("utf-8", "surrogatepass"))
    assert texts == [words(text) for text in TRICKY]


def test_a_paper_is_counted_title_weighted_with_no_pair_across_title_and_abstract() -> None:
    counts = count_rows([_paper("Graph networks", "graph networks graph")]).toarray()[0]
    assert counts[_column("graph")] == TITLE_WEIGHT + 2
    assert counts[_column("networks")] == TITLE_WEIGHT + 1
    assert counts[_column("graph networks")] == TITLE_WEIGHT + 1
    assert counts[_column("networks graph")] == 1  # once in the abstract, not across the two
    assert counts.sum() == 2 * TITLE_WEIGHT + TITLE_WEIGHT + 3 + 2
    assert _column("graph networks") != _column("networks graph")


def test_a_papers_counts_do_not_depend_on_the_papers_counted_with_it() -> None:
    papers = [_paper(title, abstract, f"2401.{i:05d}")
              for i, (title, abstract) in enumerate(zip(TRICKY, TRICKY[::-1], strict=True))]
    together = count_rows(papers)
    assert together.shape == (len(papers), N_FEATURES) and together.has_canonical_format
    for i, paper in enumerate(papers):
        alone = count_rows([paper])
        assert (together[i] != alone).nnz == 0
    assert count_rows([]).shape == (0, N_FEATURES)


def test_many_papers_are_counted_as_each_alone(labelled: dict[str, list[Paper]]) -> None:
    papers = [p for topic in labelled.values() for p in topic] * 7
    assert len(papers) > CHUNK + 1 and papers[CHUNK - 1] != papers[CHUNK]
    together = count_rows(papers)
    assert together.shape[0] == len(papers) and together.has_canonical_format
    for i in (0, CHUNK - 1, CHUNK, len(papers) - 1):
        assert (together[i] != count_rows([papers[i]])).nnz == 0


def test_a_feature_cache_of_another_format_is_counted_again(tmp_path: Path) -> None:
    path = tmp_path / FEATURES_FILE
    papers = [_paper("Sleep staging", "EEG sleep stage scoring", "2401.00001"),
              _paper("Graph networks", "message passing", "2401.00002")]
    keys = [p.versioned_id for p in papers]
    stale = count_rows(papers)
    stale.indices = (stale.indices + 1) % N_FEATURES  # columns of another hashing
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.array(keys), data=stale.data, indices=stale.indices,
             indptr=stale.indptr)  # as format 1 wrote it: no format field
    path.write_bytes(buffer.getvalue())
    cache = FeatureCache(path)
    assert (cache.rows(keys, papers) != count_rows(papers)).nnz == 0
    cache.save()
    with np.load(path, allow_pickle=False) as saved:
        assert int(saved["format"][0]) == FORMAT
    assert (FeatureCache(path).rows(keys, []) != count_rows(papers)).nnz == 0


def test_a_model_of_another_format_is_retrained_not_used(
        rank_settings: Settings, day_store: Store, labelled: dict[str, list[Paper]]) -> None:
    day_store.like([p.id for p in labelled["Sleep_Stage"][30:40]])
    open_ranker(rank_settings.store_dir, day_store)
    path = rank_dir(rank_settings.store_dir) / MODEL_FILE
    with np.load(path, allow_pickle=False) as saved:
        old = {name: saved[name] for name in saved.files if name != "format"}
    buffer = io.BytesIO()
    np.savez(buffer, **old)
    path.write_bytes(buffer.getvalue())
    assert RankModel.load(path) is None
    ranker = Ranker(path.parent)
    assert ranker.is_stale(day_store)
    listing = day_store.day_listing(DAY)
    papers = {p.id: p for p in day_store.get_papers([i for ids in listing.values() for i in ids])}
    ranked = rank_topics(ranker, day_store, rank_settings.topics, listing, papers)
    assert all(r.reason == "" for items in ranked.values() for r in items)  # keywords only
    assert ranker.train(day_store)
    assert not Ranker(path.parent).is_stale(day_store)
    assert RankModel.load(path) is not None
