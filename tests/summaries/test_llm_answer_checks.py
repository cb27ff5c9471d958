"""Schema-valid but meaningless answers get one corrective retry, then a clear failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers.openai_server import MEANINGLESS, VALID_SECTIONS, FakeOpenAI, meaningless, valid
from test_llm_summarizer import PAPER

from core.errors import SummaryError
from core.pdf.text import read_pdf
from core.records import PaperText, Sections
from core.summaries.answer_checks import check_content
from core.summaries.llm import LlmSummarizer
from core.summaries.schema import InvalidSummaryError

DPR_PDF = next((Path(__file__).parents[1] / "fixtures" / "pdf").glob("arxiv_2004.04906v3_*.pdf"))
REASONS = {"digits": "no words in it", "punctuation": "no words in it",
           "number_field": "not words", "one_word": "repeats",
           "repeated": "repeats the sentence", "off_topic": "shares almost no words"}


@pytest.fixture(scope="module")
def dpr_text() -> PaperText:
    return read_pdf(DPR_PDF)


@pytest.mark.parametrize("kind", sorted(MEANINGLESS))
def test_meaningless_answer_gets_one_corrective_retry(openai_server: FakeOpenAI,
                                                      dpr_text: PaperText, kind: str) -> None:
    openai_server.then(meaningless(kind), valid())
    summary = LlmSummarizer(openai_server.settings()).summarize(PAPER, dpr_text)
    assert summary.sections == Sections.from_dict(VALID_SECTIONS)
    correction = openai_server.requests[1]["messages"][-1]["content"]
    assert REASONS[kind] in correction and "Answer again" in correction


@pytest.mark.parametrize("kind", sorted(MEANINGLESS))
def test_meaningless_twice_is_a_one_line_failure(openai_server: FakeOpenAI,
                                                 dpr_text: PaperText, kind: str) -> None:
    openai_server.then(meaningless(kind), meaningless(kind))
    with pytest.raises(SummaryError, match="unusable twice") as caught:
        LlmSummarizer(openai_server.settings()).summarize(PAPER, dpr_text)
    assert REASONS[kind] in str(caught.value) and "\n" not in str(caught.value)


def test_a_real_summary_passes(dpr_text: PaperText) -> None:
    check_content(Sections.from_dict(VALID_SECTIONS), dpr_text.full_text)


def test_the_same_short_item_may_come_twice() -> None:
    data = {**VALID_SECTIONS, "takeaways": {"pros": ["Simple."], "cons": ["Simple."],
                                             "future_work": []}}
    check_content(Sections.from_dict(data), "")


def test_an_empty_task_is_refused() -> None:
    with pytest.raises(InvalidSummaryError, match="task has no words"):
        check_content(Sections.from_dict({**VALID_SECTIONS, "task": []}), "")
