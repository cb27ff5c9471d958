"""Config numbers out of range, passwords in URLs, a dangling config link and a home below a
file: `papertray config --check` as a real process, one line and exit 2 for each mistake."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def check(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAPERTRAY_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "tui", "config", "--check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("table", "line", "expected"), [
    ("arxiv", "delay_seconds = nan", "arxiv.delay_seconds must be between 0 and 60, got nan"),
    ("arxiv", "delay_seconds = inf", "arxiv.delay_seconds must be between 0 and 60, got inf"),
    ("arxiv", "timeout_seconds = inf",
     "arxiv.timeout_seconds must be more than 0 and at most 600, got inf"),
    ("arxiv", "first_run_days = 100000000",
     "arxiv.first_run_days must be between 1 and 365, got 100000000"),
    ("arxiv", "fetch_deadline_seconds = -1",
     "arxiv.fetch_deadline_seconds must be more than 0 and at most 86400, got -1"),
    ("pdf", "timeout_seconds = nan",
     "pdf.timeout_seconds must be more than 0 and at most 600, got nan"),
    ("pdf", "max_megabytes = 1e9",
     "pdf.max_megabytes must be more than 0 and at most 1000, got 1000000000.0"),
    ("llm", "timeout_seconds = inf", "llm.timeout_seconds must be a finite number, got inf"),
])
def test_a_number_out_of_range_is_a_config_error(home: Path, table: str, line: str,
                                                  expected: str) -> None:
    path = write_config(home, f"[{table}]\n{line}\n")
    result = check(home)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"papertray: {path}: {expected}"]


def test_a_password_in_a_url_is_shown_redacted(home: Path) -> None:
    write_config(home, '[arxiv]\napi_url = "http://me:hunter2@127.0.0.1:9/api/query"\n'
                       '[llm]\nbase_url = "http://user:sk-secret-123@127.0.0.1:9/v1"\n')
    result = check(home)
    assert result.returncode == 0, result.stderr
    assert "arXiv API http://me:***@127.0.0.1:9/api/query" in result.stdout
    assert "at http://user:***@127.0.0.1:9/v1" in result.stdout
    assert "hunter2" not in result.stdout + result.stderr
    assert "sk-secret" not in result.stdout + result.stderr


def test_a_password_in_a_bad_url_is_not_echoed(home: Path) -> None:
    path = write_config(home, '[llm]\nbase_url = "ftp://user:sk-secret-123@host/v1"\n')
    result = check(home)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"papertray: {path}: llm.base_url must be an http(s) URL, got 'ftp://user:***@host/v1'"]


def test_a_dangling_config_link_is_an_error_not_replaced(home: Path, tmp_path: Path) -> None:
    home.mkdir(parents=True)
    target = tmp_path / "dotfiles" / "papertray.toml"
    (home / "config.toml").symlink_to(target)
    result = check(home)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"papertray: {home / 'config.toml'}: a link to {target}, which does not exist"]
    assert (home / "config.toml").is_symlink() and not target.exists()


def test_a_home_below_a_regular_file_is_one_line_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    home = blocker / "home"
    result = check(home)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"papertray: cannot write the config {home / 'config.toml'}: Not a directory"]
