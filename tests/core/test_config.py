"""Config: the default file, strict validation naming file and key, env overrides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.config import DEFAULT_TOPICS, load_settings
from core.errors import ConfigError


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_first_run_writes_the_reference_digest_topics(home: Path) -> None:
    settings = load_settings(env={})
    assert settings.config_path == home.resolve() / "config.toml"
    assert settings.config_path.exists()
    assert [t.name for t in settings.topics] == [
        "neural rendering", "Gaussian Splatting", "avatar", "video understanding", "model collapse"
    ]
    assert settings.topics == DEFAULT_TOPICS
    assert settings.arxiv.delay_seconds == 3.0
    assert not settings.llm.enabled
    assert settings.store_dir == home.resolve() / "store"


def test_written_default_reads_back_identically(home: Path) -> None:
    first = load_settings(env={})
    second = load_settings(env={})
    assert first == second


def test_topics_and_tables_are_read(home: Path) -> None:
    write_config(home, """
[arxiv]
api_url = "http://127.0.0.1:9/api/query"
delay_seconds = 0
[llm]
base_url = "http://127.0.0.1:8080/v1"
model = "qwen"
[[topics]]
name = "retrieval"
keywords = ["dense retrieval"]
per_query = 5
[[topics]]
name = "raw"
query = 'ti:"gaussian splatting"'
""")
    settings = load_settings(env={})
    assert settings.arxiv.api_url == "http://127.0.0.1:9/api/query"
    assert settings.arxiv.delay_seconds == 0.0
    assert settings.llm.enabled and settings.llm.model == "qwen"
    assert settings.llm.key_for_client == "not-needed"
    assert [(t.name, t.keywords, t.per_query, t.query) for t in settings.topics] == [
        ("retrieval", ("dense retrieval",), 5, ""),
        ("raw", (), 100, 'ti:"gaussian splatting"'),
    ]


def test_environment_overrides_llm_settings(home: Path) -> None:
    write_config(home, '[llm]\nmodel = "from-file"\n')
    settings = load_settings(env={"OPENAI_API_KEY": "sk-secret", "OPENAI_MODEL": "from-env"})
    assert settings.llm.enabled
    assert settings.llm.model == "from-env"
    assert "sk-secret" not in repr(settings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[arxiv]\ndelay_seconds = 'soon'\n",
         "arxiv.delay_seconds must be a whole number or a number"),
        ("[arxiv]\ndelay = 3\n", "unknown key arxiv.delay"),
        ("[nonsense]\n", "unknown table [nonsense]"),
        ("[[topics]]\nkeywords = ['x']\n", "topics[1].name is missing"),
        ("[[topics]]\nname = 'x'\n", "needs keywords or a query"),
        ("[[topics]]\nname = 'x'\nkeywords = ['a']\nper_query = true\n",
         "topics[1].per_query must be a whole number"),
        ("[[topics]]\nname = 'x'\nkeywords = ['a']\nper_query = 0\n", "between 1 and 1000"),
        ("[arxiv]\napi_url = 'ftp://x'\n", "arxiv.api_url must be an http(s) URL"),
        ("[arxiv\n", "not valid TOML"),
        ("[reader]\nfetch_on_start = 1\n", "reader.fetch_on_start must be true or false"),
        ("[arxiv]\nmax_retries = -1\n", "arxiv.max_retries must be between 0 and 10, got -1"),
        ("[arxiv]\nfirst_run_days = 0\n", "arxiv.first_run_days must be between 1 and 365, got 0"),
        ("[pdf]\nmax_megabytes = 0\n", "pdf.max_megabytes must be more than 0"),
        ("[llm]\ntimeout_seconds = 0\n", "llm.timeout_seconds must be more than 0"),
        ("[llm]\nmax_retries = 99\n", "llm.max_retries must be between 0 and 10"),
        ("[llm]\nanswer_tokens = 50\n", "llm.answer_tokens must be between 256 and 32768"),
        ("[llm]\ncontext_tokens = 2048\n", "llm.context_tokens (2048) must leave 1024 tokens"),
        ("[llm]\nconcurrency = 0\n", "llm.concurrency must be between 1 and 64"),
        ("[llm]\nidle_seconds = 0\n", "llm.idle_seconds must be more than 0"),
        ("[llm]\nstream = 'yes'\n", "llm.stream must be true or false"),
    ],
)
def test_bad_config_names_file_and_key(home: Path, text: str, expected: str) -> None:
    path = write_config(home, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(env={})
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_cli_reports_bad_config_in_one_line_with_exit_2(home: Path) -> None:
    write_config(home, "[arxiv]\ntimeout_seconds = -1\n")
    result = subprocess.run([sys.executable, "-m", "tui", "config", "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "arxiv.timeout_seconds must be more than 0" in lines[0]


def test_a_mistyped_key_is_not_echoed(home: Path) -> None:
    write_config(home, '[llm]\napi_key = ["sk-very-secret"]\n')
    with pytest.raises(ConfigError, match="llm.api_key must be a string") as caught:
        load_settings(env={})
    assert "sk-very-secret" not in str(caught.value)


def test_cli_config_check_never_prints_the_key(home: Path) -> None:
    write_config(home, '[llm]\napi_key = "sk-very-secret"\n')
    result = subprocess.run([sys.executable, "-m", "tui", "config", "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "ok: 5 topics" in result.stdout
    assert "sk-very-secret" not in result.stdout + result.stderr


def test_cli_version() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True,
                            text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("papertray ")


def test_cli_bad_date_is_a_usage_error_before_any_screen(home: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--date", "2026-13-01"],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.strip() == "papertray: --date must be YYYY-MM-DD, got '2026-13-01'"
