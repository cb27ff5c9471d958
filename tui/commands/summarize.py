"""`papertray summarize ARXIV_ID|PDF_PATH [--offline] [--format markdown|json]`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.config import Settings
from core.errors import PdfError, UsageError
from core.models import Paper
from core.records import Summary
from tui.commands.progress import StatusLine

if TYPE_CHECKING:
    from core.services import Services
    from core.summaries.stream import LlmProgress, OnProgress

NAME = "summarize"
_NEW_ID = re.compile(r"^(?P<id>\d{4}\.\d{4,5})(?:v(?P<version>\d+))?$")
_OLD_ID = re.compile(r"^(?P<id>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$")
_URL_PREFIX = re.compile(r"^https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/")
STAGE_WORDS = {
    "downloading": "downloading the PDF",
    "extracting": "reading the PDF",
    "summarizing": "summarizing",
}


def register(subparsers: Any) -> None:
    """Add the `summarize` subcommand."""
    parser = subparsers.add_parser(
        NAME, help="summarize one paper (an arXiv id or a PDF file) and store the summary")
    parser.add_argument("target", metavar="ARXIV_ID|PDF_PATH",
                        help="an arXiv id (2004.04906, 2004.04906v3, hep-ex/0406020) or a PDF file")
    parser.add_argument("--offline", action="store_true",
                        help="use the offline extractive summarizer even when an LLM is configured")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="how to print the summary (default: markdown)")
    parser.add_argument("--force", action="store_true",
                        help="summarize again even if a summary is stored")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Summarize the target, print it, return 0; bad input raises UsageError (exit 2)."""
    from core.services import open_services  # the store and PDF stacks: only when run
    from tui.commands.notices import tell_store_notices

    target = args.target.strip()
    path = Path(target).expanduser() if _looks_like_file(target) else None
    if path and not path.is_file():
        raise UsageError(f"no such file: {target}")
    if not path:
        parse_id(target)  # a bad id fails before the store is opened
    started, line = datetime.now(UTC), StatusLine()

    def progress(progress: LlmProgress) -> None:
        """The LLM call's progress on stderr: one line redrawn, or a line per change in a log."""
        line.show(progress.text, now=progress.seconds,
                  key=f"{progress.phase}{len(progress.sections)}")

    with open_services(settings) as services:
        tell_store_notices(services.store)
        try:
            paper, summary = _summarize(args, path, target, settings, services, progress)
        finally:
            line.done()
        if summary.created and summary.created < started:
            _tell(["the stored summary (--force makes a new one)"])
        if path and paper.id.startswith("file:"):
            _tell(["not stored: no arXiv id in the PDF's margin stamp or in its file name"])
    print(render(paper, summary, args.format))
    return 0


def _summarize(args: argparse.Namespace, path: Path | None, target: str, settings: Settings,
               services: Services, progress: OnProgress) -> tuple[Paper, Summary]:
    """The paper and its summary, from the file or the id."""
    pipeline = services.pipeline
    if path:
        try:
            paper = pipeline.paper_for_file(path)
            return paper, pipeline.summarize_pdf(path, stage=_say, offline=args.offline,
                                                 paper=paper, force=args.force,
                                                 progress=progress)
        except PdfError as err:
            raise UsageError(f"{path.name}: {err}") from None
    paper = _find_paper(target, settings, services.store)
    return paper, pipeline.summarize(paper, stage=_say, offline=args.offline, force=args.force,
                                     progress=progress)


def parse_id(text: str) -> tuple[str, int | None]:
    """(id, version or None) from `2004.04906v3`, `hep-ex/0406020` or an arxiv.org URL."""
    text = _URL_PREFIX.sub("", text).removesuffix(".pdf")
    match = _NEW_ID.match(text) or _OLD_ID.match(text)
    if not match:
        raise UsageError(f"not an arXiv id or a PDF file: {text!r} (try 2004.04906 or paper.pdf)")
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def render(paper: Paper, summary: Summary, form: str) -> str:
    """The summary as digest Markdown (title, provenance, six sections) or JSON."""
    if form == "json":
        return json.dumps({"paper": paper.to_dict(), "summary": summary.to_dict()},
                          ensure_ascii=False, indent=2)
    from core.digest.markdown_text import escape_inline
    from core.digest.sections_render import render_sections

    link = paper.pdf_url if not paper.id.startswith("file:") else ""
    title = escape_inline(paper.title)
    heading = f"### [{title}]({link})" if link else f"### {title}"
    provenance = escape_inline(summary.provenance)
    return f"{heading}\n\n> {provenance}\n\n{render_sections(summary.sections)}"


def _find_paper(target: str, settings: Settings, store: Any) -> Paper:
    """The stored paper, else arXiv's record (stored for next time); UsageError if none."""
    paper_id, version = parse_id(target)
    asked = f"{paper_id}v{version}" if version else paper_id
    paper = store.get_paper(paper_id) or _lookup(asked, paper_id, settings)
    if paper is None:
        raise UsageError(f"arXiv has no paper {paper_id}")
    store.upsert_papers([paper])
    return replace(paper, version=version) if version else paper


def _lookup(asked: str, paper_id: str, settings: Settings) -> Paper | None:
    """Ask the arXiv API for one paper, with its version if one was given."""
    from core.arxiv.client import ArxivClient

    _say("looking up")
    with ArxivClient(settings.arxiv) as client:
        return client.lookup(asked)


def _looks_like_file(target: str) -> bool:
    if _URL_PREFIX.match(target):
        return False
    return target.lower().endswith(".pdf") or Path(target).expanduser().exists()


def _tell(notices: list[str]) -> None:
    """Notes about the result (a stored summary reused, a PDF not stored), on stderr."""
    for notice in notices:
        print(f"papertray: {notice}", file=sys.stderr)


def _say(stage: str) -> None:
    """Progress on stderr, so stdout stays the summary alone."""
    print(f"papertray: {STAGE_WORDS.get(stage, stage)}…", file=sys.stderr, flush=True)
