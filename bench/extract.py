"""PDF text extraction speed: PyMuPDF (papertray) against pypdf (the replaced tool), ms per page.

Run from the repo root: `python bench/extract.py [PDF ...]` (default: the fixture papers).
Each PDF is read once by each library, after both are imported and have read the smallest PDF
once (one-time set-up is not per-page cost); the ratios are from that one run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"


def pymupdf_raw(path: Path) -> int:
    """Plain `page.get_text()` on every page; returns the page count."""
    import pymupdf

    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()
        return int(doc.page_count)


def papertray_full(path: Path) -> int:
    """papertray's whole read: blocks, column order, cleaning, sections, references cut."""
    from core.pdf.text import read_pdf

    return read_pdf(path).pages


def pypdf_raw(path: Path) -> int:
    """pypdf's `extract_text()` on every page, as the replaced tool did."""
    import pypdf

    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def timed(reader: object, path: Path) -> tuple[float, int]:
    """Seconds and pages for one read."""
    started = time.perf_counter()
    pages = reader(path)  # type: ignore[operator]
    return time.perf_counter() - started, pages


def main(argv: list[str]) -> int:
    """Print a table of ms/page and the ratios."""
    import pymupdf  # noqa: F401 - imported up front: import time is not extraction time
    import pypdf  # noqa: F401

    paths = [Path(a) for a in argv] or sorted(FIXTURES.glob("arxiv_*.pdf"))
    warm = min(paths, key=lambda p: p.stat().st_size)
    for reader in (pymupdf_raw, papertray_full, pypdf_raw):
        reader(warm)  # one-time set-up (fonts, lazy imports) is not per-page cost
    totals = {"pymupdf": 0.0, "papertray": 0.0, "pypdf": 0.0}
    all_pages = 0
    print(f"{'PDF':44} {'pages':>5} {'PyMuPDF':>9} {'papertray':>10} {'pypdf':>9} {'ratio':>6}")
    for path in paths:
        fast, pages = timed(pymupdf_raw, path)
        full, _ = timed(papertray_full, path)
        slow, _ = timed(pypdf_raw, path)
        totals["pymupdf"] += fast
        totals["papertray"] += full
        totals["pypdf"] += slow
        all_pages += pages
        print(
            f"{path.name[:44]:44} {pages:5d} {fast * 1000 / pages:8.1f}ms "
            f"{full * 1000 / pages:8.1f}ms {slow * 1000 / pages:7.1f}ms {slow / fast:5.1f}x"
        )
    per_page = {name: seconds * 1000 / all_pages for name, seconds in totals.items()}
    print(
        f"{'all':44} {all_pages:5d} {per_page['pymupdf']:8.1f}ms {per_page['papertray']:8.1f}ms "
        f"{per_page['pypdf']:7.1f}ms {per_page['pypdf'] / per_page['pymupdf']:5.1f}x"
    )
    print(
        f"pypdf / PyMuPDF get_text: {per_page['pypdf'] / per_page['pymupdf']:.1f}x slower; "
        f"pypdf / papertray's full read: {per_page['pypdf'] / per_page['papertray']:.1f}x slower"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
