"""Reading a library to like: BibTeX as Zotero, JabRef and Mendeley write it, id lists, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import UsageError
from core.rank.library import LibraryItem, parse_bibtex, parse_id_lines, read_items

ZOTERO = """
@misc{kerbl_3d_2023,
\ttitle = {{3D} {Gaussian} {Splatting} for {Real}-{Time} {Radiance} {Field} {Rendering}},
\turl = {http://arxiv.org/abs/2308.04079},
\tdoi = {10.48550/arXiv.2308.04079},
\tabstract = {Radiance Field methods have recently revolutionized novel-view synthesis.},
\tpublisher = {arXiv},
\tauthor = {Kerbl, Bernhard and Kopanas, Georgios and Leimk{\\"u}hler, Thomas},
\tmonth = aug,
\tyear = {2023},
\tnote = {arXiv:2308.04079 [cs]},
}
"""
JABREF = """% Encoding: UTF-8
@Article{Mildenhall2020,
  author        = {Ben Mildenhall and Pratul P. Srinivasan},
  title         = "{NeRF}: Representing Scenes as Neural Radiance Fields",
  year          = {2020},
  eprint        = {2003.08934v2},
  archivePrefix = {arXiv},
  primaryClass  = {cs.CV},
}
@Comment{jabref-meta: databaseType:bibtex;}
"""
MENDELEY = """@article{Vaswani2017,
abstract = {The dominant sequence transduction models are based on recurrent networks.},
archivePrefix = {arXiv},
arxivId = {1706.03762},
author = {Vaswani, Ashish and Shazeer, Noam},
journal = {Advances in Neural Information Processing Systems},
title = {{Attention is all you need}},
year = {2017}
}
@inproceedings{local2024, title={A Paper Not on arXiv}, abstract={It has [an] abstract.},
  doi={10.1145/3600006.3613165}}
@book{nothing, title={A book without an abstract}, publisher={Nobody}}
"""


def test_zotero_entries_give_id_title_abstract_and_authors() -> None:
    (item,) = parse_bibtex(ZOTERO)
    assert item.arxiv_id == "2308.04079"
    assert item.title == "3D Gaussian Splatting for Real-Time Radiance Field Rendering"
    assert item.abstract.startswith("Radiance Field methods")
    assert item.authors == ("Kerbl, Bernhard", "Kopanas, Georgios", "Leimkuhler, Thomas")


def test_jabref_eprint_without_abstract_is_to_be_looked_up() -> None:
    (item,) = parse_bibtex(JABREF)
    assert (item.arxiv_id, item.abstract) == ("2003.08934", "")
    assert item.title == "NeRF: Representing Scenes as Neural Radiance Fields"


def test_mendeley_arxivid_and_an_entry_not_on_arxiv() -> None:
    vaswani, local = parse_bibtex(MENDELEY)
    assert vaswani.arxiv_id == "1706.03762" and vaswani.title == "Attention is all you need"
    assert local == LibraryItem(None, "A Paper Not on arXiv", "It has [an] abstract.", (),
                                "local2024")


def test_id_lines_take_ids_urls_and_skip_comments() -> None:
    text = ("# my reading list\n2004.04906v3\nhttps://arxiv.org/abs/hep-ex/0406020v1\n\n"
            "https://arxiv.org/pdf/2308.04079v1.pdf\narXiv:1706.03762\nnot an id\n")
    assert [i.arxiv_id for i in parse_id_lines(text)] == [
        "2004.04906", "hep-ex/0406020", "2308.04079", "1706.03762"]


def test_arguments_are_files_ids_or_urls(tmp_path: Path) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(JABREF, encoding="utf-8")
    items = read_items([str(bib), "2004.04906", "https://arxiv.org/abs/1706.03762v5"])
    assert [i.arxiv_id for i in items] == ["2003.08934", "2004.04906", "1706.03762"]


@pytest.mark.parametrize(("content", "message"), [
    (None, "not a file, an arXiv id or an arXiv URL: 'nope.bib'"),
    ("just some words\n", "no BibTeX entry and no arXiv id or URL found"),
    ("@book{x, title={No abstract}}\n", "no BibTeX entry and no arXiv id or URL found"),
])
def test_bad_input_is_a_one_line_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             content: str | None, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "nope.bib").write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_items(["nope.bib"])
    assert message in str(caught.value) and "\n" not in str(caught.value)
