"""The 10-week "Retro foundations" plan: where you are, what is next, how much is enough.

Pure functions over the config and a list of logged sessions (PRODUCT.md §9):
no I/O, no clock of its own (`now` is passed in), no Textual.

- A programme session is *done* when a non-simulated logged session of its
  workout, of any status (completed, stopped, interrupted), reached at least
  80% of its planned backward time. "Up next" is the first one not done.
- After a programme session with 2 or more stumbles the plan *holds*: it
  suggests repeating that week before moving on (advice, not a lock).
- Weekly backward minutes count non-simulated sessions by the local week
  (Monday 00:00 to the next Monday 00:00) in which they *started*.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from retro_tui.core.timeline import timeline_totals

if TYPE_CHECKING:
    from retro_tui.core.config import Config

PROGRAM_ID = "retro-foundations"
PROGRAM_NAME = "Retro foundations"
DONE_FRACTION = 0.8  # a session counts at >= 80% of its planned backward time
HOLD_STUMBLES = 2  # this many stumbles in one session: repeat the week
GUIDE_TEXT = "the coaching guide is 10–15 minutes a couple of times a week"
_EPS = 1e-6

Status = Literal["done", "next", "ahead"]


class SessionLike(Protocol):
    """What the plan needs of a logged session (a store summary fits)."""

    @property
    def workout(self) -> str: ...

    @property
    def started_at(self) -> datetime: ...

    @property
    def simulated(self) -> bool: ...

    @property
    def backward_s(self) -> float: ...


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
        if latest is None or _utc(s.started_at) > _utc(latest.started_at):
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


# --- weekly backward minutes ----------------------------------------------


def _utc(moment: datetime) -> datetime:
    """An aware datetime; a naive one is taken as UTC (the log stores UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _local_midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:
        # A naive datetime's astimezone() reads the system's local zone rules,
        # DST included, for that very day.
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def _local_monday(now: datetime, tz: tzinfo | None) -> date:
    local = now.astimezone(tz)  # tz None: the system's local zone
    today = local.date()
    return today - timedelta(days=today.weekday())


def week_bounds(now: datetime, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The user's local week around `now`: [Monday 00:00, next Monday 00:00).

    `tz` is the user's zone (a `zoneinfo.ZoneInfo`); None means the system's
    local zone. A naive `now` is read as system local time.
    """
    monday = _local_monday(now, tz)
    return _local_midnight(monday, tz), _local_midnight(monday + timedelta(days=7), tz)


def _in_window(session: SessionLike, start: datetime, end: datetime) -> bool:
    started = _utc(session.started_at)
    return start <= started < end


def _backward_min(sessions: Iterable[SessionLike], start: datetime, end: datetime) -> float:
    total_s = sum(s.backward_s for s in sessions if not s.simulated and _in_window(s, start, end))
    return total_s / 60.0


def backward_minutes_this_week(
    sessions: Iterable[SessionLike], now: datetime, tz: tzinfo | None = None
) -> float:
    """Backward minutes of real sessions (any status) started in this local week."""
    start, end = week_bounds(now, tz)
    return _backward_min(sessions, start, end)


class SessionPages(Protocol):
    """What reading this week's minutes needs of the log (the Store fits)."""

    def list_sessions(self, limit: int | None = 50, offset: int = 0) -> Any: ...


GUIDE_PAGE = 50  # sessions read per page when adding up this week's minutes


def logged_minutes_this_week(log: SessionPages, now: datetime, tz: tzinfo | None = None) -> float:
    """This local week's backward minutes, read from the log newest first.

    A page at a time until a session started before Monday: one small indexed
    query in practice, so it can be asked at the moment a session starts.
    """
    week_start, _ = week_bounds(now, tz)
    sessions: list[Any] = []
    offset = 0
    while True:
        page = log.list_sessions(limit=GUIDE_PAGE, offset=offset)
        sessions.extend(page)
        if len(page) < GUIDE_PAGE or _utc(page[-1].started_at) < week_start:
            break
        offset += GUIDE_PAGE
    return backward_minutes_this_week(sessions, now, tz)


@dataclass(frozen=True)
class WeekTotal:
    start: date  # the local Monday
    backward_min: float


def weekly_totals(
    sessions: Iterable[SessionLike],
    weeks: int = 12,
    *,
    now: datetime,
    tz: tzinfo | None = None,
) -> list[WeekTotal]:
    """Backward minutes per local week, the `weeks` weeks up to this one, oldest first."""
    logged = [s for s in sessions if not s.simulated]
    this_monday = _local_monday(now, tz)
    out = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(days=7 * back)
        start = _local_midnight(monday, tz)
        end = _local_midnight(monday + timedelta(days=7), tz)
        out.append(WeekTotal(monday, _backward_min(logged, start, end)))
    return out


def minutes_text(minutes: float) -> str:
    """Backward minutes in words, the one rounding every screen and command uses.

    Whole minutes, half up (9.6 -> "10"); a few seconds read "<1", not "0".
    """
    if minutes <= 0:
        return "0"
    if minutes < 0.5:
        return "<1"
    return str(math.floor(minutes + 0.5))


def guide_text(minutes: float) -> str:
    """The weekly guide as the user set it: 30 -> "30", 12.5 -> "12.5"."""
    return f"{minutes:g}"


def guide_warning(
    this_week_min: float, planned_backward_min: float, guide_min: float
) -> str | None:
    """Why starting this session passes the weekly guide, or None. Never a block."""
    after = this_week_min + planned_backward_min
    if after <= guide_min + _EPS:
        return None
    if this_week_min > guide_min + _EPS:
        already = (
            f"You have already done {minutes_text(this_week_min)} backward minutes this week, "
            f"past your guide of {guide_text(guide_min)}"
        )
    else:
        already = (
            f"This session adds {minutes_text(planned_backward_min)} backward minutes to the "
            f"{minutes_text(this_week_min)} you have done this week: "
            f"{minutes_text(after)}, past your guide of {guide_text(guide_min)}"
        )
    return (
        f"{already}. Backward running puts new load on calves and feet; {GUIDE_TEXT}, "
        "not lots of backward mileage. You can still go ahead."
    )


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
    "WeekTotal",
    "backward_minutes_this_week",
    "build_program",
    "counts_as_done",
    "guide_warning",
    "hold_message",
    "latest_program_session",
    "plan_status",
    "plan_to_json",
    "planned_backward_s",
    "should_repeat_week",
    "week_bounds",
    "weekly_totals",
]
