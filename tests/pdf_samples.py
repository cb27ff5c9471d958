"""Where the fixture PDFs are, for the PDF and summaries tests."""

from __future__ import annotations

from pathlib import Path

PDF_DIR = Path(__file__).resolve().parent / "fixtures" / "pdf"
ODD_DIR = PDF_DIR / "odd"
PAPER_PDFS = sorted(PDF_DIR.glob("arxiv_*.pdf"))
"""The eight real papers (the odd ones are in ODD_DIR)."""
