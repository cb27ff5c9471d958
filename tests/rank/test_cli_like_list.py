"""`papertray like` and `papertray list` as real processes, against the fake arXiv API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rank.conftest import DAY, TOPICS
from servers.arxiv_server import ArxivServer

from core.models import Paper
from core.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def configured(arxiv_server: ArxivServer, home: Path) -> ArxivServer:
    """A config with the three labelled topics, asking the fake API without delay."""
    home.mkdir(parents=True, exist_ok=True)
    topics = "".join(f'[[topics]]\nname = "{name}"\nkeywords = ["{name.replace("_", " ")}"]\n'
                     for name in TOPICS)
    (home / "config.toml").write_text(
        f'[arxiv]\napi_url = "{arxiv_server.url}"\ndelay_seconds = 0\ntimeout_seconds = 5\n'
        f"max_retries = 0\n\n{topics}", encoding="utf-8")
    return arxiv_server


@pytest.fixture
def stored_day(configured: ArxivServer, home: Path,
               labelled: dict[str, list[Paper]]) -> dict[str, list[Paper]]:
    """Each topic's first 20 papers listed on DAY, the rest stored unlisted."""
    with Store.open(home / "store") as store:
        store.upsert_papers(p for papers in labelled.values() for p in papers)
        for name, papers in labelled.items():
            store.add_to_day(DAY, name, [p.id for p in papers[:20]])
    return labelled


def papertray(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_like_looks_up_unknown_ids_in_one_request_and_lists_them(
        configured: ArxivServer, home: Path) -> None:
    wanted = ["2202.12139", "1907.06632"]
    done = papertray("like", wanted[0], f"https://arxiv.org/abs/{wanted[1]}v1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["liked 2 papers (2 looked up on arXiv)"]
    (asked,) = configured.requests
    assert asked["id_list"] == ",".join(wanted)
    listed = papertray("like", "--list")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == wanted
    assert papertray("like", wanted[0]).stdout.strip() == "liked 0 papers, 1 already liked"
    removed = papertray("like", "--remove", wanted[0])
    assert (removed.returncode, removed.stdout.strip()) == (0, "removed 1 of 1")
    assert [line.split("\t")[0] for line in papertray("like", "--list").stdout.splitlines()] \
        == wanted[1:]
    with Store.open(home / "store") as store:
        assert store.days() == []  # liked papers are listed under no day


def test_like_takes_a_bibtex_export_and_says_what_arxiv_does_not_know(
        configured: ArxivServer, tmp_path: Path) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(
        "@article{a, title={{Metamorphic} Testing}, eprint={1907.06632}, archivePrefix={arXiv}}\n"
        "@article{b, title={Unknown}, eprint={2401.99999}, archivePrefix={arXiv}}\n"
        "@misc{c, title={With an abstract [and brackets]}, abstract={Text.},"
        " url={https://arxiv.org/abs/2308.04079}}\n", encoding="utf-8")
    done = papertray("like", str(bib))
    assert done.returncode == 1
    assert done.stdout.strip() == "liked 2 papers (1 looked up on arXiv)"
    assert done.stderr == "papertray: not on arXiv: 2401.99999\n"
    titles = papertray("like", "--list").stdout
    assert "With an abstract [and brackets]" in titles  # as written, never markup


def test_like_with_bad_input_is_a_one_line_usage_error(configured: ArxivServer) -> None:
    done = papertray("like", "no-such-thing")
    assert done.returncode == 2
    assert done.stderr == "papertray: not a file, an arXiv id or an arXiv URL: 'no-such-thing'\n"
    assert papertray("like").returncode == 2


def test_list_ranks_the_liked_topic_first_in_every_format(
        stored_day: dict[str, list[Paper]]) -> None:
    liked = [p.id for p in stored_day["Sleep_Stage"][20:30]]
    assert papertray("like", *liked).returncode == 0
    ids = papertray("list", "--format", "ids", "--limit", "10")
    assert ids.returncode == 0, ids.stderr
    sleep = {p.id for p in stored_day["Sleep_Stage"][:20]}
    top = ids.stdout.split()
    assert len(top) == 10 and sum(i in sleep for i in top) >= 8
    text = papertray("list", "--limit", "3").stdout.splitlines()
    score, paper_id, title = text[0].split("\t")
    assert paper_id == top[0] and 0.0 <= float(score) <= 1.0 and title
    rows = json.loads(papertray("list", "--format", "json", "--limit", "2").stdout)
    assert [row["id"] for row in rows] == top[:2]
    assert rows[0]["reason"].startswith("like: ")


def test_list_by_date_and_by_topic(stored_day: dict[str, list[Paper]]) -> None:
    active = stored_day["Active_Learning"][:20]
    done = papertray("list", "--topic", "Active_Learning", "--sort", "date", "--format", "ids",
                     "--date", DAY.isoformat())
    assert done.stdout.split() == [p.id for p in sorted(active, key=lambda p: p.published,
                                                          reverse=True)]
    relevance = papertray("list", "--topic", "Active_Learning", "--format", "ids").stdout.split()
    assert sorted(relevance) == sorted(p.id for p in active)


def test_list_of_an_unknown_topic_or_day_is_a_usage_error(
        stored_day: dict[str, list[Paper]]) -> None:
    topic = papertray("list", "--topic", "nope")
    assert topic.returncode == 2 and topic.stderr.startswith("papertray: no topic 'nope' on")
    day = papertray("list", "--date", "2020-01-01")
    assert day.returncode == 2 and len(day.stderr.splitlines()) == 1
