"""The app's screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retro_tui.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from retro_tui.ui.screens.checklist import ChecklistScreen
    from retro_tui.ui.screens.confirm import ConfirmStopScreen
    from retro_tui.ui.screens.live import LiveScreen
    from retro_tui.ui.screens.plan import ConfirmGuideScreen, PlanScreen
    from retro_tui.ui.screens.settings import ConfirmDiscardScreen, SettingsScreen
    from retro_tui.ui.screens.summary import SummaryScreen

# Home is the first frame; every other screen (and what it pulls in: the
# session engine, the programme, Input, Select...) is loaded when first
# asked for, e.g. `from retro_tui.ui.screens import LiveScreen`.
_LAZY = {
    "ChecklistScreen": "retro_tui.ui.screens.checklist",
    "ConfirmStopScreen": "retro_tui.ui.screens.confirm",
    "LiveScreen": "retro_tui.ui.screens.live",
    "ConfirmGuideScreen": "retro_tui.ui.screens.plan",
    "PlanScreen": "retro_tui.ui.screens.plan",
    "SummaryScreen": "retro_tui.ui.screens.summary",
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
