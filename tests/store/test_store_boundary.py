"""TinyDB stays behind the Store: no other module of papertray imports it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"core/store/storage.py", "core/store/tables.py"}


def _imports_tinydb(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "tinydb" for name in names):
            return True
    return False


def test_only_the_store_imports_tinydb() -> None:
    importers = {
        path.relative_to(ROOT).as_posix()
        for package in ("core", "tui")
        for path in (ROOT / package).rglob("*.py")
        if _imports_tinydb(path)
    }
    assert importers <= ALLOWED
    assert importers  # the check itself still sees the store's own import
