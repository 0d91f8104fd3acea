"""The user's local week and the backward minutes in it (PRODUCT.md §9).

Pure functions: no clock of their own (`now` is passed in), no Textual.

- A week is local: Monday 00:00 to the next Monday 00:00 in the user's zone
  (DST included), and a session counts in the week in which it *started*.
- Only real sessions count: simulated (`--speed`) ones are never training load.
- The log is read newest first, a page at a time, only as far back as asked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

GUIDE_TEXT = "the coaching guide is 10–15 minutes a couple of times a week"
GUIDE_PAGE = 50  # sessions read per page when adding up this week's minutes
_EPS = 1e-6


class TimedSession(Protocol):
    """What the week needs of a logged session (a store summary fits)."""

    @property
    def started_at(self) -> datetime: ...

    @property
    def simulated(self) -> bool: ...

    @property
    def backward_s(self) -> float: ...


class SessionPages(Protocol):
    """What reading the log a page at a time needs (the Store fits)."""

    def list_sessions(self, limit: int | None = 50, offset: int = 0) -> Any: ...


def as_utc(moment: datetime) -> datetime:
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


def _backward_min(sessions: Iterable[TimedSession], start: datetime, end: datetime) -> float:
    total_s = sum(
        s.backward_s for s in sessions if not s.simulated and start <= as_utc(s.started_at) < end
    )
    return total_s / 60.0


def backward_minutes_this_week(
    sessions: Iterable[TimedSession], now: datetime, tz: tzinfo | None = None
) -> float:
    """Backward minutes of real sessions (any status) started in this local week."""
    start, end = week_bounds(now, tz)
    return _backward_min(sessions, start, end)


def read_sessions_since(
    log: SessionPages, since: datetime, *, page: int = GUIDE_PAGE, first: int | None = None
) -> list[Any]:
    """The log's sessions newest first, a page at a time, back to the first before `since`.

    Stops after a short page (the log's end) or one whose oldest session
    started before `since`: that page is kept whole, so every session at or
    after `since` is in the list, with maybe a few older. `first` sizes the
    first page (a screen's table) when it differs from `page`.
    """
    size = page if first is None else first
    sessions: list[Any] = []
    while True:
        got = log.list_sessions(limit=size, offset=len(sessions))
        sessions.extend(got)
        if not got or len(got) < size or as_utc(got[-1].started_at) < since:
            return sessions
        size = page


def logged_minutes_this_week(log: SessionPages, now: datetime, tz: tzinfo | None = None) -> float:
    """This local week's backward minutes, read from the log newest first.

    A page at a time until a session started before Monday: one small indexed
    query in practice, so it can be asked at the moment a session starts.
    """
    week_start, _ = week_bounds(now, tz)
    return backward_minutes_this_week(read_sessions_since(log, week_start), now, tz)


@dataclass(frozen=True)
class WeekTotal:
    start: date  # the local Monday
    backward_min: float


def weekly_totals(
    sessions: Iterable[TimedSession],
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


__all__ = [
    "GUIDE_PAGE",
    "GUIDE_TEXT",
    "SessionPages",
    "TimedSession",
    "WeekTotal",
    "as_utc",
    "backward_minutes_this_week",
    "guide_text",
    "guide_warning",
    "logged_minutes_this_week",
    "minutes_text",
    "read_sessions_since",
    "week_bounds",
    "weekly_totals",
]
