"""A paper's PDF to clean text in reading order, cut into sections, with PyMuPDF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.errors import PdfError
from core.pdf.clean import clean_block, join_hyphenated, vocabulary
from core.pdf.layout import Block, is_running_line, order_page, running_lines
from core.pdf.mupdf import load_pymupdf
from core.pdf.sections import parse_heading, split_sections
from core.records import PaperText

PDF_MAGIC = b"%PDF-"
SCANNED_CHARS_PER_PAGE = 50
"""Fewer characters than this per page, with images, means a scan without a text layer."""
PROSE_WORDS = 20
"""A block this long that stops without punctuation continues in the next long block."""
_TERMINAL = tuple(".?!:;")


def check_pdf_bytes(data: bytes) -> None:
    """PdfError unless the bytes look like a whole PDF: `%PDF-` at the start, `%%EOF` at the end."""
    if not data.strip():
        raise PdfError("the PDF is empty (0 bytes)")
    head = data[:1024]
    if PDF_MAGIC not in head:
        if b"<html" in head.lower() or b"<!doctype" in head.lower():
            raise PdfError("not a PDF: the server sent an HTML page instead")
        raise PdfError("not a PDF (the file does not start with %PDF-)")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]:  # some writers pad the end
        raise PdfError("truncated PDF: it stops before its end-of-file marker")


def read_pdf(path: Path) -> PaperText:
    """Read a PDF file; PdfError with a one-line reason when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise PdfError(f"cannot read {path}: {err.strerror or err}") from None
    return read_pdf_bytes(data)


def read_pdf_bytes(data: bytes) -> PaperText:
    """Extract a PDF's text: reading order, hyphenation joined, references cut, sections found."""
    check_pdf_bytes(data)
    pages, page_height, has_images = _page_blocks(data)
    texts = _body_texts(pages, page_height)
    chars = sum(len(text.strip()) for text in texts)
    if chars == 0 or (has_images and chars < SCANNED_CHARS_PER_PAGE * len(pages)):
        if has_images:
            raise PdfError("the PDF has no text layer (a scanned image?)")
        raise PdfError("the PDF has no text")
    known = vocabulary(texts)
    paragraphs = merge_paragraphs([p for p in (clean_block(t, known) for t in texts) if p], known)
    if not paragraphs:
        raise PdfError("the PDF has no readable text (fonts without a Unicode mapping?)")
    sections, end = split_sections(paragraphs)
    return PaperText(sections=sections, full_text="\n\n".join(paragraphs[:end]), pages=len(pages))


def _page_blocks(data: bytes) -> tuple[list[list[Block]], float, bool]:
    """Each page's text blocks in reading order, the page height, and whether it has images."""
    pymupdf = load_pymupdf()  # slow to import: only here

    open_document: Any = pymupdf.open  # untyped in pymupdf's stubs
    try:
        doc = open_document(stream=data, filetype="pdf")
    except Exception as err:  # noqa: BLE001 - MuPDF raises several types for damaged files
        raise PdfError(f"damaged PDF: cannot open it ({_first_line(err)})") from None
    with doc:
        if doc.needs_pass:
            raise PdfError("the PDF needs a password")
        if doc.page_count == 0:
            raise PdfError("the PDF has no pages (damaged or truncated?)")
        pages: list[list[Block]] = []
        has_images = False
        height = doc[0].rect.height
        for number, page in enumerate(doc):
            try:
                raw = page.get_text("blocks", flags=_text_flags(pymupdf))
                has_images = has_images or bool(page.get_images())
            except Exception as err:  # noqa: BLE001
                raise PdfError(f"damaged PDF: page {number + 1} ({_first_line(err)})") from None
            blocks = [Block(b[0], b[1], b[2], b[3], b[4], number) for b in raw if b[6] == 0]
            pages.append(order_page(blocks, page.rect.width))
    return pages, height, has_images


def _text_flags(pymupdf: Any) -> int:
    # Ligatures expanded (ﬁ -> fi) so words match; images and whitespace as in "blocks".
    return int(pymupdf.TEXTFLAGS_BLOCKS) & ~int(pymupdf.TEXT_PRESERVE_LIGATURES)


def _body_texts(pages: Sequence[Sequence[Block]], page_height: float) -> list[str]:
    """Block texts in reading order, without running heads and feet."""
    running = running_lines(pages, page_height)
    return [
        block.text
        for blocks in pages
        for block in blocks
        if not is_running_line(block, running, page_height)
    ]


def merge_paragraphs(paragraphs: Sequence[str], known: frozenset[str] = frozenset()) -> list[str]:
    """Rejoin paragraphs split by a column or page break."""
    merged: list[str] = []
    for paragraph in paragraphs:
        if merged and _heading_goes_on(merged[-1], paragraph):
            merged.append(merged.pop() + " " + paragraph)
        elif merged and _continues(merged[-1], paragraph):
            previous = merged.pop()
            if previous.endswith("-"):
                merged.append(join_hyphenated(previous + "\n" + paragraph, known))
            else:
                merged.append(previous + " " + paragraph)
        else:
            merged.append(paragraph)
    return merged


def _continues(previous: str, paragraph: str) -> bool:
    """A paragraph cut mid-sentence: the next starts in lower case, or both are long prose and
    the first stops mid-sentence (`...on multiple open-domain` + `QA datasets, it...`)."""
    if previous.endswith(_TERMINAL) or parse_heading(previous) or parse_heading(paragraph):
        return False
    if paragraph[:1].islower():
        return True
    mid_sentence = previous[-1].islower() or previous.endswith((",", "-"))
    long_prose = len(previous.split()) >= PROSE_WORDS and len(paragraph.split()) >= PROSE_WORDS
    return mid_sentence and long_prose


def _heading_goes_on(previous: str, paragraph: str) -> bool:
    """An upper-case heading broken over two blocks: `II. SELF-CONSISTENT ACTION IN THE` +
    `LARGE z LIMIT`."""
    words = paragraph.split()
    if not words or len(words) > 8 or paragraph.endswith(_TERMINAL) or parse_heading(paragraph):
        return False
    heading = parse_heading(previous)
    return bool(heading and heading.number and _mostly_upper(heading.title)
                and _mostly_upper(paragraph))


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
