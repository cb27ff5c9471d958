"""The bundled sample day: real arXiv metadata (CC0) written into a throwaway papertray home."""

from __future__ import annotations

import json
import os
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from core.config import Settings, load_settings
from core.models import Paper

DATA_FILE = "sample_day.json"


def load_sample_day() -> dict[str, Any]:
    """The sample day as shipped in `core/demo_data/` (day, topics with paper ids, papers)."""
    text = resources.files("core").joinpath("demo_data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def sample_day() -> date:
    """The date the sample papers are listed under."""
    return date.fromisoformat(load_sample_day()["day"])


def demo_config_text(topics: list[dict[str, Any]]) -> str:
    """A config whose topics are the sample day's, so `fetch` in the demo home means something."""
    blocks = [
        f"[[topics]]\nname = {json.dumps(t['name'])}\nkeywords = {json.dumps(t['keywords'])}\n"
        for t in topics
    ]
    # One quick try for PDFs: offline, the summary falls back to the abstract at once.
    pdf = "[pdf]\ntimeout_seconds = 20\nmax_retries = 0\n"
    return "# papertray demo home: the bundled sample day.\n\n" + pdf + "\n" + "\n".join(blocks)


def make_demo_home(path: Path, env: dict[str, str] | None = None) -> Settings:
    """Write config and store for the sample day under `path`; return its settings."""
    from core.store import Store

    data = load_sample_day()
    path.mkdir(parents=True, exist_ok=True)
    config = path / "config.toml"
    config.write_text(demo_config_text(data["topics"]), encoding="utf-8")
    settings = load_settings(path, env=dict(os.environ) if env is None else env, create=False)
    day = date.fromisoformat(data["day"])
    with Store.open(settings.store_dir) as store:
        store.upsert_papers(Paper.from_dict(p) for p in data["papers"])
        for topic in data["topics"]:
            store.add_to_day(day, topic["name"], topic["paper_ids"])
    return settings
