"""What the session log hands out: frozen records, no SQLite.

The store writes `PlannedStep`s and reads back `SessionSummary`/`SessionDetail`;
the report, the plan and the screens only need these shapes, so they live
apart from the store.

Times: `started_at`/`ended_at`/`logged_at` are aware UTC datetimes. Session
positions (`at_s`, `last_event_s`) are the engine's session seconds (0 = the
first step's start, negative in the get-ready lead-in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retro_tui.core.timeline import Timeline


@dataclass(frozen=True)
class PlannedStep:
    """One step of the timeline as the log keeps it."""

    index: int
    kind: str
    direction: str
    planned_s: float


def planned_steps_from_timeline(timeline: Timeline) -> list[PlannedStep]:
    return [PlannedStep(s.index, s.kind, s.direction, s.duration_s) for s in timeline.steps]


@dataclass(frozen=True)
class SessionSummary:
    """One row of the log: what `log` and the history table show."""

    id: int
    workout: str
    name: str
    started_at: datetime  # aware, UTC
    ended_at: datetime | None  # None while the session is open
    status: str  # running | completed | stopped | interrupted
    simulated: bool
    planned_s: float
    backward_planned_s: float
    active_s: float
    paused_s: float
    backward_s: float
    rpe: int | None
    notes: str
    last_event_s: float | None


@dataclass(frozen=True)
class StepRecord:
    index: int
    kind: str
    direction: str
    planned_s: float
    actual_s: float | None  # None: the step never ended (not reached, or cut off)
    skipped: bool
    laps: tuple[float, ...]  # lap times in session seconds, in order

    @property
    def backward(self) -> bool:
        return self.direction == "backward"


@dataclass(frozen=True)
class EventRecord:
    at_s: float
    kind: str
    data: Mapping[str, Any]
    logged_at: datetime  # wall time the event was written, UTC


@dataclass(frozen=True)
class SessionDetail(SessionSummary):
    """One session with its steps and events: what `show` and the detail view show."""

    steps: tuple[StepRecord, ...]
    events: tuple[EventRecord, ...]
    cue_counts: Mapping[str, int]  # fired (not dropped) cues by cue kind
    dropped_cues: int
    stumbles: int

    @property
    def laps(self) -> int:
        return sum(len(s.laps) for s in self.steps)
