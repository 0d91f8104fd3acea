"""Stop confirmation: y or Enter stops the session, n or Escape goes on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmStopScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "confirm", "Stop", id="confirm.yes"),
        Binding("enter", "confirm", "Stop", show=False, id="confirm.enter"),
        Binding("n", "cancel", "Go on", id="confirm.no"),
        Binding("escape", "cancel", "Go on", show=False, id="confirm.escape"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static("[b]Stop this session?[/b]", id="confirm-title")
            yield Static("It is kept in your log as stopped.")
            yield Static("[b]y[/b]/Enter: stop   [b]n[/b]/Escape: go on", id="confirm-keys")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
