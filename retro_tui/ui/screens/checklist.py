"""The pre-run safety checklist: Enter or space to go, Escape back."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from retro_tui.core.checklist import checklist_items
from retro_tui.core.settings import Settings
from retro_tui.core.workout import Workout
from retro_tui.ui.messages import RemoteKey
from retro_tui.ui.widgets.remote_panel import RemotePanel


class ChecklistScreen(Screen[bool]):
    """Dismisses with True to start the session, False to go back."""

    BINDINGS = [
        Binding("enter", "go", "Start", id="checklist.go"),
        Binding("space", "go", "Start", show=False, id="checklist.go_space"),
        Binding("escape", "back", "Back", id="checklist.back"),
        Binding("q", "back", "Back", show=False, id="checklist.back_q"),
        Binding("r", "remote", "Phone remote", id="checklist.remote"),
    ]

    def __init__(self, settings: Settings, workout: Workout, remote: Any = None) -> None:
        super().__init__(id="checklist")
        self.settings = settings
        self.workout = workout
        self.remote = remote  # the session's RemoteLink, when the phone remote is on
        self.items = checklist_items(settings, workout)  # a treadmill workout: its own list

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist-box"):
            title = Text.assemble(("Before you start", "bold"), ": ", self.workout.name)
            yield Static(title, id="checklist-title")
            for item in self.items:
                # bullets, not boxes: the list is read, not ticked off
                yield Static(f"• {item}", classes="checklist-item", markup=False)
            yield Static("Enter or space: start  ·  Escape: back", id="checklist-hint")
        yield RemotePanel(id="checklist-remote")
        yield Footer()

    def on_mount(self) -> None:
        self.show_remote(self.remote)

    def show_remote(self, remote: Any) -> None:
        """The remote's QR and URL (the app calls this once it serves, or on `r`)."""
        self.remote = remote
        self.query_one(RemotePanel).show_link(remote)

    def on_resize(self) -> None:
        self.query_one(RemotePanel).redraw()

    def action_remote(self) -> None:
        self.post_message(RemoteKey(self.workout))

    def action_go(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
