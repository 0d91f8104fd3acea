"""The 10-week "Retro foundations" plan: where you are, what is next, how much is enough.

Pure functions over the config and a list of logged sessions (PRODUCT.md §9):
no I/O, no clock, no Textual.

- A programme session is *done* when a non-simulated logged session of its
  workout, of any status (completed, stopped, interrupted), reached at least
  80% of its planned backward time. "Up next" is the first one not done.
- After a programme session with 2 or more stumbles the plan *holds*: it
  suggests repeating that week before moving on (advice, not a lock).

The week (its bounds, its minutes, the weekly guide) is `core.week`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from retro_tui.core.timeline import timeline_totals
from retro_tui.core.week import TimedSession, as_utc

if TYPE_CHECKING:
    from retro_tui.core.config import Config

PROGRAM_ID = "retro-foundations"
PROGRAM_NAME = "Retro foundations"
DONE_FRACTION = 0.8  # a session counts at >= 80% of its planned backward time
HOLD_STUMBLES = 2  # this many stumbles in one session: repeat the week
_EPS = 1e-6

Status = Literal["done", "next", "ahead"]


class SessionLike(TimedSession, Protocol):
    """What the plan needs of a logged session (a store summary fits)."""

    @property
    def workout(self) -> str: ...


S = TypeVar("S", bound=SessionLike)


@dataclass(frozen=True)
class LoggedSession:
    """A plain logged session, for tests and callers that adapt other records."""

    workout: str
    started_at: datetime
    backward_s: float
    simulated: bool = False
    status: str = "completed"
    stumbles: int = 0
    backward_planned_s: float | None = None  # None: the programme's figure


@dataclass(frozen=True)
class ProgramSession:
    week: int
    session: int
    workout_id: str
    backward_planned_s: float
    name: str = ""

    @property
    def label(self) -> str:
        """ "Week 3, session 1"."""
        return f"Week {self.week}, session {self.session}"


@dataclass(frozen=True)
class Program:
    id: str
    sessions: tuple[ProgramSession, ...]
    name: str = PROGRAM_NAME

    @property
    def weeks(self) -> list[int]:
        return sorted({s.week for s in self.sessions})

    def by_workout(self, workout_id: str) -> ProgramSession | None:
        for s in self.sessions:
            if s.workout_id == workout_id:
                return s
        return None


def build_program(config: Config, program_id: str = PROGRAM_ID) -> Program:
    """The programme's sessions from the config's workouts, by (week, session)."""
    sessions = []
    for workout in config.workouts.values():
        if workout.program != program_id:
            continue
        _, backward_s = timeline_totals(workout, config.settings)  # no cues needed here
        sessions.append(
            ProgramSession(
                week=workout.week or 0,
                session=workout.session or 0,
                workout_id=workout.id,
                backward_planned_s=backward_s,
                name=workout.name,
            )
        )
    sessions.sort(key=lambda s: (s.week, s.session, s.workout_id))
    return Program(program_id, tuple(sessions))


# --- done / next / ahead, and the hold ------------------------------------


def planned_backward_s(session: SessionLike, planned: ProgramSession) -> float:
    """The backward time a logged session was planned with.

    The session's own `backward_planned_s` when its record has one (the
    store keeps it: a pace or track setting changed since does not move the
    bar), else the programme's figure.
    """
    own = getattr(session, "backward_planned_s", None)
    if isinstance(own, int | float) and not isinstance(own, bool) and own > 0:
        return float(own)
    return planned.backward_planned_s


def counts_as_done(session: SessionLike, planned: ProgramSession) -> bool:
    """A real (non-simulated) session of this workout with >= 80% of its backward time."""
    if session.simulated or session.workout != planned.workout_id:
        return False
    return session.backward_s + _EPS >= DONE_FRACTION * planned_backward_s(session, planned)


def should_repeat_week(stumbles: int) -> bool:
    """Two or more near-falls in a session: repeat the week before moving on."""
    return stumbles >= HOLD_STUMBLES


_NUMBER_WORDS = (
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
)


def hold_message(week: int, stumbles: int = HOLD_STUMBLES) -> str:
    """ "Two near-falls last time: repeat week 3 before moving on"."""
    count = _NUMBER_WORDS[stumbles] if 0 <= stumbles < len(_NUMBER_WORDS) else str(stumbles)
    noun = "near-fall" if stumbles == 1 else "near-falls"
    return f"{count} {noun} last time: repeat week {week} before moving on"


@dataclass(frozen=True)
class SessionStatus:
    session: ProgramSession
    status: Status


@dataclass(frozen=True)
class PlanStatus:
    program: Program
    sessions: tuple[SessionStatus, ...]
    # The first programme session not done; None when the programme is complete.
    next: ProgramSession | None
    # Set when the latest programme session had >= 2 stumbles.
    hold_week: int | None = None
    hold_message: str | None = None
    stumbles: int = 0

    @property
    def hold(self) -> bool:
        return self.hold_week is not None

    @property
    def complete(self) -> bool:
        return self.next is None and bool(self.sessions)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.sessions if s.status == "done")

    @property
    def suggested(self) -> ProgramSession | None:
        """What to start now: `next`, or while holding past the held week, its first session."""
        if self.hold_week is not None and (self.next is None or self.next.week > self.hold_week):
            for s in self.program.sessions:
                if s.week == self.hold_week:
                    return s
        return self.next

    def status_of(self, workout_id: str) -> Status | None:
        for s in self.sessions:
            if s.session.workout_id == workout_id:
                return s.status
        return None

    def weeks(self) -> list[tuple[int, list[SessionStatus]]]:
        """[(week, [its sessions' statuses, by session])], by week."""
        out: dict[int, list[SessionStatus]] = {}
        for s in self.sessions:
            out.setdefault(s.session.week, []).append(s)
        return sorted(out.items())


def latest_program_session(program: Program, sessions: Iterable[S]) -> S | None:
    """The most recently started non-simulated logged session of a programme workout."""
    ids = {s.workout_id for s in program.sessions}
    latest: S | None = None
    for s in sessions:
        if s.simulated or s.workout not in ids:
            continue
        if latest is None or as_utc(s.started_at) > as_utc(latest.started_at):
            latest = s
    return latest


def _default_stumbles(session: Any) -> int:
    return int(getattr(session, "stumbles", 0) or 0)


def plan_status(
    program: Program,
    sessions: Iterable[S],
    stumbles: Callable[[S], int] | None = None,
) -> PlanStatus:
    """Each programme session done/next/ahead, `next`, and the hold.

    `stumbles(session)` counts a logged session's stumbles; it is asked only
    about the latest programme session. By default a `stumbles` attribute is
    read (as `LoggedSession` has), else 0.
    """
    logged = list(sessions)
    done_ids = {p.workout_id for p in program.sessions if any(counts_as_done(s, p) for s in logged)}
    next_session = next((p for p in program.sessions if p.workout_id not in done_ids), None)
    statuses: list[SessionStatus] = []
    for p in program.sessions:
        status: Status
        if p.workout_id in done_ids:
            status = "done"
        elif next_session is not None and p.workout_id == next_session.workout_id:
            status = "next"
        else:
            status = "ahead"
        statuses.append(SessionStatus(p, status))

    hold_week: int | None = None
    message: str | None = None
    count = 0
    latest = latest_program_session(program, logged)
    if latest is not None:
        count = stumbles(latest) if stumbles is not None else _default_stumbles(latest)
        planned = program.by_workout(latest.workout)
        if planned is not None and should_repeat_week(count):
            hold_week = planned.week
            message = hold_message(planned.week, count)
    return PlanStatus(program, tuple(statuses), next_session, hold_week, message, count)


# --- plan --json ----------------------------------------------------------


def _json_num(value: float) -> float | int:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def plan_to_json(status: PlanStatus, this_week_min: float, guide_min: float) -> dict[str, Any]:
    """The `plan --json` object of PRODUCT.md §5."""
    nxt = status.next
    return {
        "program": status.program.id,
        "next": None
        if nxt is None
        else {"week": nxt.week, "session": nxt.session, "workout": nxt.workout_id},
        "weeks": [
            {
                "week": week,
                "sessions": [
                    {
                        "session": s.session.session,
                        "workout": s.session.workout_id,
                        "status": s.status,
                    }
                    for s in items
                ],
            }
            for week, items in status.weeks()
        ],
        "this_week": {
            "backward_min": _json_num(this_week_min),
            "guide_min": _json_num(guide_min),
        },
    }


__all__ = [
    "DONE_FRACTION",
    "HOLD_STUMBLES",
    "PROGRAM_ID",
    "LoggedSession",
    "PlanStatus",
    "Program",
    "ProgramSession",
    "SessionLike",
    "SessionStatus",
    "build_program",
    "counts_as_done",
    "hold_message",
    "latest_program_session",
    "plan_status",
    "plan_to_json",
    "planned_backward_s",
    "should_repeat_week",
]
