"""A day's papers -> the digest Markdown of the reference format (pure: no store, no files)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.digest.markdown_text import escape_heading, escape_inline
from core.digest.sections_render import render_sections
from core.models import Paper
from core.records import Summary

TITLE = "Daily Paper Digest"
SUMMARY_TAG = "<summary>📄 Paper Summary </summary>"
NOT_SUMMARIZED = "(not summarized)"
NO_RESULTS = "- (No results)"


@dataclass(frozen=True)
class DigestItem:
    """One paper of the digest, with its summary if it has one."""

    paper: Paper
    summary: Summary | None = None
    failure: str = ""
    """Why summarizing it just failed (export --summarize), shown instead of "not summarized"."""


Group = tuple[str, Sequence[DigestItem]]
"""A topic and its papers, in listing order."""


def render_digest(day: date, groups: Sequence[Group], made_by: str) -> str:
    """The whole digest: header, the `>` line saying how it was made, then topic by topic."""
    parts = [f"# {TITLE} · {day.isoformat()}\n> {escape_inline(made_by)}\n"]
    for topic, items in groups:
        heading = f"## {escape_heading(topic)}\n"
        parts.append(heading if items else f"{heading}{NO_RESULTS}\n")
        parts.extend(render_item(item) for item in items)
    return "\n".join(parts)


def render_item(item: DigestItem) -> str:
    """One `### [title](pdf link)` entry: the summary in a details block, or the abstract."""
    paper = item.paper
    heading = f"### [{escape_inline(paper.title) or paper.versioned_id}]({paper.pdf_url})\n"
    sections = render_sections(item.summary.sections) if item.summary else ""
    if item.summary is None or not sections:
        return heading + _unsummarized(item)
    provenance = escape_inline(item.summary.provenance)
    note = f"*{provenance}*\n\n" if provenance else ""
    authors = f"**Authors:** {escape_inline(', '.join(paper.authors))}\n" if paper.authors else ""
    return (
        f"{heading}{authors}"
        f"\n\n<!--break-out-of-list-->\n<details markdown=\"1\">\n{SUMMARY_TAG}\n\n"
        f"{note}{sections}\n\n</details>\n"
    )


def _unsummarized(item: DigestItem) -> str:
    paper = item.paper
    mark = f"(summary failed: {escape_inline(item.failure)})" if item.failure else NOT_SUMMARIZED
    lines = [f"  {mark}\n"]
    if paper.authors:
        lines.append(f"**Authors:** {escape_inline(', '.join(paper.authors))}\n")
    if paper.abstract.strip():
        lines.append(f"**Abstract:** {escape_inline(paper.abstract)}\n")
    return "\n".join(lines)


def made_by_line(
    groups: Sequence[Group], per_query: dict[str, int], *, starred_only: bool = False
) -> str:
    """`Made by papertray: ... (up to 3 papers per query). Summaries: ...` for the `>` line."""
    topics = [topic for topic, _ in groups]
    counts = {per_query[t] for t in topics if t in per_query}
    if len(counts) == 1:
        limit = f" (up to {counts.pop()} papers per query)"
    elif counts:
        limit = " (" + ", ".join(f"{t}: {per_query[t]}" for t in topics if t in per_query)
        limit += " papers per query)"
    else:
        limit = ""
    which = "starred papers" if starred_only else "recent submissions"
    text = (f"Made by papertray: {which} from arXiv, fetched by topic and keyword{limit}. "
            f"Topics: {', '.join(topics) or 'none'}. Summaries: {_summaries_phrase(groups)}.")
    return text


def _summaries_phrase(groups: Iterable[Group]) -> str:
    seen: dict[str, DigestItem] = {}
    for _, items in groups:
        for item in items:
            seen.setdefault(item.paper.id, item)
    makers = Counter(_maker(item.summary) for item in seen.values() if item.summary)
    parts = [f"{count} {maker}" for maker, count in makers.most_common()]
    abstract_only = sum(1 for i in seen.values() if i.summary and i.summary.source == "abstract")
    if abstract_only:
        parts.append(f"{abstract_only} of them from the abstract only")
    missing = sum(1 for item in seen.values() if item.summary is None)
    if missing:
        parts.append(f"{missing} not summarized")
    return "; ".join(parts) or "none"


def _maker(summary: Summary) -> str:
    if summary.summarizer == "offline":
        return "by the offline summarizer (extractive: sentences quoted from the paper)"
    if summary.summarizer == "imported":
        return "imported from earlier digests"
    return f"by LLM {summary.model or summary.summarizer}"
