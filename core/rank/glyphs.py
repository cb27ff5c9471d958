"""The compact score glyph of a list row (pure)."""

from __future__ import annotations

GLYPHS = " ▂▄▆█"
"""From "no reason to read it" to "among the best": one cell wide in any terminal font."""


def score_glyph(percentile: float) -> str:
    """A percentile (0.0 to 1.0, among the stored papers) as one of five bars: the top 1% get
    a full bar, the top 5% three quarters, the top 20% half, the top half a quarter."""
    for level, floor in ((4, 0.99), (3, 0.95), (2, 0.8), (1, 0.5)):
        if percentile >= floor:
            return GLYPHS[level]
    return GLYPHS[0]
