"""Choosing the paper text for the one LLM call: priority sections within the token budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import PaperText
from core.summaries.budget import estimate_tokens, select_text

ABSTRACT = "We propose a dense retriever. It beats BM25 on five benchmarks."


def sentences(label: str, count: int) -> str:
    return " ".join(f"{label} sentence number {i} says something useful." for i in range(count))


def paper_text(**sections: str) -> PaperText:
    return PaperText(sections=sections, full_text="\n\n".join(sections.values()), pages=8)


def test_estimate_tokens() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 100) == 100
    assert estimate_tokens("数据集") == 3  # CJK: about a token per character


def test_short_paper_is_sent_whole_in_reading_order() -> None:
    text = paper_text(abstract=ABSTRACT, introduction="Intro.", method="Method.",
                      experiments="Experiments.", conclusion="Conclusion.", other="Appendix.")
    chosen = select_text(text, ABSTRACT, 8000)
    assert chosen.sections == ("abstract", "introduction", "method", "experiments", "conclusion")
    assert chosen.text.index("## Introduction") < chosen.text.index("## Method")
    assert "Appendix" not in chosen.text
    assert chosen.source == "pdf" and not chosen.cut


@pytest.mark.parametrize("budget", [1500, 4000, 8000])
def test_long_paper_fits_the_budget_and_keeps_every_priority_section(budget: int) -> None:
    text = paper_text(abstract=ABSTRACT, introduction=sentences("intro", 400),
                      related_work=sentences("related", 400), method=sentences("method", 400),
                      experiments=sentences("exp", 400), results=sentences("res", 50),
                      conclusion=sentences("concl", 10), limitations=sentences("lim", 5))
    chosen = select_text(text, ABSTRACT, budget)
    assert chosen.tokens <= budget
    assert chosen.cut
    for name in ("abstract", "introduction", "method", "experiments", "results", "conclusion"):
        assert name in chosen.sections
    # Short sections come whole; long ones are cut at a sentence end with a mark.
    assert ABSTRACT in chosen.text
    assert "says something useful. […]" in chosen.text


def test_leftover_budget_goes_to_limitations_then_related_work() -> None:
    text = paper_text(abstract=ABSTRACT, introduction=sentences("intro", 20),
                      method=sentences("method", 20), related_work=sentences("related", 400),
                      limitations=sentences("lim", 5))
    chosen = select_text(text, ABSTRACT, 3000)
    assert "limitations" in chosen.sections and "related_work" in chosen.sections
    assert sentences("lim", 5) in chosen.text
    assert chosen.tokens <= 3000


def test_tiny_budget_drops_lowest_priority_sections_first() -> None:
    text = paper_text(abstract=ABSTRACT, introduction=sentences("intro", 100),
                      method=sentences("method", 100), experiments=sentences("exp", 100),
                      conclusion=sentences("concl", 100))
    chosen = select_text(text, ABSTRACT, 500)
    assert chosen.sections[:2] == ("abstract", "introduction")
    assert "conclusion" not in chosen.sections
    assert chosen.tokens <= 500


def test_no_text_falls_back_to_the_abstract() -> None:
    chosen = select_text(None, ABSTRACT, 8000)
    assert chosen.source == "abstract"
    assert chosen.sections == ("abstract",)
    assert ABSTRACT in chosen.text
    empty = select_text(PaperText(sections={}, full_text=""), ABSTRACT, 8000)
    assert empty.source == "abstract"
    assert select_text(None, "", 8000).text == ""


def test_unsectioned_text_is_sent_from_its_start() -> None:
    text = PaperText(sections={"other": "x"}, full_text=sentences("body", 2000))
    chosen = select_text(text, ABSTRACT, 2000)
    assert chosen.sections == ("abstract", "text")
    assert "body sentence number 0 " in chosen.text
    assert chosen.tokens <= 2000


def test_paper_abstract_stands_in_for_a_missing_abstract_section() -> None:
    text = paper_text(introduction="Intro.", method="Method.")
    assert select_text(text, ABSTRACT, 8000).sections[0] == "abstract"


def test_real_pdf_within_budget(fixtures_dir: Path) -> None:
    from core.pdf.text import read_pdf

    pdf = next((fixtures_dir / "pdf").glob("arxiv_2004.04906v3_*.pdf"))
    chosen = select_text(read_pdf(pdf), "", 8000)
    assert chosen.source == "pdf"
    assert 6000 < chosen.tokens <= 8000
    assert {"abstract", "introduction"} <= set(chosen.sections)
