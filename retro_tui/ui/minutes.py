"""Backward minutes in words: one rounding for home, the plan, history and the chart.

Whole minutes, rounded half up (12.5 -> "13"); a few seconds, more than
nothing but under half a minute, read "<1" rather than a misleading "0".
"""

from __future__ import annotations

import math


def minutes_text(minutes: float) -> str:
    """0 -> "0", 0.1 -> "<1", 9.6 -> "10", 12.5 -> "13"."""
    if minutes <= 0:
        return "0"
    if minutes < 0.5:
        return "<1"
    return str(math.floor(minutes + 0.5))


def guide_text(minutes: float) -> str:
    """The weekly guide as the user set it: 30 -> "30", 12.5 -> "12.5"."""
    return f"{minutes:g}"
