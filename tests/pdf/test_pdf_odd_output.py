"""`papertray summarize FILE` as a real process on PDFs that make MuPDF talk or hold no readable
text: stdout carries only the summary, and unreadable text is bad input (exit 2)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pymupdf
from pdf_samples import PDF_DIR

ROOT = Path(__file__).resolve().parents[2]
TEACHING = PDF_DIR / "arxiv_2212.08410v3_teaching-small-lms-to-reason_7p_2col_acl.pdf"


def summarize(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def with_screen_annotation(source: Path, target: Path) -> Path:
    """A real paper with a Screen annotation (a media clip) on page 1, for which MuPDF cannot
    make an appearance stream and says so."""
    doc = pymupdf.open(source)
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< /Type /Annot /Subtype /Screen /Rect [72 72 200 200] >>")
    doc.xref_set_key(doc[0].xref, "Annots", f"[{xref} 0 R]")
    doc.save(target)
    return target


def garbled(target: Path) -> Path:
    """Two pages whose text comes out as symbols, as from fonts without a Unicode mapping."""
    rng = random.Random(7)
    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page()
        for line in range(40):
            words = ("".join(rng.choice("ÆÐÞßæðþ¤¦§¨©ª«¬®¯°±²³µ¶·¸¹º»¼½¾¿")
                             for _ in range(rng.randint(2, 8))) for _ in range(9))
            page.insert_text((72, 72 + 16 * line), " ".join(words), fontsize=10)
    doc.save(target)
    return target


def test_mupdf_messages_stay_off_stdout_and_show_with_debug(tmp_path: Path) -> None:
    pdf = with_screen_annotation(TEACHING, tmp_path / "screen.pdf")
    result = summarize("summarize", str(pdf), "--offline")
    assert result.returncode == 0, result.stderr
    assert "MuPDF" not in result.stdout + result.stderr
    assert result.stdout.startswith("### [Teaching Small Language Models to Reason](")  # by stamp
    debug = summarize("--debug", "summarize", str(pdf), "--offline", "--force")
    assert "MuPDF" not in debug.stdout
    assert ("papertray: debug: papertray.mupdf: MuPDF error: unsupported error: cannot create "
            "appearance stream for Screen annotations") in debug.stderr.splitlines()


def test_a_pdf_without_readable_text_is_bad_input(tmp_path: Path) -> None:
    result = summarize("summarize", str(garbled(tmp_path / "odd_garbled.pdf")))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "papertray: odd_garbled.pdf: the PDF has no readable text "
        "(fonts without a Unicode mapping?)")
    assert "file:" not in result.stderr
