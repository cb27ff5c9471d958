"""BibTeX: one entry per paper, the arXiv fields, LaTeX specials escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from export_samples import rich_paper

from core.digest.bibtex import bibtex_entry, bibtex_key, latex_escape, latex_title, render_bibtex
from core.models import Paper


def test_entry_has_the_arxiv_fields() -> None:
    paper = rich_paper(66)
    assert bibtex_entry(paper) == (
        "@misc{arXiv:2508.21066,\n"
        "  title = {{Paper number 66: a study of things}},\n"
        "  author = {Ana Müller and Bo Li 66 and Chen Wei},\n"
        "  year = {2025},\n"
        "  eprint = {2508.21066},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CV},\n"
        "  url = {https://arxiv.org/abs/2508.21066},\n"
        "  doi = {10.48550/arXiv.2508.21066},\n"
        "}\n"
    )


def test_latex_specials_are_escaped() -> None:
    assert latex_escape("50% of R&D_costs #1 {x} ~ ^ \\ $5 <a>") == (
        r"50\% of R\&D\_costs \#1 \{x\} \~{} \^{} \textbackslash{} \$5 \textless{}a\textgreater{}"
    )


def test_title_math_is_kept_only_when_safe() -> None:
    title = "Bad theories of class $\\mathcal S$"
    assert latex_title(title) == title
    assert latex_title("$a}{b$ and $\\input{/etc/passwd}$") == (
        r"\$a\}\{b\$ and \$\textbackslash{}input\{/etc/passwd\}\$")
    assert latex_title("$50%$") == "$50\\%$"


def test_names_that_bibtex_would_misread_are_braced() -> None:
    paper = Paper("2508.00001", 1, "T", authors=("Jr., Sammy", "Procter and Gamble Lab", "Bo"))
    assert "author = {{Jr., Sammy} and {Procter and Gamble Lab} and Bo}," in bibtex_entry(paper)


def test_imported_papers_and_old_ids() -> None:
    old = Paper("hep-ex/0406020", 1, "Old")
    assert bibtex_key(old) == "arXiv:hep-ex_0406020"
    text = bibtex_entry(old)
    assert "year = {2004}" in text and "doi = {10.48550/arXiv.hep-ex/0406020}" in text
    assert "author" not in text and "primaryClass" not in text
    dated = Paper("2501.00001", 1, "T", published=datetime(2024, 12, 31, tzinfo=UTC))
    assert "year = {2024}" in bibtex_entry(dated)


def test_each_paper_once() -> None:
    papers = [rich_paper(1), rich_paper(2), rich_paper(1)]
    text = render_bibtex(papers)
    assert text.count("@misc{") == 2
    assert text.count("{") == text.count("}")


def test_hostile_titles_cannot_break_the_entry() -> None:
    import re

    from export_samples import HOSTILE_TITLES

    for title in HOSTILE_TITLES:
        entry = bibtex_entry(rich_paper(1, title))
        bare = re.sub(r"\\.", "", entry)  # drop escaped characters
        depth = 0
        for char in bare:
            depth += (char == "{") - (char == "}")
            assert depth >= 0
        assert depth == 0
        assert not re.search(r"(?<!\\)[%#&]", entry), entry
