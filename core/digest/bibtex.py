"""Papers -> BibTeX: one `@misc` entry per paper, LaTeX special characters escaped.

Unicode is written as is (UTF-8): biber and modern bibtex read it. `$...$` math in a title is
kept as math when its braces balance, since arXiv titles use it on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.digest.markdown_text import clean_line
from core.models import Paper

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
_MATH = re.compile(r"\$([^$]+)\$")
_MATH_SPECIAL = re.compile(r"(?<!\\)([%#&])")
# Commands with effects beyond typesetting; math holding one is escaped as plain text.
_UNSAFE = re.compile(
    r"\\(?:input|include|write|immediate|open(?:in|out)|read|[egx]?def|let|catcode|csname|"
    r"(?:re)?newcommand|usepackage|special|begin|end|url|href)(?![A-Za-z])"
)
_NEW_ID = re.compile(r"(\d{2})(\d{2})\.\d{4,5}")
_OLD_ID = re.compile(r"[^/]+/(\d{2})\d{5}")


def latex_escape(text: str) -> str:
    """Plain text -> LaTeX that prints it literally (one line)."""
    return _escape(clean_line(text))


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _SPECIALS[m.group(0)], text)


def latex_title(text: str) -> str:
    """Like `latex_escape`, but balanced `$...$` stays math."""
    text = clean_line(text)
    parts, start = [], 0
    for match in _MATH.finditer(text):
        if not _balanced(match.group(1)) or _UNSAFE.search(match.group(1)):
            continue
        parts.append(_escape(text[start:match.start()]))
        parts.append("$" + _MATH_SPECIAL.sub(r"\\\1", match.group(1)) + "$")
        start = match.end()
    parts.append(_escape(text[start:]))
    return "".join(parts)


def _balanced(math: str) -> bool:
    depth = 0
    unescaped = re.sub(r"\\[{}\\]", "", math)
    for char in unescaped:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0 and not math.rstrip().endswith("\\")


def bibtex_key(paper: Paper) -> str:
    """`arXiv:2508.21066`; old ids `arXiv:hep-ex_0406020` (no slash in a key)."""
    return "arXiv:" + paper.id.replace("/", "_")


def year_of(paper: Paper) -> str:
    """The year first published, else read from the id (`2508.…` -> 2025, `hep-ex/04…` -> 2004)."""
    if paper.published:
        return str(paper.published.year)
    match = _NEW_ID.match(paper.id) or _OLD_ID.match(paper.id)
    if not match:
        return ""
    yy = int(match.group(1))
    return str(2000 + yy if yy < 91 else 1900 + yy)


def _author(name: str) -> str:
    escaped = latex_escape(name)
    # A comma would make bibtex read "Last, First"; " and " would split the name.
    return f"{{{escaped}}}" if "," in name or " and " in f" {name} " else escaped


def bibtex_entry(paper: Paper) -> str:
    """One `@misc{...}` entry."""
    fields = [("title", "{" + latex_title(paper.title) + "}")]
    authors = [a for a in paper.authors if a.strip()]
    if authors:
        fields.append(("author", " and ".join(map(_author, authors))))
    year = year_of(paper)
    if year:
        fields.append(("year", year))
    fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
    if paper.primary_category:
        fields.append(("primaryClass", latex_escape(paper.primary_category)))
    fields += [
        ("url", f"https://arxiv.org/abs/{paper.id}"),
        ("doi", f"10.48550/arXiv.{paper.id}"),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{bibtex_key(paper)},\n{body}}}\n"


def render_bibtex(papers: Iterable[Paper]) -> str:
    """Every paper once, in the given order, separated by blank lines."""
    seen: set[str] = set()
    entries = []
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            entries.append(bibtex_entry(paper))
    return "\n".join(entries)
