"""SVG snapshots of the key views (the same scenarios as `python -m tui.screenshots`).

Update after an intended change: `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.app import PapertrayApp
from tui.screenshots import SCENARIOS, demo_services, drive


@pytest.mark.parametrize("name", ["reader", "summary", "narrow", "help", "light", "cards"])
def test_view(name: str, snap_compare: Any, home: Path) -> None:
    scenario = SCENARIOS[name]
    services = demo_services(home)

    async def run_before(pilot: Any) -> None:
        pilot.app.theme = scenario.theme
        await drive(pilot, scenario.keys)

    try:
        assert snap_compare(PapertrayApp(services), terminal_size=scenario.size,
                            run_before=run_before)
    finally:
        services.close()
