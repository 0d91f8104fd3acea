"""Home: the workouts, with their total and backward time; Enter starts one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration
from retro_tui.core.config import Config
from retro_tui.core.timeline import compile_timeline
from retro_tui.ui.messages import StartWorkout


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        Binding("escape", "app.quit", "Quit", show=False, id="home.escape"),
    ]

    def __init__(self, config: Config) -> None:
        super().__init__(id="home")
        self.config = config
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("[b]retro-tui[/b]  ·  backwards running coach", id="home-title")
        # Filled later by the plan ("Up next", this week's backward minutes).
        yield Static("", id="home-plan")
        yield DataTable(id="workouts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-description")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#workouts", DataTable)
        table.add_column("Workout", key="name")
        table.add_column(Text("Total", justify="right"), key="total")
        table.add_column(Text("Backward", justify="right"), key="backward")
        settings = self.config.settings
        for workout in self.config.workouts.values():
            timeline = compile_timeline(workout, settings)
            table.add_row(
                workout.name,
                Text(format_duration(timeline.total_s), justify="right"),
                Text(format_duration(timeline.backward_s), justify="right"),
                key=workout.id,
            )
            self._ids.append(workout.id)
        table.focus()
        self._describe(0)
        self.set_plan_line("")

    def set_plan_line(self, text: str) -> None:
        """Show "Up next: ..." and this week's minutes (hidden while empty)."""
        line = self.query_one("#home-plan", Static)
        line.update(text)
        line.display = bool(text)

    @property
    def selected_id(self) -> str | None:
        table = self.query_one("#workouts", DataTable)
        row = table.cursor_row
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _describe(self, row: int) -> None:
        if not 0 <= row < len(self._ids):
            return
        workout = self.config.workouts[self._ids[row]]
        self.query_one("#home-description", Static).update(workout.description)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        workout_id = self.selected_id
        if workout_id is not None:
            self.post_message(StartWorkout(self.config.workouts[workout_id]))
