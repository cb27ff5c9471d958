"""`export_day`: the day's digest from the store, valid Markdown by construction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from export_samples import DAY, HOSTILE_TITLES, check_digest, llm_summary, rich_paper
from markdown_it import MarkdownIt

from core.config import Settings
from core.digest.export import default_path, export_day, write_export
from core.digest.markdown import DigestItem, render_digest
from core.digest.markdown_text import clean_line
from core.digest.sections_render import HEADINGS
from core.errors import Stopped, SummaryError, UsageError
from core.models import Paper
from core.records import Sections, Summary
from core.store.store import Store


def _fill(store: Store, topics: dict[str, list[Paper]], *, summarized: set[str] | None = None,
          day: date = DAY) -> None:
    papers = [p for ps in topics.values() for p in ps]
    store.upsert_papers(papers)
    for topic, listed in topics.items():
        store.add_to_day(day, topic, [p.id for p in listed])
    for paper in papers:
        if summarized is None or paper.id in summarized:
            store.put_summary(llm_summary(paper))


def test_reference_layout(settings: Settings, store: Store) -> None:
    papers = [rich_paper(i) for i in range(3)]
    _fill(store, {"neural rendering": papers[:2], "avatar": papers[2:]})
    text = export_day(settings, store, DAY).text
    lines = text.splitlines()
    assert lines[0] == "# Daily Paper Digest · 2025-08-29"
    assert lines[1].startswith("> Made by papertray")
    assert "(up to 100 papers per query)" in lines[1]
    assert "Topics: neural rendering, avatar" in lines[1]
    assert "3 by LLM gpt-4o-mini" in lines[1]
    assert lines[3] == "## neural rendering"
    assert lines[5] == f"### [{papers[0].title}](https://arxiv.org/pdf/{papers[0].versioned_id})"
    assert lines[6] == f"**Authors:** {', '.join(papers[0].authors)}"  # summarized: kept
    assert lines[7:13] == ["", "", "<!--break-out-of-list-->", '<details markdown="1">',
                           "<summary>📄 Paper Summary </summary>", ""]
    assert text.count("</details>") == 3
    entries = check_digest(text)
    assert [e.href for e in entries] == [p.pdf_url for p in papers]
    assert all(e.headings == list(HEADINGS) for e in entries)


# The store cannot hold a lone surrogate (orjson refuses it), so that title is tested pure.
STORABLE = [t for t in HOSTILE_TITLES if "\ud835" not in t]


def test_hostile_titles_keep_link_and_html_intact(settings: Settings, store: Store) -> None:
    papers = [rich_paper(i, title) for i, title in enumerate(STORABLE)]
    _fill(store, {"C# & <b>topics</b> ##": papers}, summarized={p.id for p in papers[::2]})
    text = export_day(settings, store, DAY).text
    entries = check_digest(text)
    assert [e.title for e in entries] == [clean_line(t) for t in STORABLE]
    assert [e.details_blocks for e in entries] == [(i + 1) % 2 for i in range(len(STORABLE))]
    tokens = MarkdownIt("commonmark").parse(text)
    h2 = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert len(h2) == 1
    assert "".join(c.content for c in h2[0].children or ()) == "C# & <b>topics</b> ##"


def test_text_from_pdfs_with_lone_surrogates_still_exports() -> None:
    paper = rich_paper(1, "Lone surrogate \ud835 from a PDF")
    sections = Sections(task=("Math \ud835 symbol",))
    summary = Summary(paper.id, paper.version, sections, "offline")
    text = render_digest(DAY, [("t", [DigestItem(paper, summary)])], "made \ud835")
    assert "Lone surrogate \ufffd from a PDF" in text.encode("utf-8").decode("utf-8")
    assert "- Math \ufffd symbol" in text


def test_unsummarized_paper_shows_authors_and_abstract(settings: Settings, store: Store) -> None:
    paper = rich_paper(1)
    _fill(store, {"avatar": [paper]}, summarized=set())
    text = export_day(settings, store, DAY).text
    assert "  (not summarized)" in text
    assert "**Authors:** Ana Müller, Bo Li 1, Chen Wei" in text
    assert "**Abstract:** We study thing 1. It works &lt; well & fast." in text
    assert "<details" not in text
    assert "1 not summarized" in text.splitlines()[1]


def test_skipped_left_out_starred_only_keeps_starred(settings: Settings, store: Store) -> None:
    papers = [rich_paper(i) for i in range(4)]
    _fill(store, {"a": papers[:2], "b": papers[2:]})
    store.set_state(papers[0].id, skipped=True)
    store.set_state(papers[1].id, skipped=True, starred=True)
    store.set_state(papers[3].id, starred=True)
    everything = check_digest(export_day(settings, store, DAY).text)
    assert [e.href for e in everything] == [p.pdf_url for p in papers[1:]]
    starred = export_day(settings, store, DAY, starred_only=True)
    assert [e.href for e in check_digest(starred.text)] == [papers[1].pdf_url, papers[3].pdf_url]
    assert "starred papers" in starred.text.splitlines()[1]


def test_a_day_without_results(settings: Settings, store: Store) -> None:
    store.add_to_day(DAY, "avatar", [])
    text = export_day(settings, store, DAY).text
    assert "## avatar\n- (No results)\n" in text


def test_defaults_to_latest_day_and_rejects_unknown(settings: Settings, store: Store) -> None:
    with pytest.raises(UsageError, match="no days yet"):
        export_day(settings, store)
    _fill(store, {"a": [rich_paper(1)]}, day=date(2025, 8, 1))
    _fill(store, {"a": [rich_paper(2)]}, day=date(2025, 8, 2))
    assert export_day(settings, store).day == date(2025, 8, 2)
    with pytest.raises(UsageError, match="no papers listed on 2025-07-01"):
        export_day(settings, store, date(2025, 7, 1))


def test_summarize_fills_the_gaps_with_progress(settings: Settings, store: Store) -> None:
    papers = [rich_paper(i) for i in range(3)]
    _fill(store, {"a": papers, "b": papers[:1]}, summarized={papers[0].id})
    calls: list[tuple[int, int, str]] = []

    def summarize(paper: Paper) -> Summary:
        if paper.id == papers[2].id:
            raise SummaryError("the LLM said no")
        summary = llm_summary(paper)
        store.put_summary(summary)
        return summary

    result = export_day(settings, store, DAY, summarize=summarize,
                        progress=lambda i, n, p: calls.append((i, n, p.id)))
    assert calls == [(1, 2, papers[1].id), (2, 2, papers[2].id)]
    assert result.failures == [(papers[2].id, "the LLM said no")]
    assert result.summarized == 2 and result.papers == 3
    assert "(summary failed: the LLM said no)" in result.text
    assert [e.details_blocks for e in check_digest(result.text)] == [1, 1, 0, 1]


def test_a_stopped_summary_is_left_unsummarized_not_failed(settings: Settings,
                                                            store: Store) -> None:
    papers = [rich_paper(i) for i in range(2)]
    _fill(store, {"a": papers}, summarized=set())

    def summarize(paper: Paper) -> Summary:
        raise Stopped()  # the export was stopped while this summary was under way

    result = export_day(settings, store, DAY, summarize=summarize)
    assert result.failures == [] and result.summarized == 0
    assert "summary failed" not in result.text


def test_never_overwrites_silently(settings: Settings, store: Store) -> None:
    path = default_path(settings, DAY)
    assert path == settings.export_dir / "2025-08-29.md"
    first = write_export("one ·\n", path)
    second = write_export("two\n", path)
    third = write_export("three\n", path)
    assert (first, second, third) == (path, path.with_name("2025-08-29-2.md"),
                                      path.with_name("2025-08-29-3.md"))
    assert path.read_bytes() == "one ·\n".encode()
    assert write_export("forced\n", path, force=True) == path
    assert path.read_text(encoding="utf-8") == "forced\n"
    with pytest.raises(UsageError, match="--force"):
        write_export("x", path, numbered=False)
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "2025-08-29-2.md", "2025-08-29-3.md", "2025-08-29.md"]  # no temp files left


def test_bibtex_format(settings: Settings, store: Store, tmp_path: Path) -> None:
    papers = [rich_paper(1), rich_paper(2)]
    _fill(store, {"a": papers, "b": papers})
    text = export_day(settings, store, DAY, fmt="bibtex").text
    assert text.count("@misc{") == 2
    assert default_path(settings, DAY, "bibtex").name == "2025-08-29.bib"
