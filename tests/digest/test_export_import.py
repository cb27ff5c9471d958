"""`import_paths`: the real digests in, idempotently, and exports back in unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from export_samples import DAY, HOSTILE_TITLES, llm_summary, rich_paper

from core.config import Settings
from core.digest.export import export_day
from core.digest.importer import import_paths, merge_paper
from core.digest.markdown_text import clean_line
from core.digest.sections_render import render_sections
from core.models import Paper
from core.records import RelatedWork, Sections
from core.store.store import Store

DIGESTS = Path(__file__).parents[1] / "fixtures" / "digests"
MOJIBAKE = DIGESTS / "2025-09-25_as-delivered_mojibake.md"


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.name != "lock"}


def test_the_four_real_digests(store: Store) -> None:
    report = import_paths(store, [DIGESTS])
    assert len(report.files) == 4 and report.not_digests == []
    assert report.repaired == [MOJIBAKE]
    assert sorted(report.days) == [date(2025, 8, 29), date(2025, 9, 25), date(2025, 10, 13),
                                   date(2026, 4, 13)]
    # 12 + 12 + 0 + 8 headings; two were `(summary failed: ...)`.
    assert (report.papers_new, report.papers_known, report.listed) == (32, 0, 32)
    assert (report.summaries_new, report.without_summary) == (30, 2)
    assert report.skipped == []
    assert report.exit_code == 0
    assert store.days() == sorted(report.days)
    assert store.day_listing(date(2025, 10, 13)) == {
        "neural rendering": [], "Gaussian Splatting": [], "avatar": [], "video understanding": []}
    assert list(store.day_listing(date(2026, 4, 13))) == ["avatar", "video understanding",
                                                         "model collapse"]


def test_failed_summary_entries_store_the_paper_only(store: Store) -> None:
    import_paths(store, [DIGESTS / "2025-08-29.md", DIGESTS / "2026-04-13.md"])
    for paper_id in ("2508.20623", "2604.09324"):
        assert store.has_paper(paper_id) and not store.has_summary(paper_id)
    paper = store.get_paper("2508.20623")
    assert paper is not None
    assert paper.title == "AvatarBack: Back-Head Generation for Complete 3D Avatars from " \
        "Front-View Images"
    assert (paper.version, paper.authors, paper.abstract) == (1, (), "")


def test_sections_read_back_from_the_old_format(store: Store) -> None:
    import_paths(store, [DIGESTS / "2025-08-29.md"])
    summary = store.get_summary("2508.21053")  # Activity propagation with Hebbian learning
    assert summary is not None
    assert (summary.summarizer, summary.source, summary.version) == ("imported", "digest", 1)
    s = summary.sections
    assert s.task == ("Investigate the effects of Hebbian learning on activity spreading in "
                      "complex systems",)
    assert len(s.related_work) == 12  # 17 rows, five of them `N/A: N/A`
    assert s.related_work[0] == RelatedWork("Contact process (CP)",
                                            "Exploring the impact of local learning on its "
                                            "dynamics.")
    assert s.method.architecture == "" and s.experiments.ablations == ""  # were `N/A`
    assert "N/A" not in s.experiments.baselines and len(s.experiments.baselines) == 12
    assert s.takeaways.pros[1] == ("Hebbian learning can lead to both positive and negative "
                                   "reinforcement effects.")
    assert len(s.takeaways.cons) == 3 and len(s.takeaways.future_work) == 3
    assert "N/A" not in render_sections(s)


def test_four_section_variant_and_https_links(store: Store) -> None:
    import_paths(store, [DIGESTS / "2026-04-13.md"])
    summary = store.get_summary("2604.08509")
    assert summary is not None
    s = summary.sections
    assert s.task == ("Dynamic obstacle handling in social navigation",)
    assert s.method.complexity.startswith("Single NVIDIA A800 GPU")
    assert s.experiments == Sections().experiments and s.takeaways == Sections().takeaways


def test_mojibake_is_repaired(store: Store) -> None:
    report = import_paths(store, [MOJIBAKE])
    assert report.days == {date(2025, 9, 25)}  # the header read `Digest ¬∑ 2025-09-25`
    fourth = store.get_summary("2509.20342")
    assert fourth is not None
    assert "Wiener-Itô integrals" in fourth.sections.experiments.main_results
    editverse = store.get_summary("2509.20360")
    assert editverse is not None
    works = [w.work for w in editverse.sections.related_work]
    assert "Señorita-2M" in works
    for paper_id in store.day_listing(date(2025, 9, 25))["neural rendering"]:
        summary = store.get_summary(paper_id)
        assert summary is not None
        assert not any(ch in render_sections(summary.sections) for ch in "¬√‚Ã\uf8ff")


def test_importing_twice_changes_nothing(store: Store) -> None:
    import_paths(store, [DIGESTS])
    before = _snapshot(store.directory)
    again = import_paths(store, [DIGESTS, DIGESTS / "2025-08-29.md"])
    assert (again.papers_new, again.papers_known, again.listed) == (0, 32, 0)
    assert again.summaries_new == 0
    assert again.summaries_known == 30 + 11
    assert _snapshot(store.directory) == before


def test_never_wipes_what_the_store_knows(store: Store, tmp_path: Path) -> None:
    rich = rich_paper(1)
    store.upsert_papers([rich])
    store.put_summary(llm_summary(rich))
    digest = _digest(tmp_path / "d.md", DAY, [(rich.id, rich.version, "Other title")])
    report = import_paths(store, [digest])
    assert (report.papers_new, report.papers_known, report.summaries_known) == (0, 1, 1)
    assert store.get_paper(rich.id) == rich
    newer = _digest(tmp_path / "e.md", DAY, [(rich.id, rich.version + 1, "Newer title")])
    import_paths(store, [newer])
    assert store.get_paper(rich.id) == replace(rich, version=rich.version + 1,
                                               title="Newer title")
    summary = store.get_summary(rich.id)
    assert summary is not None and summary.summarizer == "imported"  # for the newer version


def test_an_import_merges_with_what_a_fetch_stored_after_it_read(store: Store) -> None:
    rich = rich_paper(1)
    assert store.get_papers([rich.id]) == []  # what the import read: nothing yet
    with Store.open(store.directory) as fetch:  # another papertray stores the whole record
        fetch.upsert_papers([rich])
    imported = Paper(rich.id, rich.version + 1, "Newer title")
    store.upsert_papers([imported], merge=merge_paper)
    assert store.get_paper(rich.id) == replace(rich, version=rich.version + 1,
                                               title="Newer title")


def test_a_paper_on_several_days_is_stored_once(store: Store, tmp_path: Path) -> None:
    first = _digest(tmp_path / "1.md", date(2025, 9, 1), [("2509.00001", 1, "Repeated")])
    second = _digest(tmp_path / "2.md", date(2025, 9, 2), [("2509.00001", 1, "Repeated"),
                                                           ("2509.00002", 1, "Other")])
    report = import_paths(store, [first, second])
    assert (report.papers_new, report.papers_known, report.listed) == (2, 0, 3)
    assert store.day_listing(date(2025, 9, 1)) == {"topic": ["2509.00001"]}
    assert store.day_listing(date(2025, 9, 2)) == {"topic": ["2509.00001", "2509.00002"]}


def test_files_that_are_not_digests(store: Store, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "readme.md").write_text("# README\n\nSome other Markdown.\n")
    (tmp_path / "latin1.md").write_bytes("# Daily Paper Digest · 2025-01-01\n".encode("latin-1"))
    report = import_paths(store, [tmp_path, tmp_path / "missing.md"])
    reasons = {path.name: why for path, why in report.not_digests}
    assert reasons == {
        "empty.md": "empty file",
        "image.md": "binary file",
        "latin1.md": "not UTF-8 text (byte 21)",
        "readme.md": "no '# Daily Paper Digest · DATE' header",
        "missing.md": "no such file or folder",
    }
    assert report.files == [] and report.exit_code == 2
    assert store.days() == []


def test_a_partly_broken_file_imports_its_good_entries(store: Store, tmp_path: Path) -> None:
    good = (DIGESTS / "2026-04-13.md").read_text(encoding="utf-8")
    broken = good.replace("https://arxiv.org/pdf/2604.09547v1", "https://example.com/paper.pdf")
    broken = broken[: broken.rindex("</details>")]  # truncated inside the last summary
    path = tmp_path / "broken.md"
    path.write_text(broken, encoding="utf-8")
    report = import_paths(store, [path])
    assert report.exit_code == 0
    assert (report.papers_new, report.summaries_new) == (7, 5)
    lines = broken.splitlines()
    skipped = {(line, why.split(":")[0]) for _, line, why in report.skipped}
    tango = next(i for i, text in enumerate(lines, 1) if "example.com" in text)
    last = max(i for i, text in enumerate(lines, 1) if text.startswith("<details"))
    assert skipped == {(tango, "not an arXiv link"), (last, "summary dropped")}
    assert all(path == p for p, _, _ in report.skipped)
    assert store.has_paper("2604.09544") and not store.has_summary("2604.09544")


def test_round_trip_of_the_real_digests(settings: Settings, store: Store, tmp_path: Path) -> None:
    import_paths(store, [DIGESTS])
    exports = tmp_path / "exports"
    exports.mkdir()
    for day in store.days():
        (exports / f"{day}.md").write_text(export_day(settings, store, day).text, "utf-8")
    with Store.open(tmp_path / "second") as second:
        report = import_paths(second, [exports])
        assert report.skipped == [] and report.repaired == []
        _assert_same(store, second)


def test_round_trip_of_hostile_llm_summaries(settings: Settings, store: Store,
                                             tmp_path: Path) -> None:
    papers = [rich_paper(i, t) for i, t in enumerate(HOSTILE_TITLES) if "\ud835" not in t]
    store.upsert_papers(papers)
    store.add_to_day(DAY, "C# <topics> & [more]", [p.id for p in papers])
    store.add_to_day(DAY, "empty topic", [])
    for paper in papers[1:]:
        store.put_summary(llm_summary(paper))
    path = tmp_path / "export.md"
    path.write_text(export_day(settings, store, DAY).text, "utf-8")
    with Store.open(tmp_path / "second") as second:
        report = import_paths(second, [path])
        assert report.skipped == []
        assert (report.papers_new, report.summaries_new) == (len(papers), len(papers) - 1)
        _assert_same(store, second)
        for paper in papers:
            copy = second.get_paper(paper.id)
            assert copy is not None
            assert (copy.version, copy.title) == (paper.version, clean_line(paper.title))


def _assert_same(first: Store, second: Store) -> None:
    assert second.days() == first.days()
    for day in first.days():
        # The same papers under the same topics; an export lists them best first, not in
        # the order they were fetched (or imported).
        assert {t: sorted(ids) for t, ids in second.day_listing(day).items()} == {
            t: sorted(ids) for t, ids in first.day_listing(day).items()}
        for ids in first.day_listing(day).values():
            for paper_id in ids:
                a, b = first.get_paper(paper_id), second.get_paper(paper_id)
                assert a is not None and b is not None
                assert (a.version, clean_line(a.title)) == (b.version, b.title)
                sa, sb = first.get_summary(paper_id), second.get_summary(paper_id)
                assert (sa is None) == (sb is None)
                if sa and sb:
                    assert sb.sections == sa.sections


def _digest(path: Path, day: date, entries: list[tuple[str, int, str]]) -> Path:
    from core.digest.markdown import DigestItem, render_digest
    from core.models import Paper
    from core.records import Summary

    items = [DigestItem(Paper(i, v, t), Summary(i, v, Sections(task=(t,)), "llm", model="m"))
             for i, v, t in entries]
    path.write_text(render_digest(day, [("topic", items)], "test"), encoding="utf-8")
    return path


def test_windows_line_ends_and_a_bom_read_the_same(store: Store, tmp_path: Path) -> None:
    text = (DIGESTS / "2025-08-29.md").read_text(encoding="utf-8")
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    with Store.open(tmp_path / "plain") as plain:
        import_paths(plain, [DIGESTS / "2025-08-29.md"])
        report = import_paths(store, [path])
        assert (report.papers_new, report.summaries_new, report.skipped) == (12, 11, [])
        _assert_same(plain, store)
