"""Untrusted text in and out of digest Markdown: one-line cleaning, escaping and its inverse."""

from __future__ import annotations

import html
import re
import string

_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_PUNCT_CHARS = frozenset(string.punctuation)
_SEP = "\uffff"
"""Separates texts escaped together (a noncharacter: no text has it, or they go one by one)."""
# What inline escaping looks at: code, emphasis, strikethrough (GFM) and link characters, `<`
# (raw HTML), and `\\` and `&`, escaped only where they would escape or start an entity.
_INLINE = re.compile(r"[\\`*_~\[\]<&]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_INLINE_REPLACEMENTS = {"&": "&amp;", "<": "&lt;"}
# Control characters (C0, DEL, C1; not those that are whitespace), bidi overrides that can hide
# or reorder text, and lone surrogates (which cannot be written as UTF-8).
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What would start a block (heading, quote, list, fence, table, setext line) at a line's start.
_BLOCK_START = re.compile(r"^(?:[#>+=~|-]|[0-9]{1,9}(?=[.)]))")
_SPACES = re.compile(r"\s+")
# Every whitespace character but the space (what str.split() splits on), as a fast class.
_OTHER_SPACE = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                          "\u202f\u205f\u3000]")
_COLON = re.compile(r"(\\*):(?= |$)")
# CommonMark's inline unescaping: backslash escapes and entity references, one pass.
_UNESCAPE = re.compile(
    rf"\\([{_PUNCT}])|&(#[0-9]{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{0,31}});"
)


def clean_line(text: str) -> str:
    """One line of plain text: whitespace runs to one space, no control characters, valid UTF-8.

    Lone surrogates (from PDF text) become U+FFFD: the replaced tool lost whole summaries to
    "'utf-8' codec can't encode character '\\ud835'".
    """
    if not (text.isascii() and text.isprintable()):
        text = _UNWANTED.sub(_clean_match, text)
    return " ".join(text.split())


def _clean_match(match: re.Match[str]) -> str:
    return "\ufffd" if match.group(0) >= "\ud800" else ""


def escape_inline(text: str) -> str:
    """Text that renders literally inside a Markdown line (a link's text, after a label).

    It cannot open a code span, emphasis, a link, an entity or raw HTML (so `</details>` in a
    title cannot close the summary block). `unescape` gives `clean_line(text)` back.
    """
    return _INLINE.sub(_escape_match, clean_line(text))


def _escape_match(match: re.Match[str]) -> str:
    char, text, end = match.group(0), match.string, match.end()
    if char == "\\":  # only a backslash that would escape what follows it
        following = text[end:end + 1]
        return "\\\\" if not following or following in _PUNCT_CHARS or following == _SEP else char
    if char == "&":  # only an `&` that would start an entity
        return "&amp;" if _ENTITY.match(text, end - 1) else char
    return _INLINE_REPLACEMENTS.get(char) or f"\\{char}"


def escape_texts(texts: list[str]) -> list[str]:
    """`escape_inline` of each text, in a few passes over all of them at once (fast)."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        return [escape_inline(text) for text in texts]
    joined = _UNWANTED.sub(_clean_match, joined)
    if "  " in joined or _OTHER_SPACE.search(joined):  # rare: texts mostly have single spaces
        joined = _SPACES.sub(" ", joined)
    joined = _INLINE.sub(_escape_match, joined)
    return [text.strip(" ") for text in joined.split(_SEP)]


def escape_block(text: str) -> str:
    """Like `escape_inline`, and safe at the start of a line or list item too."""
    return protect_line_start(escape_inline(text))


def protect_line_start(text: str) -> str:
    """Escaped text made safe at the start of a line: no heading, quote, list or fence."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    end = match.end()
    if text[:1].isdigit():
        return f"{text[:end]}\\{text[end:]}"  # `2025. ` would start an ordered list
    return f"\\{text}"


def escape_heading(text: str) -> str:
    """Like `escape_inline`, for an ATX heading's text (no `#` can close or open it)."""
    return escape_inline(text).replace("#", "\\#")


def escape_colons(escaped: str) -> str:
    """Escape every `: ` (and a final `:`) of already escaped text, so none can split a pair."""
    return _COLON.sub(_escape_colon, escaped) if ":" in escaped else escaped


def _escape_colon(match: re.Match[str]) -> str:
    backslashes = match.group(1)
    # An odd run means the colon is escaped already; an even one is escaped backslashes.
    return f"{backslashes}:" if len(backslashes) % 2 else f"{backslashes}\\:"


def unescape(text: str) -> str:
    """The inverse of the escapes above, as a CommonMark renderer reads inline text."""
    return _UNESCAPE.sub(_unescape_match, text)


def _unescape_match(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    entity = match.group(0)
    decoded = html.unescape(entity)
    return decoded if decoded != entity else entity


def split_unescaped(text: str, separator: str = ": ") -> tuple[str, str] | None:
    """Split escaped text at the last `separator` not preceded by a backslash escape."""
    index = len(text)
    while True:
        index = text.rfind(separator, 0, index)
        if index < 0:
            return None
        backslashes = len(text[:index]) - len(text[:index].rstrip("\\"))
        if backslashes % 2 == 0:
            return text[:index], text[index + len(separator):]
        if index == 0:
            return None
