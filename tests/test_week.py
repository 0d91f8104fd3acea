"""The log read a page at a time, back only as far as the week (or the chart) needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from retro_tui.core.program import LoggedSession
from retro_tui.core.week import (
    GUIDE_PAGE,
    as_utc,
    logged_minutes_this_week,
    read_sessions_since,
)

NOW = datetime(2024, 5, 15, 12, tzinfo=UTC)  # a Wednesday


class PagedLog:
    """Sessions newest first, as the store lists them; remembers each page asked for."""

    def __init__(self, sessions: list[LoggedSession]) -> None:
        self.sessions = sorted(sessions, key=lambda s: as_utc(s.started_at), reverse=True)
        self.asked: list[tuple[int | None, int]] = []

    def list_sessions(self, limit: int | None = 50, offset: int = 0) -> list[LoggedSession]:
        self.asked.append((limit, offset))
        end = None if limit is None else offset + limit
        return self.sessions[offset:end]


def hourly(count: int, newest: datetime) -> list[LoggedSession]:
    return [LoggedSession("x", newest - timedelta(hours=i), 60) for i in range(count)]


def test_as_utc_reads_naive_as_utc_and_keeps_aware() -> None:
    assert as_utc(datetime(2024, 5, 1, 9)) == datetime(2024, 5, 1, 9, tzinfo=UTC)
    plus2 = datetime(2024, 5, 1, 9, tzinfo=timezone(timedelta(hours=2)))
    assert as_utc(plus2) is plus2


def test_reading_stops_at_the_page_that_crosses_since() -> None:
    since = NOW - timedelta(hours=60)
    log = PagedLog(hourly(200, NOW))
    read = read_sessions_since(log, since)
    assert log.asked == [(GUIDE_PAGE, 0), (GUIDE_PAGE, GUIDE_PAGE)]
    assert len(read) == 2 * GUIDE_PAGE
    assert all(as_utc(s.started_at) < since for s in log.sessions[len(read) :])


def test_a_short_page_is_the_end_of_the_log() -> None:
    log = PagedLog(hourly(7, NOW))
    assert len(read_sessions_since(log, NOW - timedelta(days=365))) == 7
    assert log.asked == [(GUIDE_PAGE, 0)]
    empty = PagedLog([])
    assert read_sessions_since(empty, NOW) == []


def test_first_sizes_only_the_first_page() -> None:
    log = PagedLog(hourly(30, NOW))
    read = read_sessions_since(log, NOW - timedelta(days=30), page=4, first=10)
    assert len(read) == 30
    assert log.asked[:3] == [(10, 0), (4, 10), (4, 14)]


def test_logged_minutes_this_week_counts_only_this_week() -> None:
    log = PagedLog(hourly(3 * GUIDE_PAGE, NOW))  # 150 hours back: into last week
    monday = datetime(2024, 5, 13, tzinfo=UTC)
    in_week = sum(1 for s in log.sessions if as_utc(s.started_at) >= monday)
    assert logged_minutes_this_week(log, NOW, UTC) == in_week  # one minute each
    assert len(log.asked) == 2  # the first 50 are all this week; the next 50 cross Monday
