"""The app's screens."""

from retro_tui.ui.screens.checklist import ChecklistScreen
from retro_tui.ui.screens.confirm import ConfirmStopScreen
from retro_tui.ui.screens.home import HomeScreen
from retro_tui.ui.screens.live import LiveScreen
from retro_tui.ui.screens.summary import SummaryScreen

__all__ = ["ChecklistScreen", "ConfirmStopScreen", "HomeScreen", "LiveScreen", "SummaryScreen"]
