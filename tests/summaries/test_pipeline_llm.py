"""The pipeline with an LLM configured: one call per paper through a real local HTTP server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from servers.openai_server import VALID_SECTIONS, FakeOpenAI, invalid, valid
from servers.pdf_server import PdfServer

from core.config import Settings
from core.errors import SummaryError
from core.models import Paper
from core.records import Sections
from core.store.store import Store
from core.summaries.pipeline import SummaryPipeline

DPR = Paper(id="2004.04906", version=3, title="Dense Passage Retrieval for Open-Domain QA",
            abstract="Open-domain question answering relies on efficient passage retrieval.")


@pytest.fixture
def llm_pipeline(pdf_settings: Settings, openai_server: FakeOpenAI) -> Iterator[SummaryPipeline]:
    settings = pdf_settings.with_(llm=openai_server.settings())
    with Store.open(settings.store_dir) as store:
        store.upsert_papers([DPR])
        yield SummaryPipeline(settings, store)


def test_llm_summary_from_the_pdf(llm_pipeline: SummaryPipeline, openai_server: FakeOpenAI,
                                  pdf_server: PdfServer) -> None:
    assert llm_pipeline.name == "llm:test-model"
    openai_server.then(valid())
    summary = llm_pipeline.summarize(DPR)
    assert (summary.summarizer, summary.model, summary.source) == ("llm", "test-model", "pdf")
    assert summary.sections == Sections.from_dict(VALID_SECTIONS)
    assert len(openai_server.requests) == 1
    sent = json.dumps(openai_server.requests[0])
    assert "dual-encoder" in sent  # PDF text, not only the abstract
    assert llm_pipeline.store.get_summary(DPR.id) == summary


def test_llm_summary_from_the_abstract_when_the_pdf_fails(
    llm_pipeline: SummaryPipeline, openai_server: FakeOpenAI, pdf_server: PdfServer
) -> None:
    pdf_server.cue("html")
    summary = llm_pipeline.summarize(DPR)
    assert summary.source == "abstract" and "HTML page" in summary.note
    assert summary.summarizer == "llm"


def test_llm_failure_raises_and_stores_nothing(llm_pipeline: SummaryPipeline,
                                               openai_server: FakeOpenAI) -> None:
    openai_server.then(invalid(), invalid())
    with pytest.raises(SummaryError):
        llm_pipeline.summarize(DPR)
    assert llm_pipeline.store.get_summary(DPR.id) is None


def test_offline_flag_skips_the_llm(llm_pipeline: SummaryPipeline,
                                    openai_server: FakeOpenAI) -> None:
    summary = llm_pipeline.summarize(DPR, offline=True)
    assert summary.summarizer == "offline"
    assert openai_server.requests == []


def test_what_the_server_takes_is_kept_in_the_store(pdf_settings: Settings,
                                                    openai_server: FakeOpenAI) -> None:
    from core.summaries.capabilities import forget_all, server_key

    openai_server.reject_json_schema = 500
    openai_server.context_tokens, openai_server.advertise = 16384, "props"
    settings = pdf_settings.with_(llm=openai_server.settings(api_key="sk-SECRET-0123456789"))
    with Store.open(settings.store_dir) as store:
        store.upsert_papers([DPR])
        SummaryPipeline(settings, store).summarize(DPR)
    assert len(openai_server.requests) == 2  # json_schema refused, json_object worked
    forget_all()  # a new process: only the store remembers
    with Store.open(settings.store_dir) as store:
        SummaryPipeline(settings, store).summarize(DPR, force=True)
        kept = store.get_llm_server(server_key(openai_server.base_url, "test-model"))
        assert kept is not None and kept["mode"] == "json_object"
        assert kept["context_tokens"] == 16384
    assert "SECRET" not in (settings.store_dir / "meta.json").read_text()
    assert len(openai_server.requests) == 3
    assert openai_server.requests[2]["response_format"] == {"type": "json_object"}
    assert [r.path for r in openai_server.recorded].count("/api/show") == 0  # /props said


def test_the_days_llm_totals_count_every_call(llm_pipeline: SummaryPipeline,
                                              openai_server: FakeOpenAI) -> None:
    from datetime import date

    openai_server.then(invalid(), invalid())
    with pytest.raises(SummaryError):
        llm_pipeline.summarize(DPR)
    llm_pipeline.summarize(DPR)
    totals = llm_pipeline.store.llm_usage(date.today())
    assert totals["calls"] == 3
    assert totals["input_tokens"] > 0 and totals["output_tokens"] > 0 and totals["seconds"] > 0
