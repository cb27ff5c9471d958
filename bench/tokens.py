"""Tokens sent per paper: papertray's one budgeted call against the replaced tool's chunking.

Run: `python bench/tokens.py` (add `--budgets 8000 4000` for other budgets). For each fixture
PDF in tests/fixtures/pdf/:

- replaced tool (Jingyi-Official/workflow-bot, summarizer.py): pypdf's text of every page joined
  by newlines, blank-line runs squeezed, cut into 8,000-character chunks overlapping by 500;
  one call per chunk, each with its system message and a user message that spells out the JSON
  shape (its prompt is reproduced below);
- papertray: core.pdf_text.read_pdf, core.budget.select_text within the budget, the messages
  of core.llm_prompt.build_messages in json_schema mode, plus the schema sent in
  `response_format` (servers put it in the prompt, so it is input too).

Both sides are counted with the same estimate (core.budget.estimate_tokens, ~4 characters a
token), so the ratio does not depend on the tokenizer. Target: one call and at most a third of
the replaced tool's tokens.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.models import Paper  # noqa: E402
from core.pdf.text import read_pdf  # noqa: E402
from core.summaries.budget import estimate_tokens, select_text  # noqa: E402
from core.summaries.prompt import build_messages  # noqa: E402
from core.summaries.schema import response_format_json_schema  # noqa: E402

PDF_DIR = ROOT / "tests" / "fixtures" / "pdf"
CHUNK_CHARS, OVERLAP = 8000, 500

# The replaced tool's per-chunk prompt: its system message and the JSON shape it spelled out.
OLD_SYSTEM = (
    "You are a meticulous academic assistant. Always output a valid single JSON object with all "
    "keys. If a field is missing in the text, fill it with 'N/A'."
)
OLD_SHAPE = {
    "paper_title": "string",
    "task": "string",
    "motivation_and_gaps": {
        "overview": "string",
        "related_work_challenges": [{"work": "string", "challenge": "string"}],
    },
    "core_idea": "string",
    "method": {
        "pipeline": "string",
        "architecture_loss_training": "string",
        "complexity_resources": "string",
    },
    "experiments": {
        "datasets_and_metrics": "string",
        "baselines": ["string"],
        "main_results": "string",
        "ablations": "string",
        "limitations_tests": "string",
    },
    "takeaways": {"pros_3": ["string"] * 3, "cons_3": ["string"] * 3, "future_3": ["string"] * 3},
    "resources": {"code_links": ["string"], "model_or_data_links": ["string"]},
}
OLD_USER = "Return JSON exactly in this shape:\n{shape}\n\nPaper content chunk:\n{chunk}"


@dataclass
class Row:
    """One paper's figures."""

    name: str
    pages: int
    old_calls: int
    old_tokens: int
    new_tokens: int

    @property
    def ratio(self) -> float:
        """papertray's tokens as a share of the replaced tool's."""
        return self.new_tokens / self.old_tokens


def replaced_tool(pdf: Path) -> tuple[int, int, int]:
    """(pages, calls, tokens) of the replaced tool's chunked summary of one PDF."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    text = re.sub(r"\n{3,}", "\n\n", text)
    chunks, start = [], 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        chunks.append(text[start:end])
        if end == len(text):
            break
        start = end - OVERLAP
    shape = json.dumps(OLD_SHAPE, ensure_ascii=False)
    tokens = sum(
        estimate_tokens(OLD_SYSTEM) + estimate_tokens(OLD_USER.format(shape=shape, chunk=chunk))
        for chunk in chunks
    )
    return len(reader.pages), len(chunks), tokens


def papertray(pdf: Path, budget: int) -> int:
    """Tokens of papertray's one call for one PDF (messages and response_format schema)."""
    match = re.match(r"arxiv_(\d{4}\.\d{4,5})v(\d+)_(.*)\.pdf", pdf.name)
    paper_id, version, slug = match.groups() if match else ("0000.00000", "1", pdf.stem)
    paper = Paper(id=paper_id, version=int(version), title=slug.replace("-", " "))
    chosen = select_text(read_pdf(pdf), paper.abstract, budget)
    messages = build_messages(paper, chosen, language="English", mode="json_schema")
    schema = json.dumps(response_format_json_schema(), separators=(",", ":"))
    return sum(estimate_tokens(m["content"]) for m in messages) + estimate_tokens(schema)


def measure(budget: int) -> list[Row]:
    """Figures for every fixture PDF at one budget."""
    rows = []
    for pdf in sorted(PDF_DIR.glob("*.pdf")):
        pages, calls, old = replaced_tool(pdf)
        rows.append(Row(pdf.name[:40], pages, calls, old, papertray(pdf, budget)))
    return rows


def report(budget: int, rows: list[Row], *, detail: bool) -> None:
    """Print one budget's table (or only its totals)."""
    old, new = sum(r.old_tokens for r in rows), sum(r.new_tokens for r in rows)
    meets = sum(r.ratio <= 1 / 3 for r in rows)
    if detail:
        print(f"budget {budget} tokens of paper text")
        print(
            f"{'paper':40} {'pages':>5} {'old calls':>9} {'old tokens':>10} "
            f"{'new calls':>9} {'new tokens':>10} {'ratio':>6}"
        )
        for r in rows:
            print(
                f"{r.name:40} {r.pages:5} {r.old_calls:9} {r.old_tokens:10} {1:9} "
                f"{r.new_tokens:10} {r.ratio:6.2f}"
            )
    print(
        f"budget {budget:5}: {len(rows)} papers, calls {sum(r.old_calls for r in rows)} -> "
        f"{len(rows)}, tokens {old} -> {new} (ratio {new / old:.2f}; "
        f"{meets}/{len(rows)} papers at or under 1/3)"
    )


def answer_tokens() -> int:
    """Average size of one six-section answer: the replaced tool's digest entries."""
    text = (ROOT / "tests" / "fixtures" / "digests" / "2025-08-29.md").read_text(encoding="utf-8")
    entries = re.findall(r"### 1\. Task / Problem.*?</details>", text, re.DOTALL)
    return sum(estimate_tokens(e) for e in entries) // max(len(entries), 1)


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 (a benchmark reports, it does not judge)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[8000, 6000, 4000, 3000, 2000])
    args = parser.parse_args(argv)
    for index, budget in enumerate(args.budgets):
        rows = measure(budget)
        report(budget, rows, detail=index == 0)
        if index == 0:
            size, calls = answer_tokens(), sum(r.old_calls for r in rows)
            print(
                f"answers generated (output tokens, ~{size} a JSON answer as in the replaced "
                f"tool's digest): {calls} -> {len(rows)} answers, ~{calls * size} -> "
                f"~{len(rows) * size} tokens\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
