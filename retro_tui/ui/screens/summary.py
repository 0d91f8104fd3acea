"""After the session: planned vs actual per step, totals and counts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration
from retro_tui.live import Summary

STATUS_WORDS = {
    "completed": "Workout complete. Well done!",
    "stopped": "Session stopped: kept in your log.",
}


def _duration(seconds: float) -> str:
    return format_duration(seconds)


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="summary.back"),
        Binding("q", "back", "Back", show=False, id="summary.back_q"),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__(id="summary")
        self.summary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        words = STATUS_WORDS.get(s.status, s.status)
        title = f"[b]{s.name}[/b]: {words}"
        if s.simulated:
            title += "  [dim](simulated)[/dim]"
        if s.session_id is not None:
            title += f"  [dim]session {s.session_id}[/dim]"
        yield Static(title, id="summary-title")
        yield Static(
            f"Active [b]{_duration(s.active_s)}[/b] of {_duration(s.planned_s)} · "
            f"backward [b]{_duration(s.backward_s)}[/b] · paused {_duration(s.paused_s)}",
            id="summary-totals",
        )
        yield Static(
            f"Shoulder checks [b]{s.shoulder_checks}[/b] · form cues [b]{s.form_cues}[/b] · "
            f"laps [b]{s.laps}[/b] · stumbles [b]{s.stumbles}[/b]",
            id="summary-counts",
        )
        yield DataTable(id="summary-steps", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#summary-steps", DataTable)
        table.add_column("#", key="index")
        table.add_column("Step", key="step")
        table.add_column(Text("Planned", justify="right"), key="planned")
        table.add_column(Text("Actual", justify="right"), key="actual")
        table.add_column(Text("Laps", justify="right"), key="laps")
        for step in self.summary.steps:
            actual = _duration(step.actual_s)
            if step.skipped:
                actual += " skipped"
            table.add_row(
                str(step.index + 1),
                step.label,
                Text(_duration(step.planned_s), justify="right"),
                Text(actual, justify="right"),
                Text(str(len(step.laps)) if step.laps else "", justify="right"),
                key=str(step.index),
            )
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
