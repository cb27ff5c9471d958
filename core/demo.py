"""The bundled sample day: real arXiv metadata (CC0) written into a throwaway papertray home."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from core.config import HOME_ENV, Paths, Settings, parse_settings

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
"""Shipped with the package (plain files, so a path works in a checkout and in a wheel)."""
DATA_FILE = "sample_day.json"
SNAPSHOT_DIR = DATA_DIR / "store"
"""The sample day already written by core.store.store (`python tests/tools/make_demo_data.py`):
copying it is much quicker than writing 30-odd store files with an fsync each, at every
`papertray --demo`. tests/tui/test_demo.py checks it matches what the store writes today."""


RANKING_DIR = DATA_DIR / "rank"
"""The sample day as core.rank ranks it (its starred papers trained the model), made by the same
script: the demo opens best first, in the order its own ranking worker then confirms."""


def load_sample_day() -> dict[str, Any]:
    """The sample day as shipped in `core/demo_data/` (day, topics with paper ids, papers)."""
    data: dict[str, Any] = json.loads((DATA_DIR / DATA_FILE).read_text(encoding="utf-8"))
    return data


def sample_day() -> date:
    """The date the sample papers are listed under."""
    return date.fromisoformat(load_sample_day()["day"])


def demo_config(topics: list[dict[str, Any]]) -> dict[str, Any]:
    """`demo_config_text` as parsed TOML, so the demo does not read back what it just wrote."""
    return {
        "pdf": {"timeout_seconds": 20, "max_retries": 0},
        "reader": {"fetch_on_start": False},
        "topics": [{"name": t["name"], "keywords": list(t["keywords"])} for t in topics],
    }


def demo_config_text(topics: list[dict[str, Any]]) -> str:
    """A config whose topics are the sample day's, so `fetch` in the demo home means something."""
    blocks = [
        f"[[topics]]\nname = {json.dumps(t['name'])}\nkeywords = {json.dumps(t['keywords'])}\n"
        for t in topics
    ]
    # One quick try for PDFs: offline, the summary falls back to the abstract at once.
    pdf = "[pdf]\ntimeout_seconds = 20\nmax_retries = 0\n"
    # The sample day is the point of the demo: opening it must not replace it with today's.
    reader = "[reader]\nfetch_on_start = false\n"
    return ("# papertray demo home: the bundled sample day.\n\n" + pdf + "\n" + reader + "\n"
            + "\n".join(blocks))


def write_sample_store(store_dir: Path, data: dict[str, Any] | None = None) -> None:
    """Write the sample day into a store through the Store API (slow: one fsync per file)."""
    from core.models import Paper
    from core.store.store import Store

    data = data or load_sample_day()
    day = date.fromisoformat(data["day"])
    with Store.open(store_dir) as store:
        store.upsert_papers(Paper.from_dict(p) for p in data["papers"])
        for topic in data["topics"]:
            store.add_to_day(day, topic["name"], topic["paper_ids"])
            for paper_id in topic.get("starred", ()):
                store.set_state(paper_id, starred=True)


def snapshot_files(store_dir: Path) -> list[Path]:
    """The data files of a store (not its lock)."""
    return sorted(p for p in store_dir.glob("*.json") if p.is_file())


def copy_ranking(store_dir: Path) -> None:
    """Copy the shipped ranking of the sample day beside the store (when there is one)."""
    from core.rank.saved import rank_dir

    files = sorted(RANKING_DIR.glob("day-*.json")) if RANKING_DIR.is_dir() else []
    target = rank_dir(store_dir)
    target.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, target / file.name)


def copy_snapshot(store_dir: Path) -> bool:
    """Copy the shipped, already written sample store; False when there is none."""
    files = snapshot_files(SNAPSHOT_DIR) if SNAPSHOT_DIR.is_dir() else []
    if not files:
        return False
    store_dir.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, store_dir / file.name)
    return True


def make_demo_home(
    path: Path, env: dict[str, str] | None = None, *, export_dir: Path | None = None
) -> Settings:
    """Write config and store for the sample day under `path`; return its settings.

    Exports go to `export_dir`, by default the user's own export folder (honouring
    $PAPERTRAY_HOME): `path` is thrown away on exit, a digest written with `e` is not.
    """
    data = load_sample_day()
    path.mkdir(parents=True, exist_ok=True)
    config = path / "config.toml"
    config.write_text(demo_config_text(data["topics"]), encoding="utf-8")
    env = dict(os.environ) if env is None else env
    settings = parse_settings(demo_config(data["topics"]), Paths.resolve(path), env)
    exports = export_dir or Paths.resolve(env.get(HOME_ENV) or None).export_dir
    settings = settings.with_(export_dir=exports)
    if not copy_snapshot(settings.store_dir):
        write_sample_store(settings.store_dir, data)
    copy_ranking(settings.store_dir)
    return settings
