"""Widgets of the live screen, and the weekly bar of home and the plan.

Each is loaded when first asked for, so home (the weekly bar) does not pull in
the live screen's widgets on the way to the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retro_tui.ui.widgets.cue_banner import CueBanner
    from retro_tui.ui.widgets.time_bar import TimeBar
    from retro_tui.ui.widgets.week_bar import WeekBar

_LAZY = {
    "CueBanner": "retro_tui.ui.widgets.cue_banner",
    "TimeBar": "retro_tui.ui.widgets.time_bar",
    "WeekBar": "retro_tui.ui.widgets.week_bar",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CueBanner", "TimeBar", "WeekBar"]
