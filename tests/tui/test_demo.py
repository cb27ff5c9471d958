"""The bundled sample day: real recorded arXiv metadata, written into a fresh home."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from core.demo import load_sample_day, make_demo_home
from core.rank.day import rank_day
from core.rank.saved import load_day_ranking, rank_dir
from core.services import open_services
from core.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_demo_home_holds_the_sample_day(home: Path) -> None:
    settings = make_demo_home(home, env={})
    assert not settings.llm.enabled
    assert [t.name for t in settings.topics][:2] == ["large language models",
                                                     "metamorphic & mutation testing"]
    with Store.open(settings.store_dir) as store:
        assert store.days() == [date(2026, 4, 10)]
        listing = store.day_listing(date(2026, 4, 10))
        ids = {i for ids in listing.values() for i in ids}
        assert len(listing) == 5 and 30 <= len(ids) <= 60
        assert all(store.get_paper(i).abstract for i in ids)


def test_sample_day_is_rebuilt_identically_from_the_recorded_feeds() -> None:
    script = str(ROOT / "tests" / "tools" / "make_demo_data.py")
    code = (f"import json, runpy; ns = runpy.run_path({script!r}, run_name='build'); "
            "print(json.dumps(ns['build'](), ensure_ascii=False))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert json.loads(done.stdout) == load_sample_day()


def test_demo_exports_outlive_the_temporary_home(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("PAPERTRAY_HOME", str(tmp_path / "user"))
    settings = make_demo_home(tmp_path / "demo")
    assert settings.export_dir == (tmp_path / "user" / "exports").resolve()
    assert settings.store_dir.is_relative_to(tmp_path / "demo")


def test_shipped_store_is_what_the_store_writes_today(tmp_path: Path) -> None:
    """core/demo_data/store is copied by --demo; if the store's files change, rebuild it with
    `python tests/tools/make_demo_data.py`."""
    from core.demo import SNAPSHOT_DIR, snapshot_files, write_sample_store

    write_sample_store(tmp_path / "store")
    fresh = {p.name: json.loads(p.read_text(encoding="utf-8"))
             for p in snapshot_files(tmp_path / "store")}
    shipped = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in snapshot_files(SNAPSHOT_DIR)}
    assert shipped == fresh


def test_the_shipped_ranking_is_the_one_the_demo_makes(home: Path) -> None:
    """core/demo_data/rank lists the demo best first from its first frame; its ranking worker
    then makes the same ranking, so nothing reorders. If ranking changes, rebuild it with
    `python tests/tools/make_demo_data.py`."""
    settings = make_demo_home(home, env={})
    shipped = load_day_ranking(rank_dir(settings.store_dir), date(2026, 4, 10))
    with open_services(settings) as services:
        fresh = rank_day(settings, services.store, date(2026, 4, 10))
    assert shipped is not None and shipped.best == fresh.best
    assert shipped.glyphs == fresh.glyphs and shipped.reasons == fresh.reasons
    order = sorted(fresh.scores, key=fresh.scores.__getitem__)
    assert sorted(shipped.scores, key=shipped.scores.__getitem__) == order


def test_demo_home_opens_the_copied_store(home: Path) -> None:
    settings = make_demo_home(home, env={})
    with Store.open(settings.store_dir) as store:
        assert store.days() == [date(2026, 4, 10)]
        assert len(store.get_papers(i for ids in store.day_listing(date(2026, 4, 10)).values()
                                    for i in ids)) >= 40


def test_demo_settings_are_those_its_config_file_gives(home: Path) -> None:
    """make_demo_home builds the settings from `demo_config` instead of reading back the file
    it writes: both must say the same."""
    import tomllib

    from core.config import load_settings
    from core.demo import demo_config, demo_config_text

    topics = load_sample_day()["topics"]
    assert tomllib.loads(demo_config_text(topics)) == demo_config(topics)
    settings = make_demo_home(home, env={})
    read = load_settings(home, env={}, create=False)
    assert settings == read.with_(export_dir=settings.export_dir)
