"""PDF text from the real fixture papers: reading order, cleaning, sections, references cut."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pdf_samples import ODD_DIR, PAPER_PDFS, PDF_DIR

from core.errors import PdfError
from core.pdf.text import check_pdf_bytes, read_pdf_bytes
from core.pdf.text import read_pdf as _read_pdf
from core.records import PaperText


@cache
def read_pdf(path: Path) -> PaperText:
    """Each fixture PDF is read once per test run (the tests only look at the result)."""
    return _read_pdf(path)


DPR = PDF_DIR / "arxiv_2004.04906v3_DPR_dense-passage-retrieval_13p_2col.pdf"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")


@pytest.mark.parametrize("path", PAPER_PDFS, ids=lambda p: p.name[6:16])
def test_every_fixture_paper_reads_cleanly(path: Path) -> None:
    text = read_pdf(path)
    assert text.pages >= 2
    assert len(text.full_text) > 5000
    assert not _UNSAFE.search(text.full_text)
    text.full_text.encode("utf-8")  # no lone surrogates: strict UTF-8 must work
    assert {"abstract", "introduction"} <= text.sections.keys()
    assert "ﬁ" not in text.full_text  # ligatures expanded
    assert not re.search(r"[a-z]-\n[a-z]", text.full_text)


@pytest.mark.parametrize("path", PAPER_PDFS, ids=lambda p: p.name[6:16])
def test_section_keys_are_known_and_in_reading_order(path: Path) -> None:
    order = ["abstract", "introduction", "related_work", "method", "experiments", "results",
             "discussion", "conclusion", "limitations", "other"]
    keys = list(read_pdf(path).sections)
    assert keys == [key for key in order if key in keys]


def test_two_columns_read_left_column_first() -> None:
    intro = read_pdf(DPR).sections["introduction"]
    left = intro.index("Open-domain question answering (QA) (Voorhees, 1999)")
    right = intro.index("Retrieval in open-domain QA is usually implemented")
    assert left < right


def test_a_sentence_split_by_the_column_break_is_joined() -> None:
    intro = read_pdf(DPR).sections["introduction"]
    assert "setting new state-of-the-art results on multiple open-domain QA datasets" in intro


def test_hyphenation_joined_and_compounds_kept() -> None:
    text = read_pdf(DPR)
    assert "relies on efficient passage retrieval" in text.sections["abstract"]
    assert "state-of-the-art" in text.full_text


def test_sections_found_by_their_headings() -> None:
    sections = read_pdf(DPR).sections
    assert sections["abstract"].startswith("Open-domain question answering relies on")
    assert sections["conclusion"].startswith("In this work, we demonstrated that dense retrieval")
    assert "Dense Passage Retriever (DPR)" not in sections["method"]  # the heading itself
    assert "Latent Semantic Analysis (Deerwester et al., 1990)" in sections["related_work"]


def test_references_are_cut() -> None:
    text = read_pdf(DPR)
    assert "Akari Asai, Kazuma Hashimoto" not in text.full_text
    assert "Distant Supervision" not in text.full_text  # the appendix after the references
    assert text.full_text.rstrip().endswith("helpful comments and suggestions.")


def test_references_without_a_heading_are_cut_too() -> None:
    # REVTeX sets "[1] Hu W., ..." below the columns with no "References" heading.
    text = read_pdf(PDF_DIR / "arxiv_0908.0054v1_ultralight-bosonic-DM_4p_2col_revtex.pdf")
    assert "Hu W., Barkana" not in text.full_text
    assert "abstract" in text.sections and "conclusion" in text.sections


def test_limitations_section() -> None:
    text = read_pdf(PDF_DIR / "arxiv_2212.08410v3_teaching-small-lms-to-reason_7p_2col_acl.pdf")
    assert text.sections["limitations"].startswith("The results we present must be viewed")


def test_latex_accents_composed() -> None:
    assert "Barlas Oğuz" in read_pdf(DPR).full_text


def test_broken_xref_is_repaired() -> None:
    text = read_pdf(ODD_DIR / "broken_xref_needs_repair_pypdf-issue-297.pdf")
    assert text.full_text == "test example"


@pytest.mark.parametrize(("name", "reason"), [
    ("not_a_pdf_36bytes.pdf", "not a PDF"),
    ("encrypted_userpw-1234_arxiv_2206.01062_page3.pdf", "needs a password"),
    ("scanned_image-only_1p_docling-ocr_test.pdf", "no text layer (a scanned image?)"),
])
def test_odd_pdfs_fail_with_a_one_line_reason(name: str, reason: str) -> None:
    with pytest.raises(PdfError, match=re.escape(reason)) as caught:
        read_pdf(ODD_DIR / name)
    assert "\n" not in str(caught.value)


def test_a_pdf_cut_in_half_is_truncated() -> None:
    data = DPR.read_bytes()
    with pytest.raises(PdfError, match="truncated"):
        read_pdf_bytes(data[: len(data) // 2])


def test_a_pdf_cut_in_half_with_its_end_marker_kept_is_damaged_or_short(tmp_path: Path) -> None:
    # Worst case: the middle is missing but the tail survives. MuPDF repairs what it can;
    # either a clear error or whatever text survived, never a crash.
    data = DPR.read_bytes()
    half = data[: len(data) // 2] + data[-1024:]
    try:
        text = read_pdf_bytes(half)
    except PdfError as err:
        assert "\n" not in str(err)
    else:
        assert text.full_text


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"<!DOCTYPE html><html><body>captcha</body></html>", "HTML page"),
    (b"PK\x03\x04 a zip", "not a PDF"),
])
def test_bytes_that_are_not_a_pdf(data: bytes, reason: str) -> None:
    with pytest.raises(PdfError, match=reason):
        check_pdf_bytes(data)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="cannot read"):
        read_pdf(tmp_path / "absent.pdf")


def test_revtex_abstract_without_heading_and_a_heading_over_two_lines() -> None:
    text = read_pdf(next(PDF_DIR.glob("arxiv_1111.2011v2_*.pdf")))
    assert text.sections["abstract"].startswith("Theoretical description of anisotropic systems")
    assert text.sections["method"].startswith("We begin with the action")  # not "LARGE z LIMIT"
