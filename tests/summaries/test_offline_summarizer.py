"""The offline summarizer on the real fixture papers: quoted, deterministic, fast, no repeats."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pdf_samples import PAPER_PDFS, PDF_DIR

from core.models import Paper
from core.pdf.text import read_pdf as _read_pdf
from core.records import PaperText, Sections, Summary
from core.summaries.offline import OfflineSummarizer, extract_sections
from core.summaries.prior_work import name_key, work_name
from core.summaries.sentences import paper_sentences


@cache
def read_pdf(path: Path) -> PaperText:
    """Each fixture PDF is read once per test run (the tests only look at the result)."""
    return _read_pdf(path)


DPR = PDF_DIR / "arxiv_2004.04906v3_DPR_dense-passage-retrieval_13p_2col.pdf"
DPR_ABSTRACT = (
    "Open-domain question answering relies on efficient passage retrieval to select candidate "
    "contexts, where traditional sparse vector space models, such as TF-IDF or BM25, are the de "
    "facto method. In this work, we show that retrieval can be practically implemented using "
    "dense representations alone, where embeddings are learned from a small number of questions "
    "and passages by a simple dual-encoder framework. When evaluated on a wide range of "
    "open-domain QA datasets, our dense retriever outperforms a strong Lucene-BM25 system "
    "greatly by 9%-19% absolute in terms of top-20 passage retrieval accuracy, and helps our "
    "end-to-end QA system establish new state-of-the-art on multiple open-domain QA benchmarks."
)


def _paper(abstract: str = "") -> Paper:
    return Paper(id="2004.04906", version=3, title="Dense Passage Retrieval", abstract=abstract)


def _quoted(sections: Sections) -> list[str]:
    """Every text the summary shows (related-work names are checked separately)."""
    method, experiments, takeaways = sections.method, sections.experiments, sections.takeaways
    parts = [*sections.task, sections.motivation, *sections.core_idea, method.pipeline,
             method.architecture, method.complexity, experiments.datasets,
             *experiments.baselines, experiments.main_results, experiments.ablations,
             experiments.limitations, *takeaways.pros, *takeaways.cons, *takeaways.future_work]
    parts += [item.challenge for item in sections.related_work]
    return [part for part in parts if part]


def _sentences_of(field: str, text: PaperText) -> list[str]:
    """A field joins whole sentences with one space: cut it back at those joints."""
    known = {s.text for s in paper_sentences(text.sections)}
    pieces, current = [], ""
    for word in field.split(" "):
        current = f"{current} {word}" if current else word
        if current in known:
            pieces.append(current)
            current = ""
    assert current == "", f"not made of the paper's sentences: {field!r}"
    return pieces


@pytest.mark.parametrize("path", PAPER_PDFS, ids=lambda p: p.name[6:16])
def test_every_sentence_shown_appears_in_the_paper(path: Path) -> None:
    text = read_pdf(path)
    summary = OfflineSummarizer().summarize(_paper(), text)
    assert summary.source == "pdf" and summary.summarizer == "offline"
    quoted = _quoted(summary.sections)
    assert quoted, "an empty summary"
    flat = " ".join(text.full_text.split())
    for part in quoted:
        for sentence in _sentences_of(part, text):
            assert sentence in flat
    for item in summary.sections.related_work:
        assert item.work in item.challenge


@pytest.mark.parametrize("path", PAPER_PDFS, ids=lambda p: p.name[6:16])
def test_no_sentence_twice_and_no_work_twice(path: Path) -> None:
    text = read_pdf(path)
    sections = OfflineSummarizer().summarize(_paper(), text).sections
    sentences = [s for part in _quoted(sections) for s in _sentences_of(part, text)]
    assert len(sentences) == len(set(sentences))
    names = [name_key(item.work) for item in sections.related_work]
    assert len(names) == len(set(names))


def test_deterministic() -> None:
    text = read_pdf(DPR)
    first = OfflineSummarizer().summarize(_paper(), text).sections
    assert all(OfflineSummarizer().summarize(_paper(), text).sections == first for _ in range(3))


def test_dpr_summary_picks_sensible_sentences() -> None:
    sections = OfflineSummarizer().summarize(_paper(), read_pdf(DPR)).sections
    assert sections.task[0].startswith("Open-domain question answering relies on")
    assert any("we show that retrieval can be practically implemented" in s
               for s in sections.core_idea)
    assert "outperform" in sections.experiments.main_results
    assert sections.method.pipeline


def test_abstract_alone_is_enough() -> None:
    summary = OfflineSummarizer().summarize(_paper(DPR_ABSTRACT), None)
    assert summary.source == "abstract"
    assert summary.note
    assert summary.sections.task[0].startswith("Open-domain question answering relies on")
    assert summary.sections.core_idea
    for part in _quoted(summary.sections):
        assert part in DPR_ABSTRACT
    assert summary.sections.takeaways.future_work == ()  # nothing to say: empty, never "N/A"


def test_nothing_to_read_gives_empty_sections() -> None:
    assert OfflineSummarizer().summarize(_paper(), None).sections.is_empty()


def test_summary_round_trips_through_json() -> None:
    summary = OfflineSummarizer().summarize(_paper(), read_pdf(DPR))
    assert Summary.from_dict(summary.to_dict()) == summary


def test_a_forty_page_paper_is_summarized() -> None:
    # How long it takes, against its parts, is a figure of bench/offline.py, not a timed test.
    texts = [read_pdf(path) for path in PAPER_PDFS]
    sections: dict[str, str] = {}
    for text in texts * 2:
        for key, value in text.sections.items():
            sections[key] = (sections.get(key, "") + "\n\n" + value).strip()
    big = PaperText(sections=sections, full_text="\n\n".join(sections.values()),
                    pages=2 * sum(t.pages for t in texts))
    assert big.pages >= 40
    summary = OfflineSummarizer().summarize(_paper(), big)
    assert summary.sections.task and summary.sections.core_idea


def test_related_work_names_are_taken_from_the_sentence() -> None:
    assert work_name("However, ORQA (Lee et al., 2019) needs extra pretraining.") == "ORQA"
    named = work_name("Das et al. (2019) retrieve iteratively, which is slow.")
    assert named == "Das et al. (2019)"
    assert work_name("NeRF [12] fails on large scenes.") == "NeRF"
    assert work_name("We do this, however, without citing anything.") == ""


def test_related_work_deduplicates_one_work_named_many_times() -> None:
    sentences = [
        "However, LocalRF (Meuleman et al., 2023) fails on long trajectories.",
        "However, LocalRF (Meuleman et al., 2023) requires known poses.",
        "Local-RF (Meuleman et al., 2023) is also slow to train, however.",
        "In contrast, NeRF (Mildenhall et al., 2020) cannot handle unbounded scenes.",
    ]
    text = PaperText(sections={"related_work": " ".join(sentences)}, full_text="", pages=1)
    pairs = extract_sections(list(paper_sentences(text.sections))).related_work
    assert sorted(name_key(pair.work) for pair in pairs) == ["localrf", "nerf"]
