"""core/ is the product without a screen: it must never pull in Textual, Rich or tui/."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_ui_package() -> None:
    names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
    assert "core.config" in names and "core.store.store" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""


def test_import_linter_contract_holds() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core stays headless KEPT" in result.stdout


def test_ranking_rules_load_no_numpy_until_they_train_or_score() -> None:
    code = (
        "import sys\n"
        "import core.rank, core.rank.ranker, core.rank.day, core.rank.keywords, core.liking\n"
        "print(','.join(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
