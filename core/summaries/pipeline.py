"""From a paper to a stored six-section summary: PDF, text, summarizer, store."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal, Protocol

from core.config import Settings
from core.errors import PdfError, SummaryError
from core.models import Paper
from core.pdf.download import PdfFetcher
from core.pdf.text import read_pdf
from core.pdf.title import pdf_title
from core.records import PaperText, Summary
from core.store.store import Store

Stage = Literal["downloading", "extracting", "summarizing"]
StageCallback = Callable[[str], None]
_ID_IN_NAME = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?!\d)")


class Summarizer(Protocol):
    """What the pipeline needs of a summarizer (offline or LLM)."""

    def summarize(self, paper: Paper, text: PaperText | None) -> Summary:
        """A summary, or SummaryError."""
        ...


class SummaryPipeline:
    """Summarizes papers, storing every finished summary and returning stored ones at once."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = PdfFetcher(settings.pdf, settings.pdf_cache_dir)
        self._llm: Summarizer | None = None

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
    ) -> Summary:
        """The stored summary of this version (unless `force`), else a new one, stored.

        A PDF that cannot be had or read falls back to the abstract (the note says why);
        only the summarizer failing raises (SummaryError), and nothing is stored then.
        """
        if not force:
            stored = self.store.get_summary(paper.id)
            if stored and stored.version >= paper.version:
                return stored
        report = stage or _ignore
        text, note = None, ""
        report("downloading")
        try:
            path = self.fetcher.fetch(paper.id, paper.version)
            report("extracting")
            text = read_pdf(path)
        except PdfError as err:
            note = f"PDF unavailable ({err})"
            if not paper.abstract.strip():
                # Papers imported from old digests have no abstract to fall back on.
                raise SummaryError(f"{note}, and no abstract to summarize instead") from None
        summary = self._run(paper, text, report, offline)
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
    ) -> Summary:
        """Summarize a local PDF; PdfError when it cannot be read (there is no abstract to use).

        The paper is `paper`, else the stored one whose id (`2004.04906v3`) is in the file
        name, else a stand-in titled from the PDF (`paper_for_file`). Only a summary of a stored
        paper is stored.
        """
        report = stage or _ignore
        report("extracting")
        text = read_pdf(pdf_path)
        paper = paper or self.paper_for_file(pdf_path)
        try:
            summary = self._run(paper, text, report, offline)
        except NothingToSummarize:
            # Text came out, but nothing in it reads as sentences: the file is the problem.
            raise PdfError("the PDF has no readable text (fonts without a Unicode "
                           "mapping?)") from None
        if self.store.has_paper(paper.id):
            self.store.put_summary(summary)
        return summary

    def _run(self, paper: Paper, text: PaperText | None, report: StageCallback,
             offline: bool) -> Summary:
        report("summarizing")
        summary = self._summarizer(offline).summarize(paper, text)
        if summary.sections.is_empty():
            raise NothingToSummarize(f"nothing to summarize in {paper.versioned_id}: "
                               "no readable text and no abstract")
        return summary

    def _summarizer(self, offline: bool) -> Summarizer:
        if offline or not self.settings.llm.enabled:
            from core.summaries.offline import OfflineSummarizer

            return OfflineSummarizer()
        if self._llm is None:
            from core.summaries.llm import LlmSummarizer  # imports openai: only when used

            self._llm = LlmSummarizer(self.settings.llm)
        return self._llm

    def paper_for_file(self, pdf_path: Path) -> Paper:
        """The stored paper whose id is in the file's name, else a stand-in titled from the PDF.

        The stand-in's title is the PDF's metadata title when it is a real one, else the
        largest line of page 1, else the file name.
        """
        match = _ID_IN_NAME.search(pdf_path.name)
        version = int(match.group(2)) if match and match.group(2) else None
        if match:
            stored = self.store.get_paper(match.group(1))
            if stored:  # the file's own version, when its name says which
                return replace(stored, version=version) if version else stored
        title = pdf_title(pdf_path) or pdf_path.stem
        if match:
            return Paper(id=match.group(1), version=version or 1, title=title)
        return Paper(id=f"file:{pdf_path.stem}", version=1, title=title)


class NothingToSummarize(SummaryError):
    """The summarizer found no sentence to use in the text, nor an abstract."""


def _ignore(stage: str) -> None:
    """The stage callback when nobody listens."""
