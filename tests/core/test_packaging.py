"""The wheel `pip install .` builds carries what papertray reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_styles_demo_day_and_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("papertray-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"tui/styles/app.tcss", "tui/styles/reader.tcss"} <= names
    assert "core/demo_data/sample_day.json" in names
    assert "core/demo_data/rank/day-2026-04-10.json" in names
    assert "tui/cli.py" in names and "core/store/store.py" in names
    assert not any(name.startswith("tests/") for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "papertray = tui.cli:main" in text
