"""Offline summarizer speed: a 40-page paper against its parts summarized one by one.

Run from the repo root: `python bench/offline.py`. The fixture papers are summarized one at a
time (the baseline), then glued into one paper of 40+ pages; a linear summarizer takes about
as long for the whole as for the parts (a quadratic step would take ~8 times as long).
Each figure is the quickest of three runs, the least disturbed by other work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.models import Paper  # noqa: E402
from core.pdf.text import read_pdf  # noqa: E402
from core.records import PaperText  # noqa: E402
from core.summaries.offline import OfflineSummarizer  # noqa: E402

PDFS = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("arxiv_*.pdf"))
PAPER = Paper(id="2401.00001", version=1, title="A long paper")


def best_seconds(text: PaperText) -> float:
    """The quickest of three offline summaries of `text`."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        OfflineSummarizer().summarize(PAPER, text)
        times.append(time.perf_counter() - started)
    return min(times)


def glued(texts: list[PaperText], pages: int = 40) -> PaperText:
    """The texts' sections appended to each other until the paper has `pages` pages."""
    sections: dict[str, str] = {}
    total = 0
    while total < pages:
        for text in texts:
            for key, value in text.sections.items():
                sections[key] = (sections.get(key, "") + "\n\n" + value).strip()
            total += text.pages
    return PaperText(sections=sections, full_text="\n\n".join(sections.values()), pages=total)


def main() -> None:
    texts = [read_pdf(path) for path in PDFS]
    parts = sum(best_seconds(text) for text in texts)
    big = glued(texts)
    whole = best_seconds(big)
    print(f"offline summary of {len(texts)} papers one by one ({sum(t.pages for t in texts)} "
          f"pages): {parts * 1000:.0f} ms")
    print(f"the same glued into one {big.pages}-page paper: {whole * 1000:.0f} ms "
          f"(ratio {whole / parts:.2f}; linear is ~1, quadratic ~8)")


if __name__ == "__main__":
    main()
