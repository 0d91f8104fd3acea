"""After the session: planned vs actual per step, totals and counts, and the review.

The review is the runner's effort (RPE 1–10: keys 1–9, 0 for 10) and a line
of notes; both are saved to the session log with `Store.set_review` on a
thread worker, and the screen says when they are saved. A change not yet
saved when the runner leaves (Escape, q, ctrl+q) is saved on the way out, so
nothing typed is lost. After two or more near-falls the screen suggests
repeating the week (programme sessions) or the workout before moving on.
A line from the coaching notes' curiosity corner rotates from one session
to the next.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from retro_tui.coach.results import StepResult, Summary, log_line
from retro_tui.core.amounts import format_duration
from retro_tui.core.program import hold_message, should_repeat_week
from retro_tui.core.text import visible
from retro_tui.ui.context import ScreenContext

STATUS_WORDS = {
    "completed": "Workout complete. Well done!",
    "stopped": "Session stopped: kept in your log.",
}

# The curiosity corner (PRODUCT.md §10): one line per session, in turn.
CURIOSITIES = (
    "Backward half-marathon record: 2:16:03 (women's, Manchester).",
    "Backward marathon record: 3:43:39. Yes, a whole marathon, backwards.",
    "Running backwards takes roughly 30% more energy than forwards at the same speed.",
    "Soft landing, hard take-off: backward running reverses forward running's stride.",
    "A 2016 study: 5 weeks of harder backward training improved forward running economy 2.54%.",
    "Backward running puts less power, work and compression through the knee.",
    "Youth soccer players and adolescent athletes sprinted 10–20 m faster after backward training.",
    "10–15 backward minutes a couple of times a week is plenty: it adds to training, never replaces it.",
)
RPE_KEYS = {str(n): n for n in range(1, 10)} | {"0": 10}
HINT = "Effort (RPE): keys 1–9, 0 = 10 · n: notes, Enter saves"
NUMBER_WORDS = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def _duration(seconds: float) -> str:
    return format_duration(seconds)


def status_line(s: Summary) -> Text:
    """ "Session stopped: kept in your log. · session 12 · simulated" (under the name)."""
    words = STATUS_WORDS.get(s.status, s.status)
    if s.unsaved:  # not all of it is in the log: the line below says what is missing
        words = words.split(":")[0].split(".")[0] + "."
    text = Text(words)
    if s.session_id is not None:
        text.append(f" · session {s.session_id}", style="dim")
    if s.simulated:
        text.append(" · simulated", style="dim")
    return text


def actual_text(step: StepResult) -> str:
    """A step's time; "—" for a step the session never reached (as the history detail)."""
    if step.actual_s <= 0 and not step.skipped and not step.laps:
        return "—"
    return _duration(step.actual_s)


def curiosity(session_id: int | None) -> str:
    """The curiosity line for a session (the next one for the next session)."""
    return CURIOSITIES[(session_id or 0) % len(CURIOSITIES)]


def rpe_scale(selected: int | None) -> Text:
    """ "RPE 1 2 3 4 5 6 7 8 9 10" with the chosen number highlighted."""
    text = Text("RPE ", style="bold")
    for n in range(1, 11):
        if n > 1:
            text.append(" ")
        text.append(str(n), style="bold reverse" if n == selected else "dim")
    return text


def hold_advice(stumbles: int, week: int | None) -> str:
    """The hold message after 2+ near-falls ("" when there is nothing to say)."""
    if not should_repeat_week(stumbles):
        return ""
    if week is not None:
        return hold_message(week, stumbles) + "."
    count = NUMBER_WORDS[stumbles] if stumbles < len(NUMBER_WORDS) else str(stumbles)
    return f"{count} near-falls: repeat this workout, slower, before moving on."


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="summary.back"),
        Binding("q", "back", "Back", show=False, id="summary.back_q"),
        Binding("n", "notes", "Notes", id="summary.notes"),
        Binding("r", "retry_log", "Retry saving", show=False, id="summary.retry_log"),
        *(
            Binding(
                key,
                f"rpe({value})",
                "Effort (RPE)",
                key_display="1…9 0",
                show=key == "1",
                id=f"summary.rpe_{value}",
            )
            for key, value in RPE_KEYS.items()
        ),
    ]

    def __init__(
        self,
        context: ScreenContext,
        summary: Summary,
        *,
        workout: Any = None,
        retry: Callable[[], Summary] | None = None,
    ) -> None:
        super().__init__(id="summary")
        self.context = context
        self.summary = summary
        self.retry = retry  # tries the session's failed log writes again (`r`)
        self.workout = workout  # the Workout, when the caller has it (for its week)
        self.rpe: int | None = None
        self.notes = ""
        self.saved: tuple[int | None, str] | None = None  # what the log holds, once saved
        self.save_error: str | None = None
        self._requested: tuple[int | None, str] = (None, "")  # the last review sent to be saved
        self._save_lock = threading.Lock()

    # --- layout ------------------------------------------------------------------

    @property
    def week(self) -> int | None:
        """The programme week of this session's workout (None outside the programme)."""
        workout = self.workout
        if workout is None:
            workout = self.context.config.workouts.get(self.summary.workout)
        week = getattr(workout, "week", None)
        return week if isinstance(week, int) else None

    @property
    def can_save(self) -> bool:
        return self.summary.session_id is not None

    def compose(self) -> ComposeResult:
        s = self.summary
        yield Static(Text(visible(s.name), style="bold"), id="summary-title")  # the user's own
        yield Static(status_line(s), id="summary-status")
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
        yield Static("", id="summary-hold")
        yield DataTable(id="summary-steps", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="summary-review"):
            yield Static(rpe_scale(None), id="summary-rpe")
            yield Input(
                placeholder="Notes: how did it feel?",
                id="summary-notes",
                compact=True,
                max_length=2000,
            )
        yield Static("", id="summary-saved")
        yield Static("", id="summary-log", markup=False)
        yield Static(curiosity(s.session_id), id="summary-fact", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#summary-steps", DataTable)
        table.add_column("#", key="index")
        table.add_column("Step", key="step")
        table.add_column(Text("Planned", justify="right"), key="planned")
        table.add_column(Text("Actual", justify="right"), key="actual")
        table.add_column(Text("Laps", justify="right"), key="laps")
        table.add_column("", key="skipped")
        for step in self.summary.steps:
            table.add_row(
                str(step.index + 1),
                Text(step.label),
                Text(_duration(step.planned_s), justify="right"),
                Text(actual_text(step), justify="right"),
                Text(str(len(step.laps)) if step.laps else "", justify="right"),
                Text("skipped", style="yellow") if step.skipped else Text(""),
                key=str(step.index),
            )
        table.focus()
        hold = self.query_one("#summary-hold", Static)
        advice = hold_advice(self.summary.stumbles, self.week)
        hold.update(advice)
        hold.display = bool(advice)
        self._show_log()
        self._show_status()

    # --- the session log's writes (a full or read-only disk) -------------------------

    def _show_log(self) -> None:
        line = self.query_one("#summary-log", Static)
        text = log_line(self.summary)
        if text and self.retry is not None:
            text += " · r: try again"
        line.update(text[:1].upper() + text[1:])
        line.set_class(bool(text), "-error")
        line.display = bool(text)
        self.query_one("#summary-status", Static).update(status_line(self.summary))

    def action_retry_log(self) -> None:
        if self.retry is None or not self.summary.unsaved:
            return
        self.run_worker(self._retry_log, thread=True, exclusive=True, group="summary-log")

    def _retry_log(self) -> None:
        """In a thread: the writes go to SQLite, never on the UI thread."""
        assert self.retry is not None
        summary = self.retry()
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._log_retried, summary)

    def _log_retried(self, summary: Summary) -> None:
        self.summary = summary
        if self.is_attached:
            self._show_log()
            self._show_status()
            if not summary.unsaved:
                self.notify("Every event of the session is saved now.")

    # --- the review ---------------------------------------------------------------

    def _show_status(self) -> None:
        line = self.query_one("#summary-saved", Static)
        line.remove_class("-saved", "-error")
        if not self.can_save:
            line.update("No session log: effort and notes are not saved.")
            line.add_class("-error")
        elif self.save_error:
            line.update(Text(f"Not saved: {self.save_error}"))
            line.add_class("-error")
        elif self.saved is not None and self.saved == (self.rpe, self.notes):
            rpe, notes = self.saved
            parts = [f"RPE {rpe}" if rpe is not None else "no RPE"]
            if notes:
                parts.append("notes")
            line.update("✓ Saved: " + " and ".join(parts) + ".")
            line.add_class("-saved")
        else:
            line.update(HINT)

    def action_rpe(self, value: int) -> None:
        self.rpe = value
        self.query_one("#summary-rpe", Static).update(rpe_scale(value))
        self.save()

    def action_notes(self) -> None:
        self.query_one("#summary-notes", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.notes = event.value
        self._show_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.notes = event.value
        self.save()
        self.query_one("#summary-steps", DataTable).focus()

    @property
    def unsaved(self) -> bool:
        return self.can_save and (self.rpe, self.notes) != self._requested

    def save(self) -> None:
        """Save the review on a thread worker (kept by the app: it outlives the screen)."""
        if not self.can_save:
            self._show_status()
            return
        self._requested = (self.rpe, self.notes)
        self.app.run_worker(
            self._write_review, thread=True, group="summary-review", name="save review"
        )

    def _write_review(self) -> None:
        """In a thread: write the latest review (so saves may finish in any order)."""
        error: str | None = None
        with self._save_lock:
            rpe, notes = self._requested
            try:
                store = self.context.log_store()
                if store is None:
                    error = self.context.log.error or "no session log"
                elif not store.set_review(self.summary.session_id, rpe, notes):
                    error = "this session is no longer in the log"
            except Exception as err:  # a read-only or busy log: say so, keep the screen
                error = str(err)
        with contextlib.suppress(RuntimeError):  # the app has gone meanwhile
            self.app.call_from_thread(self._review_written, rpe, notes, error)

    def _review_written(self, rpe: int | None, notes: str, error: str | None) -> None:
        if error is None:
            self.saved = (rpe, notes)
        self.save_error = error
        if self.is_attached:
            self._show_status()

    # --- leaving -------------------------------------------------------------------

    def action_back(self) -> None:
        if self.unsaved:
            self.save()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """ctrl+q on this screen: save what was typed before the log closes."""
        if not self.unsaved:
            return
        self._requested = (self.rpe, self.notes)
        store = None
        with contextlib.suppress(Exception):
            store = self.context.log_store()
        if store is not None:
            with contextlib.suppress(Exception), self._save_lock:
                store.set_review(self.summary.session_id, self.rpe, self.notes)
