"""Deterministic papers and summaries for the store tests, the crash writer and the bench."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.models import Paper
from core.records import Experiments, Method, RelatedWork, Sections, Summary, Takeaways

MONTHS = [f"{year:02d}{month:02d}" for year in (24, 25) for month in range(1, 13)]
"""24 months of new-style arXiv ids, as two years of daily fetches would store."""

_WORDS = (  # noqa: SIM905 (one string reads better than twenty quoted words)
    "gaussian splatting radiance field avatar video diffusion transformer collapse synthetic "
    "rendering benchmark ablation latency memory dataset scene geometry temporal model"
).split()


def paper_id(n: int, per_month: int = 1) -> str:
    """A new-style id, unique for each n. Each run of `per_month` consecutive n shares a month,
    cycling over the 24 months: 1 spreads neighbours apart, N/24 fills months in date order."""
    return f"{MONTHS[n // per_month % len(MONTHS)]}.{n + 10000:05d}"


def _text(n: int, words: int) -> str:
    return " ".join(_WORDS[(n * 7 + i * 3) % len(_WORDS)] for i in range(words))


def make_paper(n: int, version: int = 1, per_month: int = 1) -> Paper:
    """A paper with every field set (about 1.7 KB of JSON)."""
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n)
    return Paper(
        id=paper_id(n, per_month),
        version=version,
        title=f"[Re] {_text(n, 8)} #{n}",
        authors=tuple(f"Author {n}-{i}" for i in range(5)),
        abstract=_text(n, 150),
        categories=("cs.CV", "cs.GR"),
        primary_category="cs.CV",
        published=when,
        updated=when + timedelta(days=version - 1),
        comment="12 pages, 5 figures",
        journal_ref="",
        doi=f"10.1000/{n}",
    )


def make_summary(
    n: int, *, version: int = 1, model: str = "gpt-test", per_month: int = 1
) -> Summary:
    """A six-section summary of paper n of about 4 KB of JSON, like an LLM's."""
    return Summary(
        paper_id=paper_id(n, per_month),
        version=version,
        sections=Sections(
            task=(_text(n, 20), _text(n + 1, 20)),
            motivation=_text(n, 60),
            related_work=tuple(RelatedWork(_text(n + i, 5), _text(n + i, 15)) for i in range(3)),
            core_idea=(_text(n + 2, 20), _text(n + 3, 20)),
            method=Method(_text(n, 40), _text(n + 1, 40), _text(n + 2, 15)),
            experiments=Experiments(
                _text(n, 20),
                (_text(n, 4), _text(n + 1, 4)),
                _text(n, 40),
                _text(n, 20),
                _text(n, 20),
            ),
            takeaways=Takeaways((_text(n, 10),) * 2, (_text(n + 1, 10),) * 2, (_text(n, 10),)),
        ),
        summarizer="llm",
        model=model,
        prompt_version="p1",
        input_tokens=9000 + n,
        output_tokens=900,
        seconds=12.5,
        created=datetime(2025, 9, 1, tzinfo=UTC) + timedelta(minutes=n),
    )
