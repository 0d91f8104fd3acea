"""Yes/no questions: y or Enter answers yes, n or Escape no.

One modal serves every question the app asks (stop the session, delete a
session, pass the weekly guide, discard unsaved settings); each question is
a small subclass naming its words and the ids its styles use.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


def answer_bindings(prefix: str, yes: str, no: str) -> list[Binding]:
    return [
        Binding("y", "confirm", yes, id=f"{prefix}.yes"),
        Binding("enter", "confirm", yes, show=False, id=f"{prefix}.enter"),
        Binding("n", "cancel", no, id=f"{prefix}.no"),
        Binding("escape", "cancel", no, show=False, id=f"{prefix}.escape"),
    ]


class ConfirmScreen(ModalScreen[bool]):
    """A question with a bold title, some lines of text and its two answers."""

    BOX_ID = "confirm-box"
    YES_KEYS = "[b]y[/b]/Enter"  # a question whose yes cannot be undone takes y alone
    YES_WORDS = "yes"
    NO_WORDS = "no"
    SHOW_FOOTER = False

    def __init__(
        self, title: str, lines: Sequence[tuple[str | Text, str | None]], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.question = title
        self.lines = list(lines)  # each line with its widget id (None for none)

    def compose(self) -> ComposeResult:
        prefix = self.BOX_ID.removesuffix("-box")
        with Vertical(id=self.BOX_ID):
            yield Static(Text(self.question, style="bold"), id=f"{prefix}-title")
            for line, line_id in self.lines:
                yield Static(line, id=line_id, markup=False)
            yield Static(
                f"{self.YES_KEYS}: {self.YES_WORDS}   [b]n[/b]/Escape: {self.NO_WORDS}",
                id=f"{prefix}-keys",
            )
        if self.SHOW_FOOTER:
            yield Footer()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmStopScreen(ConfirmScreen):
    BINDINGS = answer_bindings("confirm", "Stop", "Go on")
    YES_WORDS = "stop"
    NO_WORDS = "go on"

    def __init__(self) -> None:
        super().__init__("Stop this session?", [("It is kept in your log as stopped.", None)])
