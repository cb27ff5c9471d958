"""A local PDF's title: metadata when real, else page 1's largest line, else the file name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from pdf_samples import ODD_DIR, PDF_DIR, write_plain_pdf

from core.config import Settings
from core.models import Paper
from core.pdf.title import is_real_title, pdf_title
from core.store.store import Store
from core.summaries.pipeline import SummaryPipeline
from tui.cli import main

DPR = PDF_DIR / "arxiv_2004.04906v3_DPR_dense-passage-retrieval_13p_2col.pdf"
ACM = PDF_DIR / "arxiv_2304.02623v1_beyond-summarization_4p_2col_acm.pdf"
DPR_TITLE = "Dense Passage Retrieval for Open-Domain Question Answering"


def _copy_with_metadata_title(source: Path, target: Path, title: str) -> Path:
    with pymupdf.open(source) as doc:
        doc.set_metadata({**doc.metadata, "title": title})
        doc.save(target)
    return target


def _flat_pdf(target: Path) -> Path:
    """A real one-page PDF whose lines all share one font size: no title stands out."""
    with pymupdf.open() as doc:
        page = doc.new_page()
        for row, line in enumerate(["Meeting notes about retrieval", "second line of notes",
                                    "third line of notes"]):
            page.insert_text((72, 72 + 14 * row), line, fontsize=11)
        doc.save(target)
    return target


@pytest.mark.parametrize(("name", "title"), [
    (DPR.name, DPR_TITLE),  # two columns, arXiv stamp in the margin (20 pt, vertical)
    ("arxiv_1111.2011v2_quantum-criticality-bethe-lattice_8p_2col_revtex.pdf",
     "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"),
    ("arxiv_2103.15348v2_layoutparser_first2pages.pdf",
     "LayoutParser: A Unified Toolkit for Deep Learning Based Document Image Analysis"),
    (ACM.name,  # the only fixture with a metadata title
     "Beyond Summarization: Designing AI Support for Real-World Expository Writing Tasks"),
])
def test_title_of_real_papers(name: str, title: str) -> None:
    assert pdf_title(PDF_DIR / name) == title


def test_a_placeholder_metadata_title_gives_way_to_the_largest_line(tmp_path: Path) -> None:
    path = _copy_with_metadata_title(DPR, tmp_path / "dpr.pdf", "Microsoft Word - dpr_final.docx")
    assert pdf_title(path) == DPR_TITLE


def test_a_real_metadata_title_wins(tmp_path: Path) -> None:
    path = _copy_with_metadata_title(DPR, tmp_path / "dpr.pdf", "DPR: the camera-ready title")
    assert pdf_title(path) == "DPR: the camera-ready title"


def test_no_title_when_nothing_stands_out_or_the_pdf_is_bad(tmp_path: Path) -> None:
    assert pdf_title(_flat_pdf(tmp_path / "flat.pdf")) == ""
    for name in ("not_a_pdf_36bytes.pdf", "encrypted_userpw-1234_arxiv_2206.01062_page3.pdf"):
        assert pdf_title(ODD_DIR / name) == ""


@pytest.mark.parametrize("title", ["", "untitled", "main.tex", "2004.04906v3", "paper_v2_final",
                                   "Microsoft Word - x.doc", "notes"])
def test_placeholders_are_not_titles(title: str) -> None:
    assert not is_real_title(title, "notes")


@pytest.fixture
def pipeline(settings: Settings) -> Iterator[SummaryPipeline]:
    with Store.open(settings.store_dir) as store:
        yield SummaryPipeline(settings, store)


def test_paper_for_file_uses_the_pdf_title_then_the_file_name(pipeline: SummaryPipeline,
                                                              tmp_path: Path) -> None:
    assert pipeline.paper_for_file(DPR).title == DPR_TITLE
    assert pipeline.paper_for_file(DPR).id == "2004.04906"
    flat = pipeline.paper_for_file(_flat_pdf(tmp_path / "my-notes.pdf"))
    assert (flat.id, flat.title) == ("file:my-notes", "my-notes")


def test_paper_for_file_prefers_the_stored_paper(pipeline: SummaryPipeline,
                                                 tmp_path: Path) -> None:
    stored = Paper(id="2004.04906", version=3, title="Stored title", authors=("V. Karpukhin",))
    pipeline.store.upsert_papers([stored])
    assert pipeline.paper_for_file(DPR) == stored
    renamed = tmp_path / "2004.04906.pdf"  # an id without its version is found too
    renamed.write_bytes(DPR.read_bytes())
    assert pipeline.paper_for_file(renamed) == stored
    misnamed = tmp_path / "2004.04906v1.pdf"  # the margin stamp (v3) beats the file's name
    misnamed.write_bytes(DPR.read_bytes())
    assert pipeline.paper_for_file(misnamed) == stored
    newer = replace(stored, version=4)
    pipeline.store.upsert_papers([newer])
    assert pipeline.paper_for_file(DPR) == replace(newer, version=3)  # the file's own version
    older = tmp_path / "2004.04906v1-notes.pdf"  # no stamp: the version the name gives
    write_plain_pdf(older)
    assert pipeline.paper_for_file(older) == replace(newer, version=1)


def test_cli_titles_a_local_pdf_from_its_first_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(DPR), "--offline"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"### [{DPR_TITLE}](https://arxiv.org/pdf/2004.04906v3)"
    assert "arxiv_2004.04906v3" not in out
