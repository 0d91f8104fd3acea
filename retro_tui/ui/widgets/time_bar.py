"""A labelled progress bar: "Step  ███████░░░  0:10 left"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class TimeBar(Horizontal):
    DEFAULT_CSS = """
    TimeBar {
        height: 1;
        width: 1fr;
    }
    TimeBar > .time-bar--name {
        width: 10;
        color: $text-muted;
    }
    TimeBar > ProgressBar {
        width: 1fr;
    }
    TimeBar > ProgressBar > Bar {
        width: 1fr;
    }
    TimeBar > .time-bar--value {
        width: 16;
        padding-left: 1;
        text-align: right;
    }
    """

    def __init__(self, name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._name = name
        self._value = ""

    def compose(self) -> ComposeResult:
        yield Label(self._name, classes="time-bar--name")
        yield ProgressBar(total=1.0, show_percentage=False, show_eta=False)
        yield Label("", classes="time-bar--value")

    def on_mount(self) -> None:
        self._bar = self.query_one(ProgressBar)
        self._label = self.query_one(".time-bar--value", Label)
        self._cells = -1

    def set_name(self, name: str) -> None:
        """The word at the left ("Step", "Get ready"); touched only when it changes."""
        if name != self._name:
            self._name = name
            self.query_one(".time-bar--name", Label).update(name, layout=False)

    def set(self, done: float, total: float, text: str) -> None:
        """Show `done` of `total` (any unit) and the text at the right."""
        total = max(total, 1e-9)
        fraction = min(max(done / total, 0.0), 1.0)
        # the bar draws in half cells: touch it only when that changes
        cells = int(fraction * max(self._bar.size.width, 1) * 2)
        if cells != self._cells:
            self._cells = cells
            self._bar.update(total=1.0, progress=fraction)
        if text != self._value:
            self._value = text
            self._label.update(text, layout=False)

    @property
    def value_text(self) -> str:
        return self._value
