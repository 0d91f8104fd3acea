"""The pre-run safety checklist: Enter or space to go, Escape back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from retro_tui.core.checklist import checklist_items
from retro_tui.core.settings import Settings
from retro_tui.core.workout import Workout


class ChecklistScreen(Screen[bool]):
    """Dismisses with True to start the session, False to go back."""

    BINDINGS = [
        Binding("enter", "go", "Start", id="checklist.go"),
        Binding("space", "go", "Start", show=False, id="checklist.go_space"),
        Binding("escape", "back", "Back", id="checklist.back"),
        Binding("q", "back", "Back", show=False, id="checklist.back_q"),
    ]

    def __init__(self, settings: Settings, workout: Workout) -> None:
        super().__init__(id="checklist")
        self.settings = settings
        self.workout = workout
        self.items = checklist_items(settings, workout)  # a treadmill workout: its own list

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist-box"):
            title = Text.assemble(("Before you start", "bold"), ": ", self.workout.name)
            yield Static(title, id="checklist-title")
            for item in self.items:
                # bullets, not boxes: the list is read, not ticked off
                yield Static(f"• {item}", classes="checklist-item", markup=False)
            yield Static("Enter or space: start  ·  Escape: back", id="checklist-hint")
        yield Footer()

    def action_go(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
