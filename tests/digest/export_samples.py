"""Sample papers and summaries for export/import tests, and a digest structure checker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from markdown_it import MarkdownIt
from markdown_it.token import Token

from core.digest.sections_render import HEADINGS
from core.models import Paper
from core.records import Experiments, Method, RelatedWork, Sections, Summary, Takeaways

DAY = date(2025, 8, 29)
HOSTILE_TITLES = (
    "[Re] Reproducing `x` <b>bold</b> & AT&amp;T ]( http://evil.example ) ![img](x)",
    "</details><script>alert(1)</script> <!-- hi --> -->",
    "Stars * and _under_ and **bold** and ~~strike~~ and a backslash \\",
    "# not a heading",
    "1. not a list",
    "Line\nbreak\r\nand\ttab and \u202eRTL override",
    "Lone surrogate \ud835 from a PDF",
    "Entities &copy; &#169; &lt;tag&gt; and ``` fences ~~~",
    "<https://autolink.example> and [link][ref] and [ref]: /url",
    "Breaking bad theories of class $\\mathcal S$",
)


def rich_paper(index: int, title: str | None = None, *, month: str = "2508") -> Paper:
    """A paper with everything a fetch would give it."""
    return Paper(
        id=f"{month}.{21000 + index:05d}",
        version=1 + index % 3,
        title=title or f"Paper number {index}: a study of things",
        authors=("Ana Müller", f"Bo Li {index}", "Chen Wei"),
        abstract=f"We study thing {index}. It works < well & fast.",
        categories=("cs.CV", "cs.LG"),
        primary_category="cs.CV",
        published=datetime(2025, 8, 28, 17, 0, tzinfo=UTC),
    )


def full_sections(tag: str = "") -> Sections:
    """Sections with every field filled, some texts hostile."""
    return Sections(
        task=(f"Task {tag} one", "Task two with `code` and <tags>"),
        motivation=f"Motivation {tag}: why it matters, with a colon.",
        related_work=(
            RelatedWork("Nerf: Representing scenes", "Slow: hours per scene."),
            RelatedWork("[3]", "A bracketed reference"),
            RelatedWork("", "A challenge with no named work"),
            RelatedWork("A work with no challenge: subtitle", ""),
        ),
        core_idea=("# Idea that looks like a heading", "- idea that looks like a list"),
        method=Method("Pipeline text", "Loss * 2", "One GPU"),
        experiments=Experiments("ImageNet & COCO", ("Base A", "Base B, with comma"),
                                "Better by 3%.", "Ablations.", "Limits."),
        takeaways=Takeaways(("Pro one.", "Pro two."), ("Con one.",), ("Future one.",)),
    )


def llm_summary(paper: Paper, sections: Sections | None = None) -> Summary:
    """A stored-LLM-style summary of `paper`."""
    return Summary(paper.id, paper.version, sections or full_sections(paper.id), "llm",
                   model="gpt-4o-mini", prompt_version="1", source="pdf",
                   created=datetime(2025, 8, 29, 8, 0, tzinfo=UTC))


@dataclass
class CheckedEntry:
    """One paper heading of a parsed digest, and what its block held."""

    title: str
    href: str
    headings: list[str]
    details_blocks: int


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type in ("text", "text_special"))


def check_digest(text: str) -> list[CheckedEntry]:
    """Parse with markdown-it (CommonMark, raw HTML on) and check the structure of every paper.

    Every `###` heading with a link is a paper: exactly one link, then either one intact
    `<details>` block whose `###` headings are some of the six in order, or none at all.
    The only raw HTML anywhere is the digest's own.
    """
    tokens = MarkdownIt("commonmark").parse(text)
    allowed_html = {"<!--break-out-of-list-->", '<details markdown="1">\n<summary>📄 Paper '
                    'Summary </summary>', "</details>"}
    entries: list[CheckedEntry] = []
    inside = False
    for index, token in enumerate(tokens):
        assert token.type != "html_inline"
        if token.type == "inline":
            assert not any(c.type == "html_inline" for c in token.children or ())
        if token.type == "html_block":
            content = token.content.strip()
            assert content in allowed_html, content
            if content.startswith("<details"):
                assert not inside and entries, "details outside an entry or nested"
                inside = True
                entries[-1].details_blocks += 1
            elif content == "</details>":
                assert inside
                inside = False
        if token.type == "heading_open" and token.tag == "h3":
            inline = tokens[index + 1]
            links = [c for c in inline.children or () if c.type == "link_open"]
            if inside:
                assert not links
                entries[-1].headings.append(inline.content)
                continue
            assert len(links) == 1, inline.content
            entries.append(CheckedEntry(_inline_text(inline), str(links[0].attrs["href"]), [], 0))
    assert not inside, "a details block was never closed"
    for entry in entries:
        assert entry.details_blocks <= 1
        positions = [HEADINGS.index(h) for h in entry.headings]
        assert positions == sorted(set(positions)), entry.headings
    return entries
