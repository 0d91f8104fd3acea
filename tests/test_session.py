"""The session engine over a fake clock: every cue once, in order, never early."""

from __future__ import annotations

import pytest

from retro_tui.core.amounts import Amount
from retro_tui.core.session import (
    FINISHED,
    GET_READY,
    PAUSED,
    RUNNING,
    STOPPED,
    SessionEngine,
)
from retro_tui.core.settings import Settings, settings_from_raw
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import Step, Workout
from tools import FakeClock, sample_workout


def _engine(speed: float = 1.0, **settings: object) -> tuple[SessionEngine, FakeClock]:
    clock = FakeClock()
    timeline = compile_timeline(sample_workout(), settings_from_raw(settings))
    return SessionEngine(timeline, clock, speed), clock


def _run_to_end(engine: SessionEngine, clock: FakeClock, tick: float = 0.1) -> list:
    events = engine.start()
    for _ in range(200_000):
        if engine.is_over:
            return events
        clock.advance(tick)
        events += engine.update()
    raise AssertionError("session never ended")


def test_every_cue_fires_once_in_order_and_never_early() -> None:
    engine, clock = _engine()
    start = clock.now
    events = engine.start()
    fired = []
    while not engine.is_over:
        clock.advance(0.05)
        for event in engine.update():
            if event.kind == "cue":
                # never early: the clock has reached the cue's time (plus the lead-in)
                assert clock.now - start + 1e-9 >= event.cue.at_s + engine.timeline.get_ready_s
                assert event.late_s < 0.06
                fired.append(event.cue)
        events.append(None)
    assert fired == list(engine.timeline.cues)
    assert engine.state == FINISHED
    assert engine.active_s() == pytest.approx(engine.timeline.total_s)
    assert engine.backward_s() == pytest.approx(engine.timeline.backward_s)


def test_get_ready_comes_first_and_is_not_active_time() -> None:
    engine, clock = _engine(get_ready="10s")
    events = engine.start()
    assert engine.state == GET_READY
    assert events[0].kind == "get_ready" and events[0].at_s == -10
    clock.advance(9.9)
    assert all(e.kind != "step_start" for e in engine.update())
    clock.advance(0.2)
    kinds = [e.kind for e in engine.update()]
    assert kinds[:2] == ["step_start", "cue"]
    assert engine.state == RUNNING
    assert engine.active_s() == pytest.approx(0.1)


def test_pause_freezes_position_and_moves_no_cue() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(30)
    engine.update()
    events = engine.pause()
    assert engine.state == PAUSED and events[-1].kind == "pause"
    before = engine.position()
    clock.advance(600)  # a long pause
    assert engine.update() == []
    assert engine.position() == before
    assert engine.next_due_in() is None
    engine.resume()
    clock.advance(27)  # the warm-up countdown 3 at 57 s is now due
    cues = [e.cue for e in engine.update() if e.kind == "cue"]
    assert [c.text for c in cues] == ["3"]
    assert engine.paused_s == pytest.approx(600)
    rest = _run_to_end(engine, clock)
    assert engine.active_s() == pytest.approx(engine.timeline.total_s)
    assert rest


def test_late_cues_after_a_stall_are_dropped_not_fired_in_a_burst() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(100)  # the UI stalled / the laptop slept for 100 s
    events = engine.update()
    cues = [e for e in events if e.kind == "cue"]
    assert cues, "the stall passed over cues"
    late = [e for e in cues if e.late_s > 1.0]
    assert late and all(e.dropped for e in late)
    assert all(not e.dropped for e in cues if e.late_s <= 1.0)
    # The steps crossed are still logged, in order.
    assert [e.kind for e in events if e.kind.startswith("step")][:2] == ["step_end", "step_start"]


def test_late_rule_is_in_wall_seconds_whatever_the_speed() -> None:
    engine, clock = _engine(speed=20, get_ready="off")
    engine.start()
    clock.advance(0.04)  # 0.8 s of session time: cues 0.8 s late in session, 0.04 s wall
    clock.advance(0.5)  # 10 s of session time at once, 0.5 s wall late at most
    events = [e for e in engine.update() if e.kind == "cue"]
    assert all(not e.dropped for e in events)


def test_skip_back_lap_stumble_mute_and_stop() -> None:
    engine, clock = _engine(get_ready="5s")
    engine.start()
    events = engine.skip()  # skip the get-ready
    assert engine.current_step.index == 0 and engine.state == RUNNING
    assert [e.kind for e in events][:2] == ["skip", "step_start"]
    clock.advance(10)
    events = engine.skip()  # skip the warm-up
    kinds = [e.kind for e in events]
    assert kinds[:3] == ["skip", "step_end", "step_start"]
    assert events[1].data == {"step": 0, "actual_s": 10.0, "skipped": True}
    assert engine.current_step.index == 1
    # The warm-up's countdown cues were passed over, not fired.
    assert not any(e.kind == "cue" and e.cue.kind == "countdown" for e in events)

    clock.advance(20)
    engine.update()
    events = engine.lap()  # reached the 100 m mark early: the distance step ends
    assert events[0].kind == "lap" and events[0].data["lap_s"] == pytest.approx(20)
    assert engine.current_step.index == 2
    assert engine.skipped[1] is False

    clock.advance(5)
    engine.update()
    engine.back()  # restart the rest
    assert engine.current_step.index == 2
    assert engine.position() == engine.timeline.steps[2].start_s
    clock.advance(1)
    events = engine.back()  # a second press within 3 s: the previous step
    assert events[0].data == {"step": 2, "to_step": 1}
    assert engine.current_step.index == 1
    # its step_start cue fires again
    assert any(e.kind == "cue" and e.cue.kind == "step_start" and e.cue.step == 1 for e in events)

    events = engine.stumble()
    assert [e.kind for e in events] == ["stumble", "pause"]
    assert engine.state == PAUSED and engine.stumbles == 1
    assert engine.set_muted(True)[0].data == {"muted": True}
    assert engine.set_muted(True) == []
    engine.resume()
    clock.advance(3)
    events = engine.stop()
    assert [e.kind for e in events][-2:] == ["step_end", "stop"]
    assert engine.state == STOPPED
    assert engine.update() == [] and engine.skip() == []


def test_stumble_again_within_3_s_undoes_it() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(5)
    assert [e.kind for e in engine.stumble()] == ["stumble", "pause"]
    clock.advance(1)
    events = engine.stumble()  # a mis-press: undone, and the session runs again
    assert [e.kind for e in events][:2] == ["stumble_undone", "resume"]
    assert engine.state == RUNNING and engine.stumbles == 0
    engine.stumble()
    clock.advance(4)  # past 3 s: a second stumble, not an undo
    assert [e.kind for e in engine.stumble()] == ["stumble"]
    assert engine.stumbles == 2 and engine.state == PAUSED
    engine.resume()  # going on: the next s is a new stumble, however soon
    assert [e.kind for e in engine.stumble()] == ["stumble", "pause"]
    assert engine.stumbles == 3


def test_back_within_3_s_of_a_skip_undoes_it() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(5)
    engine.skip()
    assert engine.current_step.index == 1 and engine.skipped[0]
    clock.advance(1)
    events = engine.back()
    assert events[0].data == {"step": 1, "to_step": 0}
    assert engine.current_step.index == 0 and not engine.skipped[0]
    engine.skip()
    clock.advance(4)  # too late to undo: b restarts the step it is on
    assert engine.back()[0].data == {"step": 1, "to_step": 1}


def test_lap_in_a_time_step_logs_a_split_only() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(25)
    engine.update()
    events = engine.lap()
    assert [e.kind for e in events] == ["lap"]
    clock.advance(10)
    assert engine.lap()[0].data["lap_s"] == pytest.approx(10)
    assert engine.current_step.index == 0


def test_skipping_the_last_step_finishes_with_the_finish_cue() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    for _ in range(len(engine.timeline.steps)):
        events = engine.skip()
    assert engine.state == FINISHED
    assert events[-1].kind == "cue" and events[-1].cue.kind == "finish"


def test_next_due_in_points_at_the_next_cue_or_boundary() -> None:
    engine, clock = _engine(speed=2.0, get_ready="off")
    engine.start()
    cue = engine.next_cue()
    assert cue is not None and cue.kind != "countdown"
    due = engine.next_due_in()
    assert due is not None
    clock.advance(due)
    assert engine.update(), "something was due"


def test_session_runs_an_hour_in_milliseconds_with_no_drift() -> None:
    workout = Workout("long", "Long", (Step("run", Amount(seconds=3600), "backward"),))
    clock = FakeClock()
    timeline = compile_timeline(workout, Settings())
    engine = SessionEngine(timeline, clock)
    engine.start()
    t0 = clock.now
    lateness = []
    while not engine.is_over:
        due = engine.next_due_in()
        clock.advance(due + 0.013)  # every wake-up 13 ms late
        for event in engine.update():
            if event.kind == "cue":
                expected = t0 + timeline.get_ready_s + event.cue.at_s
                lateness.append(clock.now - expected)
    assert max(lateness) < 0.02  # lateness does not accumulate over the hour
    assert len(lateness) == len(timeline.cues)


def test_a_finish_reached_long_ago_is_dropped_not_said() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(engine.timeline.total_s + 30)  # the laptop slept through the end
    events = engine.update()
    finish = [e for e in events if e.kind == "cue" and e.cue.kind == "finish"]
    assert len(finish) == 1 and finish[0].dropped and finish[0].late_s == pytest.approx(30)
    assert engine.state == FINISHED


def test_a_finish_on_time_is_said() -> None:
    engine, clock = _engine(get_ready="off")
    engine.start()
    clock.advance(engine.timeline.total_s + 0.2)
    finish = [e for e in engine.update() if e.kind == "cue" and e.cue.kind == "finish"]
    assert len(finish) == 1 and not finish[0].dropped
