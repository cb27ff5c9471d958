"""Reading order of a PDF page's text blocks: full-width bands, then each column top to bottom."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

BAND_GAP = 20.0
"""Vertical white space (points) across both columns that ends a band (e.g. above a reference
list set below balanced columns)."""
COLUMN_SLACK = 15.0
"""How far (points) a column's block may reach past the page's middle."""
_ARXIV_STAMP = re.compile(r"^\s*arXiv:\s*\S+\s+\[[^\]]+\]")
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,4}|[ivxlc]{1,6})\s*$")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Block:
    """One text block of one page, as PyMuPDF found it."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    page: int = 0


def is_margin_noise(block: Block, page_width: float) -> bool:
    """The arXiv side stamp, vertical margin text and bare page numbers."""
    width, height = block.x1 - block.x0, block.y1 - block.y0
    if _ARXIV_STAMP.match(block.text) or _PAGE_NUMBER.match(block.text):
        return True
    in_margin = block.x1 < page_width * 0.1 or block.x0 > page_width * 0.9
    return in_margin and height > 2 * width


def column_of(block: Block, page_width: float) -> int:
    """0 for the left column, 1 for the right one, -1 for a block across the middle."""
    middle = page_width / 2
    if block.x1 <= middle + COLUMN_SLACK:
        return 0
    if block.x0 >= middle - COLUMN_SLACK:
        return 1
    return -1


def order_page(blocks: Sequence[Block], page_width: float) -> list[Block]:
    """The page's blocks in reading order; margin noise dropped.

    Blocks are cut into bands at full-width blocks and at white space across the page; inside a
    band the left column is read before the right one. A one-column page is all full-width
    blocks, so it reads top to bottom.
    """
    kept = sorted(
        (b for b in blocks if not is_margin_noise(b, page_width)), key=lambda b: (b.y0, b.x0)
    )
    ordered: list[Block] = []
    band: list[Block] = []
    bottom = float("-inf")
    for block in kept:
        column = column_of(block, page_width)
        if band and (column == -1 or block.y0 > bottom + BAND_GAP):
            ordered.extend(_read_band(band, page_width))
            band, bottom = [], float("-inf")
        if column == -1:
            ordered.append(block)
            continue
        band.append(block)
        bottom = max(bottom, block.y1)
    ordered.extend(_read_band(band, page_width))
    return ordered


def _read_band(band: list[Block], page_width: float) -> list[Block]:
    return sorted(band, key=lambda b: (column_of(b, page_width), b.y0, b.x0))


def running_lines(pages: Sequence[Sequence[Block]], page_height: float) -> frozenset[str]:
    """Texts (digits ignored) repeated at the top or bottom of several pages: running heads."""
    edge = page_height * 0.08
    seen: Counter[str] = Counter()
    for blocks in pages:
        keys = {
            _DIGITS.sub("#", b.text.strip())
            for b in blocks
            if b.y1 < edge or b.y0 > page_height - edge
        }
        seen.update(keys)
    return frozenset(key for key, count in seen.items() if count >= 2)


def is_running_line(block: Block, running: frozenset[str], page_height: float) -> bool:
    """True for a block at a page edge whose text is one of the running heads."""
    edge = page_height * 0.08
    at_edge = block.y1 < edge or block.y0 > page_height - edge
    return at_edge and _DIGITS.sub("#", block.text.strip()) in running
