"""Widgets of the live screen."""

from retro_tui.ui.widgets.cue_banner import CueBanner
from retro_tui.ui.widgets.time_bar import TimeBar

__all__ = ["CueBanner", "TimeBar"]
