"""The progression plan: up next, the hold, weekly backward minutes (pure)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from retro_tui.core.config import load_config
from retro_tui.core.program import (
    PROGRAM_ID,
    LoggedSession,
    Program,
    ProgramSession,
    build_program,
    counts_as_done,
    hold_message,
    latest_program_session,
    plan_status,
    plan_to_json,
    should_repeat_week,
)
from retro_tui.core.week import (
    backward_minutes_this_week,
    guide_warning,
    week_bounds,
    weekly_totals,
)


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # Windows without the tzdata package
        pytest.skip(f"time zone {name} is not available here")
        raise


@pytest.fixture(scope="module")
def program() -> Program:
    return build_program(load_config())


def at(tz: tzinfo, *args: int) -> datetime:
    """A local wall-clock time in `tz`, as the store keeps it: UTC-aware."""
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


def did(
    program: Program,
    workout: str,
    fraction: float = 1.0,
    when: datetime | None = None,
    **kw: object,
) -> LoggedSession:
    planned = program.by_workout(workout)
    assert planned is not None
    when = when or datetime(2024, 5, 1, 10, tzinfo=UTC)
    return LoggedSession(workout, when, planned.backward_planned_s * fraction, **kw)  # type: ignore[arg-type]


# --- the programme ---------------------------------------------------------


def test_build_program_from_the_shipped_config(program: Program) -> None:
    assert program.id == PROGRAM_ID == "retro-foundations"
    assert len(program.sessions) == 20
    assert [(s.week, s.session) for s in program.sessions] == [
        (w, n) for w in range(1, 11) for n in (1, 2)
    ]
    assert [s.workout_id for s in program.sessions][:3] == ["rf-w1-s1", "rf-w1-s2", "rf-w2-s1"]
    assert program.sessions[-1].workout_id == "rf-w10-s2"
    assert program.weeks == list(range(1, 11))
    for s in program.sessions:
        assert 10 * 60 <= s.backward_planned_s <= 15 * 60, s  # 10-15 backward minutes
        assert s.name


def test_build_program_orders_by_week_then_session_not_by_config_order() -> None:
    config = load_config()
    config.workouts = dict(reversed(list(config.workouts.items())))
    program = build_program(config)
    assert program.sessions[0].workout_id == "rf-w1-s1"
    assert program.sessions[-1].workout_id == "rf-w10-s2"


def test_nothing_logged_the_first_session_is_next(program: Program) -> None:
    status = plan_status(program, [])
    assert status.next is not None and status.next.workout_id == "rf-w1-s1"
    assert [s.status for s in status.sessions] == ["next"] + ["ahead"] * 19
    assert not status.hold and status.hold_message is None
    assert not status.complete


def test_up_next_is_the_first_not_done_even_when_later_ones_are(program: Program) -> None:
    logged = [did(program, "rf-w1-s1"), did(program, "rf-w1-s2"), did(program, "rf-w2-s2")]
    status = plan_status(program, logged)
    assert status.next is not None and status.next.workout_id == "rf-w2-s1"
    assert status.status_of("rf-w1-s1") == "done"
    assert status.status_of("rf-w2-s1") == "next"
    assert status.status_of("rf-w2-s2") == "done"  # done out of order still counts
    assert status.status_of("rf-w3-s1") == "ahead"
    assert status.done_count == 3


def test_80_percent_of_the_backward_time_counts(program: Program) -> None:
    planned = program.sessions[0]
    exactly = LoggedSession(
        planned.workout_id, datetime(2024, 5, 1, tzinfo=UTC), planned.backward_planned_s * 0.8
    )
    below = LoggedSession(
        planned.workout_id, datetime(2024, 5, 1, tzinfo=UTC), planned.backward_planned_s * 0.8 - 1
    )
    assert counts_as_done(exactly, planned)
    assert not counts_as_done(below, planned)
    assert plan_status(program, [below]).status_of("rf-w1-s1") == "next"
    assert plan_status(program, [exactly]).status_of("rf-w1-s1") == "done"


@pytest.mark.parametrize("status", ["completed", "stopped", "interrupted"])
def test_any_status_counts_at_80_percent(program: Program, status: str) -> None:
    logged = [did(program, "rf-w1-s1", 0.85, status=status)]
    plan = plan_status(program, logged)
    assert plan.status_of("rf-w1-s1") == "done"
    assert plan.next is not None and plan.next.workout_id == "rf-w1-s2"


def test_an_interrupted_session_below_80_percent_does_not_count(program: Program) -> None:
    logged = [did(program, "rf-w1-s1", 0.5, status="interrupted")]
    assert plan_status(program, logged).status_of("rf-w1-s1") == "next"


def test_simulated_sessions_never_count(program: Program) -> None:
    logged = [did(program, p.workout_id, simulated=True) for p in program.sessions]
    status = plan_status(program, logged)
    assert status.next is not None and status.next.workout_id == "rf-w1-s1"
    assert status.done_count == 0


def test_the_logged_sessions_own_planned_backward_time_is_the_measure(
    program: Program,
) -> None:
    # The store keeps what each session planned (pace and track settings may
    # have changed since); the programme's own figure here is 600 s.
    planned = program.sessions[0]
    assert planned.backward_planned_s == 600
    when = datetime(2024, 5, 1, tzinfo=UTC)
    assert counts_as_done(
        LoggedSession(planned.workout_id, when, 420, backward_planned_s=500), planned
    )  # 84% of its own plan (70% of today's)
    assert not counts_as_done(
        LoggedSession(planned.workout_id, when, 500, backward_planned_s=700), planned
    )  # 71% of its own plan (83% of today's)


def test_sessions_of_other_workouts_do_not_count(program: Program) -> None:
    logged = [LoggedSession("ladder", datetime(2024, 5, 1, tzinfo=UTC), 10_000)]
    assert plan_status(program, logged).done_count == 0


def test_complete_programme_next_is_null(program: Program) -> None:
    logged = [did(program, p.workout_id, 0.9) for p in program.sessions]
    status = plan_status(program, logged)
    assert status.next is None and status.complete
    assert {s.status for s in status.sessions} == {"done"}
    data = plan_to_json(status, 0, 30)
    assert data["next"] is None


def test_several_attempts_any_one_reaching_80_percent_counts(program: Program) -> None:
    logged = [
        did(program, "rf-w1-s1", 0.3),
        did(program, "rf-w1-s1", 0.95, simulated=True),
        did(program, "rf-w1-s1", 0.81),
    ]
    assert plan_status(program, logged).status_of("rf-w1-s1") == "done"


# --- the hold --------------------------------------------------------------


def test_should_repeat_week_at_two_stumbles() -> None:
    assert not should_repeat_week(0)
    assert not should_repeat_week(1)
    assert should_repeat_week(2)
    assert should_repeat_week(5)


def test_hold_message_wording() -> None:
    assert hold_message(3) == "Two near-falls last time: repeat week 3 before moving on"
    assert hold_message(4, 3).startswith("Three near-falls last time: repeat week 4")
    assert "12 near-falls" in hold_message(1, 12)


def _week3(program: Program, stumbles_last: int) -> list[LoggedSession]:
    day = datetime(2024, 5, 1, 10, tzinfo=UTC)
    done = [
        did(program, p.workout_id, when=day + timedelta(days=3 * i))
        for i, p in enumerate(program.sessions[:5])  # weeks 1-2 and rf-w3-s1
    ]
    last = did(program, "rf-w3-s2", 1.0, when=day + timedelta(days=20), stumbles=stumbles_last)
    return [*done, last]


def test_two_stumbles_in_the_latest_programme_session_hold_the_plan(program: Program) -> None:
    status = plan_status(program, _week3(program, 2))
    assert status.hold and status.hold_week == 3 and status.stumbles == 2
    assert status.hold_message == "Two near-falls last time: repeat week 3 before moving on"
    # `next` keeps its meaning (the first not done); the suggestion is the held week.
    assert status.next is not None and status.next.workout_id == "rf-w4-s1"
    assert status.suggested is not None and status.suggested.workout_id == "rf-w3-s1"


def test_one_stumble_does_not_hold(program: Program) -> None:
    status = plan_status(program, _week3(program, 1))
    assert not status.hold and status.hold_message is None
    assert status.suggested == status.next


def test_only_the_latest_programme_session_decides_the_hold(program: Program) -> None:
    logged = _week3(program, 0)
    early = logged[0]
    logged[0] = LoggedSession(early.workout, early.started_at, early.backward_s, stumbles=3)
    assert not plan_status(program, logged).hold
    # a later session of another workout, or a simulated one, is not "the latest programme session"
    later = datetime(2024, 7, 1, tzinfo=UTC)
    logged = _week3(program, 2) + [
        LoggedSession("ladder", later, 600),
        did(program, "rf-w4-s1", when=later, simulated=True),
    ]
    assert plan_status(program, logged).hold_week == 3


def test_the_hold_uses_the_stumbles_callback(program: Program) -> None:
    logged = _week3(program, 0)
    asked: list[str] = []

    def count(s: LoggedSession) -> int:
        asked.append(s.workout)
        return 2

    status = plan_status(program, logged, stumbles=count)
    assert asked == ["rf-w3-s2"]  # only the latest programme session is asked about
    assert status.hold_week == 3
    assert latest_program_session(program, logged) is logged[-1]


def test_hold_while_in_the_held_week_suggests_next(program: Program) -> None:
    logged = _week3(program, 0)[:-1]  # up to rf-w3-s1 ...
    last = logged[-1]
    logged[-1] = LoggedSession(last.workout, last.started_at, last.backward_s, stumbles=2)
    status = plan_status(program, logged)
    assert status.hold_week == 3
    assert status.next is not None and status.next.workout_id == "rf-w3-s2"
    assert status.suggested == status.next


# --- weekly backward minutes, in local time ----------------------------------


def test_week_bounds_berlin_across_the_spring_dst_change() -> None:
    berlin = zone("Europe/Berlin")
    start, end = week_bounds(at(berlin, 2024, 3, 27, 12), berlin)
    assert start == datetime(2024, 3, 25, tzinfo=berlin)
    assert end == datetime(2024, 4, 1, tzinfo=berlin)
    assert start.astimezone(UTC) == datetime(2024, 3, 24, 23, tzinfo=UTC)  # CET
    assert end.astimezone(UTC) == datetime(2024, 3, 31, 22, tzinfo=UTC)  # CEST
    assert end - start == timedelta(days=7)  # wall clock; the real week is an hour short
    assert (end.astimezone(UTC) - start.astimezone(UTC)) == timedelta(days=7, hours=-1)


def test_week_bounds_monday_midnight_starts_a_new_week() -> None:
    berlin = zone("Europe/Berlin")
    monday = at(berlin, 2024, 4, 1, 0, 0)
    assert week_bounds(monday, berlin)[0].astimezone(UTC) == monday
    sunday_night = at(berlin, 2024, 3, 31, 23, 59, 59)
    assert week_bounds(sunday_night, berlin)[1].astimezone(UTC) == monday


@pytest.mark.parametrize(
    ("name", "sunday", "monday"),
    [
        # Berlin, the week of the spring DST change
        ("Europe/Berlin", (2024, 3, 31, 23, 30), (2024, 4, 1, 0, 10)),
        # Los Angeles, the week of the autumn DST change; Sunday 23:30 local
        # is already Monday 07:30 in UTC
        ("America/Los_Angeles", (2024, 11, 3, 23, 30), (2024, 11, 4, 0, 10)),
    ],
)
def test_sunday_night_counts_in_its_week_monday_just_after_midnight_in_the_next(
    name: str, sunday: tuple[int, ...], monday: tuple[int, ...]
) -> None:
    tz = zone(name)
    logged = [
        LoggedSession("rf-w1-s1", at(tz, *sunday), 600),  # 10 min
        LoggedSession("rf-w1-s2", at(tz, *monday), 720),  # 12 min
    ]
    in_week = at(tz, *sunday[:3], 12)  # Sunday noon
    next_week = at(tz, *monday[:3], 12)  # Monday noon
    assert backward_minutes_this_week(logged, in_week, tz) == pytest.approx(10)
    assert backward_minutes_this_week(logged, next_week, tz) == pytest.approx(12)


def test_los_angeles_sunday_evening_is_monday_in_utc_but_counts_on_sunday() -> None:
    la = zone("America/Los_Angeles")
    started = at(la, 2024, 11, 3, 20, 0)
    assert started.weekday() == 0  # Monday in UTC
    logged = [LoggedSession("x", started, 900)]
    assert backward_minutes_this_week(logged, at(la, 2024, 10, 28, 9), la) == pytest.approx(15)
    assert backward_minutes_this_week(logged, at(la, 2024, 11, 4, 9), la) == 0


def test_a_session_over_midnight_counts_in_the_week_it_started() -> None:
    berlin = zone("Europe/Berlin")
    # starts Sunday 23:50, 20 backward minutes, ends Monday 00:20
    logged = [LoggedSession("rf-w2-s1", at(berlin, 2024, 6, 9, 23, 50), 1200, status="completed")]
    assert backward_minutes_this_week(logged, at(berlin, 2024, 6, 9, 23, 59), berlin) == 20
    assert backward_minutes_this_week(logged, at(berlin, 2024, 6, 10, 1), berlin) == 0
    totals = weekly_totals(logged, 2, now=at(berlin, 2024, 6, 10, 1), tz=berlin)
    assert [(t.start, t.backward_min) for t in totals] == [
        (date(2024, 6, 3), 20),
        (date(2024, 6, 10), 0),
    ]


def test_weekly_minutes_count_every_status_and_never_simulated() -> None:
    la = zone("America/Los_Angeles")
    now = at(la, 2024, 5, 15, 12)  # a Wednesday
    logged = [
        LoggedSession("a", at(la, 2024, 5, 13, 7), 600, status="completed"),
        LoggedSession("b", at(la, 2024, 5, 14, 7), 300, status="stopped"),
        LoggedSession("c", at(la, 2024, 5, 15, 7), 120, status="interrupted"),
        LoggedSession("d", at(la, 2024, 5, 15, 8), 6000, simulated=True),
        LoggedSession("e", at(la, 2024, 5, 12, 23, 59), 999),  # last week's Sunday
    ]
    assert backward_minutes_this_week(logged, now, la) == pytest.approx(17)


def test_weekly_totals_twelve_weeks_oldest_first() -> None:
    berlin = zone("Europe/Berlin")
    now = at(berlin, 2024, 4, 3, 12)  # Wednesday; the week of Monday 1 April
    logged = [
        LoggedSession("a", at(berlin, 2024, 4, 1, 0, 10), 600),
        LoggedSession("b", at(berlin, 2024, 3, 31, 23, 30), 900),
        LoggedSession("c", at(berlin, 2024, 1, 14, 23, 59), 300),  # 12 weeks back: outside
        LoggedSession("d", at(berlin, 2024, 1, 15, 0, 0), 300),  # the oldest week shown
        LoggedSession("e", at(berlin, 2024, 3, 20, 9), 60, simulated=True),
    ]
    totals = weekly_totals(logged, now=now, tz=berlin)
    assert len(totals) == 12
    assert totals[0].start == date(2024, 1, 15) and totals[-1].start == date(2024, 4, 1)
    assert all(t.start.weekday() == 0 for t in totals)
    assert totals[-1].backward_min == pytest.approx(10)
    assert totals[-2].backward_min == pytest.approx(15)
    assert totals[0].backward_min == pytest.approx(5)
    assert sum(t.backward_min for t in totals) == pytest.approx(30)


def test_system_local_zone_when_no_zone_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    la = zone("America/Los_Angeles")
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        now = at(la, 2024, 11, 3, 23, 30)
        start, end = week_bounds(now, None)
        assert start == datetime(2024, 10, 28, tzinfo=la)  # PDT
        assert end == datetime(2024, 11, 4, tzinfo=la)  # PST
        logged = [LoggedSession("x", now, 600)]
        assert backward_minutes_this_week(logged, now) == pytest.approx(10)
    finally:
        monkeypatch.undo()
        time.tzset()


# --- the weekly guide ------------------------------------------------------


def test_guide_warning_only_when_the_session_would_pass_the_guide() -> None:
    assert guide_warning(0, 15, 30) is None
    assert guide_warning(15, 15, 30) is None  # exactly at the guide
    message = guide_warning(20, 14, 30)
    assert message is not None
    assert "34" in message and "30" in message
    assert "10–15 minutes a couple of times a week" in message
    assert "go ahead" in message  # a warning, never a block
    already = guide_warning(35, 10, 30)
    assert already is not None and "already" in already


# --- plan --json -----------------------------------------------------------


def test_plan_to_json_shape(program: Program) -> None:
    status = plan_status(program, [did(program, "rf-w1-s1")])
    data = plan_to_json(status, 12.25, 30.0)
    assert set(data) == {"program", "next", "weeks", "this_week"}
    assert data["program"] == "retro-foundations"
    assert data["next"] == {"week": 1, "session": 2, "workout": "rf-w1-s2"}
    assert [w["week"] for w in data["weeks"]] == list(range(1, 11))
    for week in data["weeks"]:
        assert set(week) == {"week", "sessions"}
        for s in week["sessions"]:
            assert set(s) == {"session", "workout", "status"}
            assert s["status"] in {"done", "next", "ahead"}
    assert data["weeks"][0]["sessions"] == [
        {"session": 1, "workout": "rf-w1-s1", "status": "done"},
        {"session": 2, "workout": "rf-w1-s2", "status": "next"},
    ]
    assert data["this_week"] == {"backward_min": 12.2, "guide_min": 30}


def test_a_tiny_hand_built_programme() -> None:
    program = Program(
        "mini",
        (ProgramSession(1, 1, "a", 100.0), ProgramSession(1, 2, "b", 0.0)),
    )
    # a session with no backward time is done by any real attempt
    status = plan_status(program, [LoggedSession("b", datetime(2024, 1, 1, tzinfo=UTC), 0)])
    assert [s.status for s in status.sessions] == ["next", "done"]
