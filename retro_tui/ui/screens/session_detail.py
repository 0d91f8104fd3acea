"""One logged session: steps planned vs actual with lap times, counts, review, events.

Read on a thread worker with `Store.get_session`. Two tables share the
screen: the steps (planned, actual, lap times) and every event in words
(`report.event_text`), at its session time; Tab moves between them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.amounts import format_duration, format_tenths
from retro_tui.core.phrases import STEP_LABELS
from retro_tui.core.report import event_text, local_time
from retro_tui.core.store import SessionDetail, StepRecord
from retro_tui.core.text import visible
from retro_tui.ui.context import ScreenContext

# Cue kinds in the order a runner cares about them, then any other.
CUE_ORDER = ("shoulder", "form", "step_start", "halfway", "countdown", "finish")
CUE_WORDS = {
    "shoulder": "shoulder checks",
    "form": "form",
    "step_start": "step calls",
    "halfway": "halfway",
    "countdown": "countdown",
    "finish": "finish",
}
EVENT_WORDS = {
    "get_ready": "get ready",
    "step_start": "step start",
    "step_end": "step end",
    "cue": "cue",
    "pause": "pause",
    "resume": "resume",
    "skip": "skip",
    "back": "back",
    "lap": "lap",
    "stumble": "STUMBLE",
    "mute": "mute",
    "stop": "stop",
    "finish": "finish",
}


def step_label(step: StepRecord) -> str:
    """ "Run backwards", "Warm-up", "Rest" (as the timeline says it)."""
    base = STEP_LABELS.get(step.kind, step.kind)
    if step.kind in ("run", "walk"):
        return f"{base} {'backwards' if step.backward else 'forwards'}"
    if step.kind != "rest" and step.backward:
        return f"{base}, backwards"
    return base


def session_clock(seconds: float) -> str:
    """Session time, whole seconds: "12:05", "-0:05" in the get-ready lead-in."""
    whole = math.floor(seconds + 1e-6)
    return ("-" if whole < 0 else "") + format_duration(abs(whole))


def cue_counts_text(counts: Mapping[str, int], dropped: int) -> str:
    order = [k for k in CUE_ORDER if counts.get(k)]
    order += sorted(k for k in counts if k not in CUE_ORDER and counts[k])
    parts = [f"{CUE_WORDS.get(k, k)} {counts[k]}" for k in order]
    text = "Cues: " + (" · ".join(parts) if parts else "none")
    if dropped:
        text += f" · {dropped} dropped (late)"
    return text


class SessionDetailScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("q", "back", "Back", show=False, id="detail.back_q"),
        Binding("tab", "app.focus_next", "Steps/events", id="detail.switch"),
    ]

    def __init__(self, context: ScreenContext, session_id: int) -> None:
        super().__init__(id="session-detail")
        self.context = context
        self.session_id = session_id
        self.detail: SessionDetail | None = None
        self.error: str | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(f"[b]Session {self.session_id}[/b]", id="detail-title")
        yield Static("Loading…", id="detail-totals")
        yield Static("", id="detail-counts")
        yield Static("", id="detail-cues")
        yield Static("", id="detail-review")
        yield DataTable(id="detail-steps", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="detail-events", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        steps = self.query_one("#detail-steps", DataTable)
        steps.add_column("#", key="index")
        steps.add_column("Step", key="step")
        steps.add_column(Text("Planned", justify="right"), key="planned")
        steps.add_column(Text("Actual", justify="right"), key="actual")
        steps.add_column("", key="skipped")
        steps.add_column("Laps", key="laps")
        events = self.query_one("#detail-events", DataTable)
        events.add_column(Text("At", justify="right"), key="at")
        events.add_column("Event", key="kind")
        events.add_column("What", key="text")
        steps.focus()
        self.load()

    @work(thread=True, exclusive=True, group="session-detail")
    def load(self) -> None:
        app = self.app
        detail: SessionDetail | None = None
        error: str | None = None
        try:
            store = self.context.log_store()
            if store is None:
                error = self.context.log.error or "no session log"
            else:
                detail = store.get_session(self.session_id)
                if detail is None:
                    error = f"session {self.session_id} is no longer in the log"
        except Exception as err:
            error = str(err)
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._show, detail, error)

    def _show(self, detail: SessionDetail | None, error: str | None) -> None:
        self.detail, self.error, self.loaded = detail, error, True
        if not self.is_attached:
            return
        if detail is None:
            self.query_one("#detail-totals", Static).update(Text(f"Cannot show it: {error}"))
            return
        d = detail
        title = Text.assemble(
            (visible(d.name), "bold"),
            f" · {local_time(d.started_at)} · ",
            (visible(d.status), "bold"),
        )
        if d.simulated:
            title.append(" · simulated", style="dim")
        title.append(f" · session {d.id}", style="dim")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-totals", Static).update(
            f"Active [b]{format_duration(d.active_s)}[/b] of {format_duration(d.planned_s)} · "
            f"backward [b]{format_duration(d.backward_s)}[/b] of "
            f"{format_duration(d.backward_planned_s)} · paused {format_duration(d.paused_s)}"
        )
        stumbles = [e.at_s for e in d.events if e.kind == "stumble"]
        counts = f"Laps {d.laps} · stumbles {d.stumbles}"
        if stumbles:
            counts += " (at " + ", ".join(session_clock(at) for at in stumbles) + ")"
        counts += " · " + (f"RPE {d.rpe}" if d.rpe is not None else "no RPE")
        counts_line = self.query_one("#detail-counts", Static)
        counts_line.update(Text(counts))
        counts_line.set_class(bool(stumbles), "-stumbled")
        self.query_one("#detail-cues", Static).update(
            Text(cue_counts_text(d.cue_counts, d.dropped_cues))
        )
        self.query_one("#detail-review", Static).update(
            Text(f"Notes: {visible(d.notes)}" if d.notes else "No notes.")
        )

        steps = self.query_one("#detail-steps", DataTable)
        steps.clear()
        for step in d.steps:
            actual = "—" if step.actual_s is None else format_duration(step.actual_s)
            steps.add_row(
                str(step.index + 1),
                Text(step_label(step)),
                Text(format_duration(step.planned_s), justify="right"),
                Text(actual, justify="right"),
                Text("skipped", style="yellow") if step.skipped else Text(""),
                Text(" ".join(format_tenths(lap) for lap in step.laps)),
                key=str(step.index),
            )
        events = self.query_one("#detail-events", DataTable)
        events.clear()
        for event in d.events:
            kind = EVENT_WORDS.get(event.kind, visible(event.kind).replace("_", " "))
            style = "bold red" if event.kind == "stumble" else ""
            events.add_row(
                Text(session_clock(event.at_s), justify="right"),
                Text(kind, style=style),
                Text(event_text(event.kind, event.data), no_wrap=True, overflow="ellipsis"),
            )

    def action_back(self) -> None:
        self.app.pop_screen()
