"""Escaping untrusted text for digest Markdown: renders literally, and unescapes back."""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from core.digest.markdown_text import (
    clean_line,
    escape_block,
    escape_colons,
    escape_heading,
    escape_inline,
    escape_texts,
    split_unescaped,
    unescape,
)

PIECES = [*"ab #>-+*_`[]()<>&;!\\:=~|.1234567890\n\t", "&amp;", "&lt;", "&#35;", "</details>",
          "<!--", "-->", "```", "http://x.y", "\ud835", "é", "📄", "  ", "1. ", "- ", "# ", "~~"]


def _samples(count: int) -> list[str]:
    rng = random.Random(5)
    texts = ("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(count))
    return [text for text in texts if clean_line(text)]


def _rendered_text(parser: MarkdownIt, source: str) -> str:
    """The inline text a renderer shows, with any non-text token made visible."""
    out = []
    for token in parser.parse(source):
        if token.type == "inline":
            for child in token.children or ():
                text = child.type in ("text", "text_special")
                out.append(child.content if text else f"<{child.type}>")
        elif token.type.startswith("html"):
            out.append("<html>")
    return "".join(out)


@pytest.mark.parametrize("preset", ["commonmark", "gfm-like"])
def test_escaped_text_renders_literally_in_every_position(preset: str) -> None:
    parser = MarkdownIt(preset)
    if preset != "commonmark":
        parser.disable("linkify")
    for text in _samples(3000):
        want = clean_line(text)
        assert _rendered_text(parser, "- " + escape_block(text)) == want
        assert _rendered_text(parser, "## " + escape_heading(text)) == want
        assert (_rendered_text(parser, f"### [{escape_inline(text)}](https://arxiv.org/pdf/1v1)")
                == f"<link_open>{want}<link_close>")


def test_unescape_inverts_every_escape() -> None:
    for text in _samples(3000):
        want = clean_line(text)
        assert unescape(escape_inline(text)) == want
        assert unescape(escape_block(text)) == want
        assert unescape(escape_heading(text)) == want
        assert unescape(escape_colons(escape_block(text))) == want


def test_escaping_many_at_once_is_the_same_as_one_by_one() -> None:
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    texts = _samples(2000) + [f"a{space}{space}b{space}" for space in spaces] + ["x\uffffy", ""]
    for start in range(0, len(texts), 37):
        chunk = texts[start:start + 37]
        assert escape_texts(chunk) == [escape_inline(text) for text in chunk]


def test_clean_line_makes_one_valid_utf8_line() -> None:
    text = clean_line(" a\nb\r\n\tc \x00\x1b[31m \u202eevil \ud835 ")
    assert text == "a b c [31m evil \ufffd"
    text.encode("utf-8")


def test_split_unescaped_takes_the_last_unescaped_separator() -> None:
    assert split_unescaped("Nerf: Representing scenes: Slow") == ("Nerf: Representing scenes",
                                                                   "Slow")
    assert split_unescaped("work: a\\: b") == ("work", "a\\: b")
    assert split_unescaped("only\\: escaped") is None
    assert split_unescaped("back\\\\: slash") == ("back\\\\", "slash")


def test_plain_text_is_left_readable() -> None:
    text = "Dress&Dance: 0.847±0.046 at 3 > 2, Itô's lemma — fine."
    assert escape_inline(text) == text
