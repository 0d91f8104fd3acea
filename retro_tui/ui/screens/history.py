"""History: the session log as a table, and backward minutes per week against the guide.

Everything is read on a thread worker (SQLite never blocks the screen):
the sessions (the table shows the newest `HISTORY_LIMIT`, and the next as
many when the cursor reaches its end, down to the first session) and the
total count. The chart is the last 12 local weeks of backward minutes, added up by
`week.weekly_totals` with the context's `now` and zone, as home's and the
plan's "this week" are, so the three always agree (simulated `--speed`
sessions never count there, PRODUCT.md §9; in the table they are marked
`*`). Enter opens a session's detail view; `d` deletes the highlighted
session after a confirmation.
When the log cannot be opened, or is empty, the screen says so in words.

Home opens it with `open_history(app)` (its `h` key).
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration
from retro_tui.core.report import local_time
from retro_tui.core.store import SessionSummary
from retro_tui.core.text import visible
from retro_tui.core.week import (
    guide_text,
    minutes_text,
    read_sessions_since,
    week_bounds,
    weekly_totals,
)
from retro_tui.ui.context import HasScreenContext, ScreenContext
from retro_tui.ui.screens.confirm import ConfirmScreen
from retro_tui.ui.screens.session_detail import SessionDetailScreen
from retro_tui.ui.widgets.week_bar import NARROW_BELOW
from retro_tui.ui.widgets.weekly_chart import WeeklyChart

HISTORY_LIMIT = 500  # rows read at a time: the next page loads at the table's end
CHART_PAGE = 200  # sessions read at a time past the table's, for the chart's weeks
CHART_WEEKS = 12
EMPTY_TEXT = "No sessions yet: start one from home."
STATUS_STYLES = {"completed": "green", "stopped": "yellow", "interrupted": "red", "running": "cyan"}


def open_history(app: HasScreenContext) -> None:
    """Open the history screen (for the home screen's `h` binding)."""
    app.push_screen(HistoryScreen(app.screen_context))


def guide_minutes(context: ScreenContext) -> float:
    return float(context.config.settings.weekly_backward_minutes)


def chart_weeks(context: ScreenContext, sessions: list[SessionSummary]) -> list[tuple[date, float]]:
    """(local Monday, backward minutes) for the last CHART_WEEKS weeks, oldest first.

    The context's `now` and `tz` (tests pin them), like home's weekly bar.
    """
    totals = weekly_totals(sessions, CHART_WEEKS, now=context.now(), tz=context.tz)
    return [(week.start, week.backward_min) for week in totals]


def chart_start(context: ScreenContext) -> datetime:
    """When the chart's oldest week begins (its local Monday, 00:00), as an aware time."""
    monday, _ = week_bounds(context.now(), context.tz)
    return monday - timedelta(weeks=CHART_WEEKS - 1)


def read_sessions(
    context: ScreenContext, store: Any, limit: int
) -> tuple[list[SessionSummary], list[SessionSummary]]:
    """(the table's newest `limit` sessions, every session the chart counts).

    Only what the screen shows is read: the newest `limit`, then, a page at a
    time, older ones while they may still start inside the chart's weeks
    (a 10,000-session log is not read whole to draw 12 weeks).
    """
    recent = read_sessions_since(store, chart_start(context), page=CHART_PAGE, first=limit)
    return recent[:limit], recent


def status_cell(summary: SessionSummary) -> Text:
    """ "completed", or "sim completed" for a `--speed` run (it never counts in the plan)."""
    text = Text()
    if summary.simulated:
        text.append("sim ", style="dim")
    text.append(summary.status, style=STATUS_STYLES.get(summary.status, ""))
    return text


class ConfirmDeleteScreen(ConfirmScreen):
    """y/Enter deletes, n/Escape keeps."""

    # Only y deletes: Enter, pressed out of habit, must not lose a session for good.
    BINDINGS = [
        Binding("y", "confirm", "Delete", id="delete.yes"),
        Binding("n", "cancel", "Keep", id="delete.no"),
        Binding("escape", "cancel", "Keep", show=False, id="delete.escape"),
    ]
    YES_KEYS = "[b]y[/b]"
    YES_WORDS = "delete"
    NO_WORDS = "keep"

    def __init__(self, what: str) -> None:
        super().__init__(
            "Delete this session?",
            [
                (Text(what), "confirm-what"),
                ("Its steps and events go too; this cannot be undone.", None),
            ],
            id="confirm-delete",
        )
        self.what = what


class HistoryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Details", priority=True, id="history.open"),
        Binding("d", "delete", "Delete", id="history.delete"),
        Binding("e", "export", "Export", id="history.export"),
        Binding("r", "review", "RPE/notes", id="history.review"),
        Binding("escape", "back", "Back", id="history.back"),
        Binding("q", "back", "Back", show=False, id="history.back_q"),
    ]

    def __init__(self, context: ScreenContext, *, limit: int = HISTORY_LIMIT) -> None:
        super().__init__(id="history")
        self.context = context
        self.last_export = ""  # what the last `e` said (where it wrote, or why not)
        self.limit = limit
        self.sessions: dict[int, SessionSummary] = {}
        self.shown: list[SessionSummary] = []  # the table's rows, newest first
        self.narrow = False  # under 80 columns: fewer, narrower columns
        self.total = 0
        self.error: str | None = None
        self.loaded = False
        self.paging = False  # a next page is being read

    def compose(self) -> ComposeResult:
        yield Static("[b]History[/b]", id="history-title")
        yield Static("", id="history-chart-title")
        yield WeeklyChart(id="history-chart")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static("Loading the session log…", id="history-message")
        yield Footer()

    def on_mount(self) -> None:
        self.narrow = self.size.width < NARROW_BELOW
        self._add_columns()
        self._show_parts(chart=False, table=False)
        self.query_one("#history-table", DataTable).focus()
        self.load()

    def _add_columns(self) -> None:
        """Under 80 columns: a short date ("11-23 17:40"), a narrower workout, no Active
        (the detail view has it): Backward and RPE, what the runner looks for, stay."""
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text("ID", justify="right"), key="id")  # what show/export take
        table.add_column("Date", key="date")
        table.add_column("Workout", key="workout", width=9 if self.narrow else 20)
        table.add_column("Status", key="status", width=13 if self.narrow else 15)
        if not self.narrow:
            table.add_column(Text("Active", justify="right"), key="active")
        table.add_column(Text("Backward", justify="right"), key="backward")
        table.add_column(Text("RPE", justify="right"), key="rpe")

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        if narrow == self.narrow:
            return
        self.narrow = narrow
        table = self.query_one("#history-table", DataTable)
        row = table.cursor_row
        self._add_columns()
        self._fill_rows(self.shown)
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1), animate=False)

    def _fill_rows(self, sessions: list[SessionSummary]) -> None:
        self.query_one("#history-table", DataTable).clear()
        self._add_rows(sessions)

    def _add_rows(self, sessions: list[SessionSummary]) -> None:
        table = self.query_one("#history-table", DataTable)
        narrow = self.narrow
        for s in sessions:
            when = local_time(s.started_at)
            cells = [
                Text(str(s.id), justify="right"),
                Text(when[5:] if narrow else when),  # "2026-11-23 17:40" -> "11-23 17:40"
                Text(visible(s.name), overflow="ellipsis", no_wrap=True),
                status_cell(s),
            ]
            if not narrow:
                cells.append(Text(format_duration(s.active_s), justify="right"))
            cells += [
                Text(format_duration(s.backward_s), justify="right"),
                Text("" if s.rpe is None else str(s.rpe), justify="right"),
            ]
            table.add_row(*cells, key=str(s.id))

    def _show_parts(self, *, chart: bool, table: bool) -> None:
        self.query_one("#history-chart-title").display = chart
        self.query_one("#history-chart").display = chart
        self.query_one("#history-table").display = table
        self.query_one("#history-message").display = not table

    # --- loading --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        """Read the log (in a thread) and show it."""
        app = self.app
        try:
            store = self.context.log_store()
            if store is None:
                raise LookupError(self.context.log.error or "no data folder was given")
            total = store.count_sessions()
            sessions, recent = read_sessions(self.context, store, self.limit)
            weeks = chart_weeks(self.context, recent)
        except Exception as err:  # no log, damaged, busy: say so instead of failing
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(self._show_error, str(err))
            return
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._show, sessions, total, weeks)

    def _show_error(self, reason: str) -> None:
        self.error = reason
        self.loaded = True
        if not self.is_attached:
            return
        self.query_one("#history-message", Static).update(
            Text(f"The session log cannot be opened: {reason}\nSessions run now are not saved.")
        )
        self.query_one("#history-title", Static).update("[b]History[/b]")
        self.sessions = {}
        self.refresh_bindings()
        self._show_parts(chart=False, table=False)

    def _show(
        self, sessions: list[SessionSummary], total: int, weeks: list[tuple[date, float]]
    ) -> None:
        self.error = None
        self.loaded = True
        self.sessions = {s.id: s for s in sessions}
        self.total = total
        if not self.is_attached:
            return
        guide = guide_minutes(self.context)
        this_week = weeks[-1][1] if weeks else 0.0
        self.query_one("#history-chart-title", Static).update(
            f"Backward minutes per week · this week [b]{minutes_text(this_week)}[/b] · "
            f"guide [b]{guide_text(guide)}[/b] min [#ffd75f]╌╌[/]"
        )
        self.query_one("#history-chart", WeeklyChart).set_data(weeks, guide)
        table = self.query_one("#history-table", DataTable)
        row = table.cursor_row
        self.shown = sessions
        self._show_title()
        self._fill_rows(sessions)
        self.refresh_bindings()
        if sessions:
            table.move_cursor(row=min(max(row, 0), len(sessions) - 1), animate=False)
            self._show_parts(chart=True, table=True)
        else:
            self.query_one("#history-message", Static).update(EMPTY_TEXT)
            self._show_parts(chart=False, table=False)

    def _show_title(self) -> None:
        total, shown = self.total, self.shown
        title = f"[b]History[/b] · {total} session{'s' if total != 1 else ''}"
        if total > len(shown):
            title += f" (newest {len(shown)} shown)"
        if any(s.simulated for s in shown):
            title += "  [dim]sim: simulated, not in weekly minutes[/dim]"
        self.query_one("#history-title", Static).update(title)

    # --- paging: every session, a page at a time ---------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The cursor on the last row read: the next page loads below it."""
        at_end = event.cursor_row >= len(self.shown) - 1
        if at_end and len(self.shown) < self.total and not self.paging:
            self.paging = True
            self.load_more(len(self.shown))

    @work(thread=True, exclusive=True, group="history-more")
    def load_more(self, offset: int) -> None:
        app = self.app
        try:
            store = self.context.log_store()
            page = [] if store is None else store.list_sessions(limit=self.limit, offset=offset)
        except Exception as err:  # a busy log: say so; the rows read so far stay
            page, reason = [], str(err)
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(
                    self.notify, f"More sessions: {reason}", severity="error", markup=False
                )
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._more, offset, page)

    def _more(self, offset: int, page: list[SessionSummary]) -> None:
        self.paging = False
        if offset != len(self.shown) or not self.is_attached:
            return  # the log was read again meanwhile (a delete): that read stands
        fresh = [s for s in page if s.id not in self.sessions]
        self.shown = self.shown + fresh
        self.sessions.update((s.id, s) for s in fresh)
        self._add_rows(fresh)
        self._show_title()

    # --- the highlighted session -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Details and Delete only while there is a session to act on."""
        if action in ("open", "delete"):
            return bool(self.sessions)
        return True

    @property
    def selected(self) -> SessionSummary | None:
        table = self.query_one("#history-table", DataTable)
        if not self.sessions or table.row_count == 0:
            return None
        with contextlib.suppress(Exception):
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            return self.sessions.get(int(key or -1))
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        session = self.selected
        if session is not None:
            self.app.push_screen(SessionDetailScreen(self.context, session.id))

    def action_delete(self) -> None:
        session = self.selected
        if session is None:
            return
        what = f"{local_time(session.started_at)} · {visible(session.name)} · {session.status}"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete_session(session.id)

        self.app.push_screen(ConfirmDeleteScreen(what), callback=confirmed)

    @work(thread=True, group="history-delete")
    def delete_session(self, session_id: int) -> None:
        """Delete in a thread, then read the log again."""
        app = self.app
        try:
            store = self.context.log_store()
            if store is not None:
                store.delete_session(session_id)
        except Exception as err:
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(
                    self.notify, f"Not deleted: {err}", severity="error", markup=False
                )
            return
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self.load)

    def action_export(self) -> None:
        """e: the highlighted session as TCX (Strava, Garmin, intervals.icu) in Downloads."""
        session = self.selected
        if session is not None:
            self._export(session)

    @work(thread=True, group="history-export", exit_on_error=False)
    def _export(self, session: SessionSummary) -> None:
        from retro_tui.ui.export_file import export_tcx

        message, severity = export_tcx(self.context, session)
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self._exported, message, severity)

    def _exported(self, message: str, severity: str) -> None:
        self.last_export = message
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    def action_review(self) -> None:
        """r: RPE and notes for the highlighted session (the summary's review, later)."""
        from retro_tui.ui.screens.review_edit import ReviewEditScreen, save_review

        session = self.selected
        if session is None:
            return
        what = f"{local_time(session.started_at)} · {session.name}"
        screen = ReviewEditScreen(what, session.rpe, session.notes)
        self.app.push_screen(screen, callback=lambda answer: save_review(self, session.id, answer))

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("Session details", "Open the highlighted session (Enter)", self.action_open),
            (
                "Effort and notes",
                "RPE and notes of the highlighted session (r)",
                self.action_review,
            ),
            (
                "Export session",
                "The highlighted session as TCX for Strava, Garmin, intervals.icu (e)",
                self.action_export,
            ),
            (
                "Delete session",
                "Delete the highlighted session, after asking (d)",
                self.action_delete,
            ),
        ]


__all__ = ["ConfirmDeleteScreen", "HistoryScreen", "open_history"]
