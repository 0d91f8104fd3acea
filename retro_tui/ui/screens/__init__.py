"""The app's screens."""

from __future__ import annotations

from typing import Any

from retro_tui.ui.screens.checklist import ChecklistScreen
from retro_tui.ui.screens.confirm import ConfirmStopScreen
from retro_tui.ui.screens.home import HomeScreen
from retro_tui.ui.screens.live import LiveScreen
from retro_tui.ui.screens.plan import ConfirmGuideScreen, PlanScreen
from retro_tui.ui.screens.summary import SummaryScreen

# The settings screen pulls in Input, Select, Switch and Button: loaded when
# first asked for (home's `s`), not on the way to the first frame.
_LAZY = {
    "SettingsScreen": "retro_tui.ui.screens.settings",
    "ConfirmDiscardScreen": "retro_tui.ui.screens.settings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChecklistScreen",
    "ConfirmDiscardScreen",
    "ConfirmGuideScreen",
    "ConfirmStopScreen",
    "HomeScreen",
    "LiveScreen",
    "PlanScreen",
    "SettingsScreen",
    "SummaryScreen",
]
