"""Home: "up next" from the plan, this week's backward minutes, and the workouts.

The plan is read from the session log on a thread worker when home shows
(first time, and again on coming back after a session or from settings).
Enter starts the highlighted workout, `u` the one up next.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration
from retro_tui.core.timeline import timeline_totals
from retro_tui.ui.context import ScreenContext
from retro_tui.ui.messages import StartWorkout
from retro_tui.ui.widgets.week_bar import (
    NARROW_BELOW,
    WeekBar,
    recovered_text,
    up_next_text,
)

HISTORY_MODULE = "retro_tui.ui.screens.history"


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start"),
        Binding("u", "up_next", "Up next", id="home.up_next"),
        Binding("p", "plan", "Plan", id="home.plan"),
        Binding("h", "history", "History", id="home.history"),
        Binding("s", "settings", "Settings", id="home.settings"),
        Binding("comma", "settings", "Settings", show=False, id="home.settings_comma"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        Binding("escape", "app.quit", "Quit", show=False, id="home.escape"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(id="home")
        self.context = context
        self.config = context.config  # the one the table shows
        self._ids: list[str] = []
        self.plan: Any = None  # the app's PlanData, once read
        self._notices: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("[b]retro-tui[/b]  ·  backwards running coach", id="home-title")
        yield Static("", id="home-plan")
        yield WeekBar(id="home-week")
        yield Static("", id="home-hold")
        yield Static("", id="home-notice", markup=False)  # may quote an error or a path
        yield DataTable(id="workouts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-description", markup=False)  # the user's own words
        yield Footer(compact=True)  # every key fits in 60 columns

    def on_mount(self) -> None:
        table = self.query_one("#workouts", DataTable)
        table.add_column("Workout", key="name")
        table.add_column(Text("Total", justify="right"), key="total")
        table.add_column(Text("Backward", justify="right"), key="backward")
        self._fill_table()
        table.focus()
        self.set_plan_line("")
        self.query_one("#home-week", WeekBar).display = False
        self._show_line("#home-hold", "")
        self._show_notices()

    def _fill_table(self) -> None:
        table = self.query_one("#workouts", DataTable)
        keep = self.selected_id if self._ids else None
        table.clear()
        self._ids = []
        settings = self.config.settings
        for workout in self.config.workouts.values():
            total_s, backward_s = timeline_totals(workout, settings)  # no cues needed here
            table.add_row(
                Text(workout.name),  # a str cell would be read as markup
                Text(format_duration(total_s), justify="right"),
                Text(format_duration(backward_s), justify="right"),
                key=workout.id,
            )
            self._ids.append(workout.id)
        row = self._ids.index(keep) if keep in self._ids else 0
        if self._ids:
            table.move_cursor(row=row, animate=False)
        self._describe(row)

    # --- the plan -------------------------------------------------------------

    def on_screen_resume(self) -> None:
        """Shown (first time, or back from a session or settings): read the plan again."""
        config = self.context.config
        if config is not self.config:  # settings were saved: totals may have changed
            self.config = config
            self._fill_table()
        self.reload_plan()

    def reload_plan(self) -> None:
        if self.context.log.possible:
            # After the next refresh: the first frame (Footer included) is drawn
            # before the read's thread (imports, SQLite) competes for the GIL.
            self.call_after_refresh(self._read_plan)
        else:  # no log: nothing to read, the plan is a pure function of the config
            self.show_plan(self.context.read_plan())

    @work(thread=True, exclusive=True, group="home-plan", exit_on_error=False)
    def _read_plan(self) -> None:
        app = self.app
        try:
            data = self.context.read_plan()
        except Exception as err:  # never a traceback on home
            message = f"The plan cannot be read: {err}"
            with contextlib.suppress(RuntimeError):  # the app is closing
                app.call_from_thread(self.set_notice, "plan", message)
            return
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self.show_plan, data)

    def show_plan(self, data: Any) -> None:
        """Up next, this week's minutes with a bar, the hold, and what the log said."""
        if not self.is_attached:
            return
        self.plan = data
        self.set_notice("plan", "")
        status = data.status
        self._show_up_next()
        week = self.query_one("#home-week", WeekBar)
        week.display = True
        week.show(self.context.this_week_min(data), data.guide_min)
        self._show_line("#home-hold", Text(status.hold_message or ""))
        log = self.context.log
        if data.recovered and not log.recovered_told:
            log.recovered_told = True
            self.set_notice("recovered", recovered_text(data.recovered))
        if data.store_error:
            self.set_notice(
                "store",
                f"The session log cannot be read ({data.store_error}): sessions are not saved.",
            )

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW_BELOW

    def _show_up_next(self) -> None:
        """ "Up next ... · u starts it" (a shorter form under 80 columns, key first)."""
        if self.plan is None:
            return
        status = self.plan.status
        key = "u" if status.suggested is not None else ""
        self.set_plan_line(up_next_text(status, narrow=self.narrow, key=key))

    def on_resize(self) -> None:
        self._show_up_next()

    def set_plan_line(self, text: str | Text) -> None:
        """Show "Up next: ..." (hidden while empty)."""
        self._show_line("#home-plan", text)

    def set_notice(self, key: str, text: str) -> None:
        """A line under the plan (recovery, a saved file, a missing screen); "" removes it."""
        if text:
            self._notices[key] = text
        else:
            self._notices.pop(key, None)
        self._show_notices()

    def _show_notices(self) -> None:
        self._show_line("#home-notice", "\n".join(self._notices.values()))

    def _show_line(self, selector: str, text: str | Text) -> None:
        line = self.query_one(selector, Static)
        line.update(text)
        line.display = bool(text)

    @property
    def up_next_id(self) -> str | None:
        """The workout `u` starts (the plan's suggestion), once the plan is read."""
        if self.plan is None or self.plan.status.suggested is None:
            return None
        return self.plan.status.suggested.workout_id

    # --- the workouts ---------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        table = self.query_one("#workouts", DataTable)
        row = table.cursor_row
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _describe(self, row: int) -> None:
        description = self.query_one("#home-description", Static)
        if not 0 <= row < len(self._ids):
            description.update("")
            return
        description.update(self.config.workouts[self._ids[row]].description)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    # --- actions --------------------------------------------------------------

    def action_start(self) -> None:
        workout_id = self.selected_id
        if workout_id is not None:
            self.post_message(StartWorkout(self.config.workouts[workout_id]))

    def action_up_next(self) -> None:
        if self.plan is None:
            self.plan = self.context.read_plan()  # the worker has not answered yet: ask now
        status = self.plan.status
        if not status.sessions:
            self.notify("No programme sessions in your config.", severity="warning")
            return
        workout_id = self.up_next_id
        if workout_id is None:
            self.notify("Programme complete: pick any workout.")
            return
        workout = self.config.workouts.get(workout_id)
        if workout is not None:
            self.post_message(StartWorkout(workout))

    def action_plan(self) -> None:
        from retro_tui.ui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.context, self.plan))

    def action_settings(self) -> None:
        from retro_tui.ui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.context))

    def action_history(self) -> None:
        """The history screen (its own module, opened through `open_history(app)`)."""
        try:
            module = importlib.import_module(HISTORY_MODULE)
        except ModuleNotFoundError as err:
            if err.name != HISTORY_MODULE:
                raise
            module = None
        opener = getattr(module, "open_history", None)
        if not callable(opener):
            text = "History is not available in this version yet: try `retro-tui log`."
            self.set_notice("history", text)
            self.notify(text, severity="warning")
            return
        self.set_notice("history", "")
        opener(self.app)
