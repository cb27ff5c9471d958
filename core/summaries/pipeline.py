"""From a paper to a stored six-section summary: PDF, text, summarizer, store."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from core.config import Settings
from core.errors import PdfError, SummaryError
from core.models import Paper
from core.pdf.download import PdfFetcher
from core.pdf.text import read_pdf
from core.pdf.title import pdf_title
from core.records import PaperText, Summary
from core.stopping import ShouldStop, check_stop
from core.store.store import Store

if TYPE_CHECKING:
    from core.summaries.conversation import Usage
    from core.summaries.stream import OnProgress

Stage = Literal["downloading", "extracting", "summarizing"]
StageCallback = Callable[[str], None]
_ID_IN_NAME = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?!\d)")


class Summarizer(Protocol):
    """What the pipeline needs of a summarizer (offline or LLM)."""

    def summarize(self, paper: Paper, text: PaperText | None,
                  progress: OnProgress | None = None,
                  should_stop: ShouldStop | None = None) -> Summary:
        """A summary, or SummaryError; an LLM reports its call's progress, and gives up when
        `should_stop()` says so (Stopped)."""
        ...


class SummaryPipeline:
    """Summarizes papers, storing every finished summary and returning stored ones at once."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = PdfFetcher(settings.pdf, settings.pdf_cache_dir)
        self._llm: Summarizer | None = None
        self._llm_made = threading.Lock()  # summaries run in parallel: make one client

    @property
    def name(self) -> str:
        """`offline` or `llm:<model>`, for the UI's "offline summarizer" notice."""
        return f"llm:{self.settings.llm.model}" if self.settings.llm.enabled else "offline"

    def summarize(
        self,
        paper: Paper,
        *,
        stage: StageCallback | None = None,
        offline: bool = False,
        force: bool = False,
        progress: OnProgress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Summary:
        """The stored summary of this version (unless `force`), else a new one, stored.

        A PDF that cannot be had or read falls back to the abstract (the note says why);
        only the summarizer failing raises (SummaryError), and nothing is stored then.
        `should_stop` (the reader quitting) cuts the download or the LLM call: Stopped, and
        nothing is stored.
        """
        stored = None if force else self.stored_summary(paper)
        if stored is not None:
            return stored
        report = stage or _ignore
        text, note = None, ""
        report("downloading")
        try:
            path = self.fetcher.fetch(paper.id, paper.version, should_stop)
            report("extracting")
            text = read_pdf(path)
        except PdfError as err:
            note = f"PDF unavailable ({err})"
            if not paper.abstract.strip():
                # Papers imported from old digests have no abstract to fall back on.
                raise SummaryError(f"{note}, and no abstract to summarize instead") from None
        summary = self._run(paper, text, report, offline, progress, should_stop)
        if note:
            summary = summary.with_(source="abstract", note=note)
        self.store.put_summary(summary)
        return summary

    def summarize_pdf(
        self,
        pdf_path: Path,
        *,
        stage: StageCallback | None = None,
        offline: bool = False,
        paper: Paper | None = None,
        force: bool = False,
        progress: OnProgress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Summary:
        """Summarize a local PDF; PdfError when it cannot be read (there is no abstract to use),
        Stopped when `should_stop` cuts the LLM call.

        The paper is `paper`, else `paper_for_file`'s. A paper with an arXiv id reuses its
        stored summary (unless `force`), and is stored with its new summary; a stand-in
        (`file:` id) is not stored.
        """
        paper = paper or self.paper_for_file(pdf_path)
        stored = None if force else self.stored_summary(paper)
        if stored is not None:
            return stored
        report = stage or _ignore
        report("extracting")
        text = read_pdf(pdf_path)
        if not paper.abstract and text.sections.get("abstract"):
            paper = replace(paper, abstract=text.sections["abstract"].strip())
        try:
            summary = self._run(paper, text, report, offline, progress, should_stop)
        except NothingToSummarize:
            # Text came out, but nothing in it reads as sentences: the file is the problem.
            raise PdfError("the PDF has no readable text (fonts without a Unicode "
                           "mapping?)") from None
        if is_storable(paper):
            if not self.store.has_paper(paper.id):
                self.store.upsert_papers([paper])
            self.store.put_summary(summary)
        return summary

    def stored_summary(self, paper: Paper) -> Summary | None:
        """The stored summary of this version of the paper or a later one."""
        if not is_storable(paper):
            return None
        stored = self.store.get_summary(paper.id)
        return stored if stored and stored.version >= paper.version else None

    def _run(self, paper: Paper, text: PaperText | None, report: StageCallback,
             offline: bool, progress: OnProgress | None,
             should_stop: ShouldStop | None) -> Summary:
        check_stop(should_stop)
        report("summarizing")
        summary = self._summarizer(offline).summarize(paper, text, progress, should_stop)
        if summary.sections.is_empty():
            raise NothingToSummarize(f"nothing to summarize in {paper.versioned_id}: "
                               "no readable text and no abstract")
        return summary

    def _summarizer(self, offline: bool) -> Summarizer:
        if offline or not self.settings.llm.enabled:
            from core.summaries.offline import OfflineSummarizer

            return OfflineSummarizer()
        with self._llm_made:
            if self._llm is None:
                from core.summaries.capabilities import CapabilityBook
                from core.summaries.llm import LlmSummarizer  # imports openai: only when used

                book = CapabilityBook(self.store.get_llm_server, self.store.put_llm_server)
                self._llm = LlmSummarizer(self.settings.llm, book, self._count_usage)
            return self._llm

    def _count_usage(self, usage: Usage) -> None:
        """Add a summary's LLM calls to today's totals (failed ones cost tokens too)."""
        if usage.calls:
            self.store.add_llm_usage(date.today(), asdict(usage))

    def paper_for_file(self, pdf_path: Path) -> Paper:
        """The paper a local PDF is: by the arXiv id in its margin stamp, else in its file name,
        the stored paper, else one made from the PDF; with no id, a stand-in (`file:` id).

        A made paper's title is the PDF's metadata title when it is a real one, else the
        largest line of page 1, else the file name.
        """
        from core.pdf.stamp import arxiv_stamp

        stamp = arxiv_stamp(pdf_path)
        match = _ID_IN_NAME.search(pdf_path.name)
        version: int | None
        if stamp:
            paper_id, version = stamp.id, stamp.version
        elif match:
            paper_id = match.group(1)
            version = int(match.group(2)) if match.group(2) else None
        else:
            title = pdf_title(pdf_path) or pdf_path.stem
            return Paper(id=f"file:{pdf_path.stem}", version=1, title=title)
        stored = self.store.get_paper(paper_id)
        if stored:  # the file's own version, when it says which
            return replace(stored, version=version) if version else stored
        category = (stamp.category,) if stamp else ()
        return Paper(id=paper_id, version=version or 1, title=pdf_title(pdf_path) or pdf_path.stem,
                     categories=category, primary_category=stamp.category if stamp else "")


def is_storable(paper: Paper) -> bool:
    """True for an arXiv paper; False for a local PDF's stand-in."""
    return not paper.id.startswith("file:")


class NothingToSummarize(SummaryError):
    """The summarizer found no sentence to use in the text, nor an abstract."""


def _ignore(stage: str) -> None:
    """The stage callback when nobody listens."""
