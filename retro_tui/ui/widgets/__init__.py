"""Widgets of the live screen, and the weekly bar of home and the plan."""

from retro_tui.ui.widgets.cue_banner import CueBanner
from retro_tui.ui.widgets.time_bar import TimeBar
from retro_tui.ui.widgets.week_bar import WeekBar

__all__ = ["CueBanner", "TimeBar", "WeekBar"]
