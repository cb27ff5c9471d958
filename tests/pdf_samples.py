"""Where the fixture PDFs are, for the PDF and summaries tests."""

from __future__ import annotations

from pathlib import Path

PDF_DIR = Path(__file__).resolve().parent / "fixtures" / "pdf"
ODD_DIR = PDF_DIR / "odd"
PAPER_PDFS = sorted(PDF_DIR.glob("arxiv_*.pdf"))
"""The eight real papers (the odd ones are in ODD_DIR)."""


def write_plain_pdf(path: Path) -> None:
    """A one-page PDF of plain paragraphs, no arXiv stamp."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    sentences = [f"We propose method number {i} for dense passage retrieval, and it improves "
                 f"recall on benchmark {i} by {i + 3} points." for i in range(12)]
    text = "Abstract\n" + " ".join(sentences[:4]) + "\n\n1 Introduction\n" + " ".join(
        sentences[4:])
    page.insert_textbox(pymupdf.Rect(50, 50, 550, 800), text, fontsize=10)
    doc.save(path)

