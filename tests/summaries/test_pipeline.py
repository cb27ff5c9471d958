"""The summary pipeline end to end: local PDF host, real PDFs, real store, offline summarizer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_samples import ODD_DIR, PDF_DIR, write_plain_pdf
from servers.pdf_server import PdfServer

from core.config import Settings
from core.errors import PdfError, SummaryError
from core.models import Paper
from core.store.store import Store
from core.summaries.pipeline import SummaryPipeline

DPR = Paper(id="2004.04906", version=3, title="Dense Passage Retrieval for Open-Domain QA",
            abstract="Open-domain question answering relies on efficient passage retrieval to "
            "select candidate contexts. We show that retrieval can be practically implemented "
            "using dense representations alone, learned by a simple dual-encoder framework.")


@pytest.fixture
def store(pdf_settings: Settings) -> Iterator[Store]:
    with Store.open(pdf_settings.store_dir) as opened:
        opened.upsert_papers([DPR])
        yield opened


@pytest.fixture
def pipeline(pdf_settings: Settings, store: Store) -> SummaryPipeline:
    pipeline = SummaryPipeline(pdf_settings, store)
    pipeline.fetcher.sleep = lambda seconds: None
    return pipeline


def test_summarizes_from_the_pdf_and_stores_it(pipeline: SummaryPipeline, store: Store,
                                               pdf_server: PdfServer) -> None:
    stages: list[str] = []
    summary = pipeline.summarize(DPR, stage=stages.append)
    assert stages == ["downloading", "extracting", "summarizing"]
    assert (summary.source, summary.summarizer, summary.version) == ("pdf", "offline", 3)
    assert pipeline.name == "offline"
    assert store.get_summary(DPR.id) == summary
    assert pdf_server.requests == ["/pdf/2004.04906v3"]


def test_a_stored_summary_comes_back_at_once(pipeline: SummaryPipeline,
                                             pdf_server: PdfServer) -> None:
    first = pipeline.summarize(DPR)
    stages: list[str] = []
    assert pipeline.summarize(DPR, stage=stages.append) == first
    assert stages == []
    assert len(pdf_server.requests) == 1


def test_force_summarizes_again_from_the_cached_pdf(pipeline: SummaryPipeline,
                                                   pdf_server: PdfServer) -> None:
    first = pipeline.summarize(DPR)
    again = pipeline.summarize(DPR, force=True)
    assert again.sections == first.sections
    assert len(pdf_server.requests) == 1


@pytest.mark.parametrize(("cue", "reason"), [
    ("not_found", "HTTP 404"),
    ("html", "HTML page"),
])
def test_pdf_failure_falls_back_to_the_abstract(pipeline: SummaryPipeline, store: Store,
                                                pdf_server: PdfServer, cue: str,
                                                reason: str) -> None:
    pdf_server.cue(cue)
    summary = pipeline.summarize(DPR)
    assert summary.source == "abstract"
    assert reason in summary.note and summary.source == "abstract"
    assert "from the abstract only" in summary.provenance
    assert reason in summary.provenance  # the provenance line says why
    assert summary.sections.task[0].startswith("Open-domain question answering relies on")
    assert store.get_summary(DPR.id) == summary


def test_an_unreadable_pdf_falls_back_too(pipeline: SummaryPipeline,
                                          pdf_server: PdfServer) -> None:
    pdf_server.add("2004.04906v3", (ODD_DIR / "scanned_image-only_1p_docling-ocr_test.pdf")
                   .read_bytes())
    summary = pipeline.summarize(DPR)
    assert summary.source == "abstract"
    assert "scanned image" in summary.note


def test_nothing_to_summarize_raises_and_stores_nothing(pipeline: SummaryPipeline,
                                                        store: Store,
                                                        pdf_server: PdfServer) -> None:
    bare = Paper(id="2101.00001", version=1, title="No abstract")
    store.upsert_papers([bare])
    with pytest.raises(SummaryError, match=r"^PDF unavailable \(no PDF at .* \(HTTP 404\)\), "
                                           "and no abstract to summarize instead$"):
        pipeline.summarize(bare)
    assert store.get_summary(bare.id) is None


def test_summarize_a_local_pdf_of_a_stored_paper(pipeline: SummaryPipeline, store: Store,
                                                 pdf_server: PdfServer) -> None:
    path = PDF_DIR / "arxiv_2004.04906v3_DPR_dense-passage-retrieval_13p_2col.pdf"
    summary = pipeline.summarize_pdf(path)
    assert summary.paper_id == DPR.id and summary.source == "pdf"
    assert store.get_summary(DPR.id) == summary
    assert pdf_server.requests == []


def test_a_local_pdf_is_stored_by_its_margin_stamp(pipeline: SummaryPipeline, store: Store,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"  # no id in the name: the stamp says 2304.02623v1 [cs.CL]
    path.write_bytes((PDF_DIR / "arxiv_2304.02623v1_beyond-summarization_4p_2col_acm.pdf")
                     .read_bytes())
    summary = pipeline.summarize_pdf(path)
    assert (summary.paper_id, summary.version) == ("2304.02623", 1)
    paper = store.get_paper("2304.02623")
    assert paper is not None and paper.primary_category == "cs.CL"
    assert paper.title.startswith("Beyond Summarization") and paper.abstract
    assert store.get_summary("2304.02623") == summary


def test_a_pdf_without_an_arxiv_id_is_not_stored(pipeline: SummaryPipeline, store: Store,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    write_plain_pdf(path)
    summary = pipeline.summarize_pdf(path)
    assert summary.paper_id == "file:notes"
    assert not store.has_summary("file:notes") and not store.has_paper("file:notes")


def test_a_local_pdf_reuses_the_stored_summary_unless_forced(pipeline: SummaryPipeline) -> None:
    path = PDF_DIR / "arxiv_2212.08410v3_teaching-small-lms-to-reason_7p_2col_acl.pdf"
    first = pipeline.summarize_pdf(path)
    stages: list[str] = []
    assert pipeline.summarize_pdf(path, stage=stages.append) == first
    assert stages == []  # not even read
    again = pipeline.summarize_pdf(path, force=True)
    assert again.created != first.created


def test_a_bad_local_pdf_raises(pipeline: SummaryPipeline) -> None:
    with pytest.raises(PdfError, match="needs a password"):
        pipeline.summarize_pdf(ODD_DIR / "encrypted_userpw-1234_arxiv_2206.01062_page3.pdf")


def test_a_pdf_with_almost_no_text_counts_as_the_abstract(pipeline: SummaryPipeline,
                                                         pdf_server: PdfServer) -> None:
    pdf_server.add("2004.04906v3", (ODD_DIR / "broken_xref_needs_repair_pypdf-issue-297.pdf")
                   .read_bytes())
    summary = pipeline.summarize(DPR)
    assert summary.source == "abstract"
    assert summary.note
