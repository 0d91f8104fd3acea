"""The progression plan: every week and session, done / next / ahead; Enter starts one.

Also the weekly-guide question asked before a session that would pass the
guide (`ConfirmGuideScreen`): advice with a way through, never a block.
"""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration
from retro_tui.ui.context import ScreenContext
from retro_tui.ui.messages import StartWorkout
from retro_tui.ui.preview import preview_text
from retro_tui.ui.screens.confirm import ConfirmScreen, answer_bindings
from retro_tui.ui.widgets.week_bar import NARROW_BELOW, WeekBar, up_next_text

# status -> (mark, words, style): the colours of `retro-tui plan`
MARKS = {
    "done": ("✓", "done", "green"),
    "next": ("▶", "next", "bold yellow"),
    "ahead": ("·", "ahead", "dim"),
}


class PlanScreen(Screen[None]):
    BINDINGS = [
        # priority: the table's own Enter would hide "Enter Start" from the footer
        Binding("enter", "start", "Start", key_display="Enter", priority=True, id="plan.start"),
        Binding("escape", "back", "Back", id="plan.back"),
        Binding("q", "back", "Back", show=False, id="plan.back_q"),
    ]

    def __init__(self, context: ScreenContext, data: Any = None) -> None:
        super().__init__(id="plan")
        self.context = context
        self.data = data  # the app's PlanData; read again when the screen shows
        self.narrow = False  # under 80 columns: shorter texts, the status as a mark

    def compose(self) -> ComposeResult:
        yield Static("[b]Plan[/b]", id="plan-title")
        yield Static("", id="plan-next")
        yield Static("", id="plan-hold")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=False)
        # the highlighted session's steps, before Enter starts it
        yield Static("", id="plan-preview", markup=False)  # the user's own words
        yield WeekBar(id="plan-week")
        yield Footer()

    def on_mount(self) -> None:
        self.narrow = self.size.width < NARROW_BELOW
        self._add_columns()
        self.query_one("#plan-table", DataTable).focus()
        if self.data is not None:
            self.show_plan(self.data)

    def _add_columns(self) -> None:
        """The table's columns; under 80 columns the status is its mark alone (✓ ▶ ·)."""
        table = self.query_one("#plan-table", DataTable)
        table.clear(columns=True)
        table.add_column("Week", key="week")
        table.add_column("#", key="session")
        table.add_column("Session", key="name")
        table.add_column(Text("Backward", justify="right"), key="backward")
        table.add_column("" if self.narrow else "Status", key="status")

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        if narrow == self.narrow:
            return
        self.narrow = narrow
        keep = self.selected_id
        self._add_columns()
        if self.data is not None:
            self.show_plan(self.data)
            rows: list[str] = getattr(self, "_rows", [])
            if keep in rows:
                table = self.query_one("#plan-table", DataTable)
                table.move_cursor(row=rows.index(keep), animate=False)

    def on_screen_resume(self) -> None:
        """Shown, or back from a session started here: read the log again."""
        if self.context.log.possible:
            self._read_plan()
        else:
            self.show_plan(self.context.read_plan())

    @work(thread=True, exclusive=True, group="plan-screen", exit_on_error=False)
    def _read_plan(self) -> None:
        app = self.app
        try:
            data = self.context.read_plan()
        except Exception as err:
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(self._show_error, f"The plan cannot be read: {err}")
            return
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self.show_plan, data)

    def _show_error(self, text: str) -> None:
        if self.is_attached:
            self._line("#plan-hold", Text(text, style="bold"))

    def show_plan(self, data: Any) -> None:
        if not self.is_attached:
            return
        self.data = data
        status = data.status
        program = status.program
        title = Text.assemble((program.name, "bold"))
        if status.sessions:
            title.append(f": {status.done_count} of {len(status.sessions)} sessions done")
        self.query_one("#plan-title", Static).update(title)
        line = up_next_text(status, narrow=self.narrow) or Text(
            f"No sessions of the {program.id!r} programme in your config."
        )
        self._line("#plan-next", line)
        hold = Text(status.hold_message or "")
        self._line("#plan-hold", hold)
        self.query_one("#plan-week", WeekBar).show(self.context.this_week_min(data), data.guide_min)
        self._fill(data)

    def _line(self, selector: str, text: str | Text) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    def _fill(self, data: Any) -> None:
        table = self.query_one("#plan-table", DataTable)
        keep = self.selected_id
        table.clear()
        status = data.status
        focus_id = keep
        suggested = status.suggested
        if focus_id is None:
            focus_id = suggested.workout_id if suggested is not None else None
        rows: list[str] = []
        for week, items in status.weeks():
            for n, item in enumerate(items):
                session = item.session
                mark, words, style = MARKS[item.status]
                name_style = (
                    "bold" if item.status == "next" else ("dim" if item.status == "ahead" else "")
                )
                week_text = Text(str(week), style="bold") if n == 0 else Text("")
                if status.hold_week == week:
                    week_text = Text(f"{week} ↺", style="bold yellow") if n == 0 else Text("")
                table.add_row(
                    week_text,
                    Text(str(session.session), style=name_style),
                    Text(session.name, style=name_style),
                    Text(format_duration(session.backward_planned_s), justify="right"),
                    Text(mark if self.narrow else f"{mark} {words}", style=style),
                    key=session.workout_id,
                )
                rows.append(session.workout_id)
        self._rows = rows
        if focus_id in rows:
            table.move_cursor(row=rows.index(focus_id), animate=False)
        self._preview()

    def _preview(self) -> None:
        workout_id = self.selected_id
        config = self.context.config
        workout = config.workouts.get(workout_id) if workout_id else None
        self.query_one("#plan-preview", Static).update(preview_text(workout, config.settings))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()

    @property
    def selected_id(self) -> str | None:
        rows: list[str] = getattr(self, "_rows", [])
        if not rows:
            return None
        row = self.query_one("#plan-table", DataTable).cursor_row
        return rows[row] if 0 <= row < len(rows) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        workout_id = self.selected_id
        workout = self.context.config.workouts.get(workout_id) if workout_id else None
        if workout is not None:
            self.post_message(StartWorkout(workout))

    def action_back(self) -> None:
        self.app.pop_screen()


class ConfirmGuideScreen(ConfirmScreen):
    """This session passes the weekly guide: say why; y/Enter starts anyway, n/Escape not."""

    BINDINGS = answer_bindings("guide", "Start anyway", "Not today")
    BOX_ID = "guide-box"
    YES_WORDS = "start anyway"
    NO_WORDS = "not today"
    SHOW_FOOTER = True

    def __init__(self, warning: str, name: str = "") -> None:
        title = "Past your weekly guide" + (f": {name}" if name else "")
        super().__init__(title, [(warning, "guide-text")])
        self.warning = warning
        self.workout_name = name


__all__ = ["MARKS", "ConfirmGuideScreen", "PlanScreen"]
