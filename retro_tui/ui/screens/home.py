"""Home: "up next" from the plan, this week's backward minutes, and the workouts.

The plan is read from the session log on a thread worker when home shows
(first time, and again on coming back after a session or from settings).
Enter starts the highlighted workout, `u` the one up next. The list leads
with the runner's own workouts and groups the plan's sessions; typing (or
`/`) filters it; the highlighted workout's steps are previewed beside it, or
under it on a narrow terminal.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from retro_tui.core.amounts import format_duration
from retro_tui.core.timeline import timeline_totals
from retro_tui.ui.context import ScreenContext
from retro_tui.ui.messages import StartWorkout
from retro_tui.ui.preview import preview_text
from retro_tui.ui.widgets.week_bar import (
    NARROW_BELOW,
    WeekBar,
    recovered_text,
    up_next_text,
)

HISTORY_MODULE = "retro_tui.ui.screens.history"
PREVIEW_BESIDE = 100  # columns: from here the preview sits beside the list
BOUND = frozenset("uphsq,/")  # keys with their own action: not the start of a filter


class HomeScreen(Screen[None]):
    BINDINGS = [
        # priority: the table's own Enter would hide "Enter Start" from the footer
        Binding("enter", "start", "Start", key_display="Enter", priority=True, id="home.start"),
        # the up-next line says "u starts it": the footer keeps its room for Enter
        Binding("u", "up_next", "Up next", show=False, id="home.up_next"),
        Binding("p", "plan", "Plan", id="home.plan"),
        Binding("h", "history", "History", id="home.history"),
        Binding("s", "settings", "Settings", id="home.settings"),
        Binding("comma", "settings", "Settings", show=False, id="home.settings_comma"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        # Escape never quits from home (a mis-press at the track): it only ends a filter.
        Binding("escape", "clear_filter", show=False, id="home.escape"),
        Binding("slash", "filter", "Filter", show=False, id="home.filter"),
        Binding("home", "first", show=False, priority=True, id="home.first"),
        Binding("end", "last", show=False, priority=True, id="home.last"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(id="home")
        self.context = context
        self.config = context.config  # the one the table shows
        self._ids: list[str | None] = []  # None: a group's title row
        self._row = 0  # the last highlighted row (which way a title row is skipped)
        self.plan: Any = None  # the app's PlanData, once read
        self._notices: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("[b]retro-tui[/b]  ·  backwards running coach", id="home-title")
        yield Static("", id="home-plan")
        yield WeekBar(id="home-week")
        yield Static("", id="home-hold")
        yield Static("", id="home-notice", markup=False)  # may quote an error or a path
        yield Input(
            placeholder="filter: type a name, Esc clears", id="home-filter", select_on_focus=False
        )
        with Horizontal(id="home-list"):
            yield DataTable(id="workouts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-preview", markup=False)  # the user's own words
        yield Static("", id="home-description", markup=False)  # the user's own words
        yield Footer(compact=True)  # every key fits in 60 columns

    def on_mount(self) -> None:
        table = self.query_one("#workouts", DataTable)
        table.add_column("Workout", key="name")
        table.add_column(Text("Total", justify="right"), key="total")
        table.add_column(Text("Backward", justify="right"), key="backward")
        self.query_one("#home-filter", Input).display = False
        # The first frame's layout from the terminal's width (Resize comes after
        # that frame): no repaint, nor a jump, from narrow to wide.
        self.set_class(self.app.size.width >= PREVIEW_BESIDE, "-wide")
        self._fill_table()
        table.focus()
        self.set_plan_line("")
        self.query_one("#home-week", WeekBar).display = False
        self._show_line("#home-hold", "")
        self._show_notices()

    def _fill_table(self) -> None:
        from retro_tui.ui.workout_list import grouped, shipped_workouts

        table = self.query_one("#workouts", DataTable)
        keep = self.selected_id if self._ids else None
        table.clear()
        self._ids = []
        settings = self.config.settings
        words = self.query_one("#home-filter", Input).value
        shipped = shipped_workouts(self.config.default_path, self.config)
        groups = grouped(self.config.workouts.values(), shipped, words)
        for title, workouts in groups:
            if len(groups) > 1:
                table.add_row(Text(title, style="bold"), Text(""), Text(""))
                self._ids.append(None)
            for workout in workouts:
                total_s, backward_s = timeline_totals(workout, settings)  # no cues needed here
                table.add_row(
                    Text(workout.name),  # a str cell would be read as markup
                    Text(format_duration(total_s), justify="right"),
                    Text(format_duration(backward_s), justify="right"),
                    key=workout.id,
                )
                self._ids.append(workout.id)
        rows = [i for i, w in enumerate(self._ids) if w is not None]
        row = self._ids.index(keep) if keep in self._ids else (rows[0] if rows else 0)
        if self._ids:
            table.move_cursor(row=row, animate=False)
        self._row = row
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
        self.set_class(self.size.width >= PREVIEW_BESIDE, "-wide")

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
        preview = self.query_one("#home-preview", Static)
        workout_id = self._ids[row] if 0 <= row < len(self._ids) else None
        workout = self.config.workouts.get(workout_id) if workout_id else None
        description.update(workout.description if workout else "")
        preview.update(preview_text(workout, self.config.settings))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = event.cursor_row
        if 0 <= row < len(self._ids) and self._ids[row] is None:  # a group's title: step over
            step = 1 if row >= self._row else -1
            target = row + step
            if not 0 <= target < len(self._ids):
                target = row - step
            if 0 <= target < len(self._ids):
                self._row = row
                event.data_table.move_cursor(row=target, animate=False)
                return
        self._row = row
        self._describe(row)

    # --- moving and filtering -------------------------------------------------

    def _workout_rows(self) -> list[int]:
        return [i for i, w in enumerate(self._ids) if w is not None]

    def action_first(self) -> None:
        if self._typing(self.query_one("#home-filter", Input).action_home):
            return
        rows = self._workout_rows()
        if rows:
            self.query_one("#workouts", DataTable).move_cursor(row=rows[0])

    def action_last(self) -> None:
        if self._typing(self.query_one("#home-filter", Input).action_end):
            return
        rows = self._workout_rows()
        if rows:
            self.query_one("#workouts", DataTable).move_cursor(row=rows[-1])

    def _typing(self, then: Any) -> bool:
        """In the filter, Home/End move its cursor (the bindings have priority)."""
        if self.query_one("#home-filter", Input).has_focus:
            then()
            return True
        return False

    def action_filter(self, text: str = "") -> None:
        box = self.query_one("#home-filter", Input)
        box.display = True
        if text:
            box.value += text
            box.cursor_position = len(box.value)
        box.focus()

    def action_clear_filter(self) -> None:
        """Escape: ends a filter (and nothing else: it never quits from home)."""
        box = self.query_one("#home-filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self._fill_table()
            self.query_one("#workouts", DataTable).focus()

    def on_key(self, event: Any) -> None:
        """A letter that is no key of home starts a filter with it."""
        char = event.character
        if (
            char
            and char.isprintable()
            and not char.isspace()
            and char.lower() not in BOUND
            and self.query_one("#workouts", DataTable).has_focus
        ):
            event.stop()
            event.prevent_default()
            self.action_filter(char)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill_table()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    # --- actions --------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """The app's own commands in the command palette (ctrl+p), beside Textual's."""
        return [
            ("Start workout", "Start the highlighted workout (Enter)", self.action_start),
            ("Start up next", "The plan's next session (u)", self.action_up_next),
            ("Plan", "The progression plan: done, next, ahead (p)", self.action_plan),
            ("History", "Past sessions and the weekly chart (h)", self.action_history),
            ("Settings", "Cues, pace, the weekly guide, the theme (s)", self.action_settings),
        ]

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
