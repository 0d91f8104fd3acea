"""The spoken split on a lap (PRODUCT.md §4): its words match the lap times."""

from __future__ import annotations

from retro_tui.coach.live import LiveSession
from retro_tui.core.config import load_config
from retro_tui.core.phrases import comparison, distance_split_text, spoken_time, time_split_text
from retro_tui.core.timeline import compile_timeline
from tools import FakeClock


def test_spoken_times_and_comparisons() -> None:
    assert spoken_time(28.2) == "28 seconds"
    assert spoken_time(1.0) == "1 second"
    assert spoken_time(60) == "1 minute"
    assert spoken_time(118.4) == "1 minute 58"
    assert spoken_time(725) == "12 minutes 5"
    assert comparison(27.0, 28.0) == "1 second faster"
    assert comparison(30.2, 28.0) == "2 seconds slower"
    assert comparison(28.4, 28.0) == "same as last time"
    assert comparison(27.6, 28.0) == "same as last time"
    assert distance_split_text(100, 28.0, None) == "100 metres, 28 seconds"
    assert distance_split_text(100, 27.0, 28.0) == "100 metres, 27 seconds, 1 second faster"
    assert time_split_text(3, 118) == "Lap 3, 1 minute 58"


def _session(splits: bool = True) -> tuple[LiveSession, FakeClock]:
    config = load_config()
    settings = config.settings.with_values(get_ready=0.0, splits=splits)
    timeline = compile_timeline(config.workouts["repeats-100m"], settings)
    clock = FakeClock()
    return LiveSession(timeline, settings, clock=clock), clock


def _go_to_distance_step(live: LiveSession, clock: FakeClock) -> None:
    while live.engine.current_step is None or live.engine.current_step.distance_m is None:
        due = live.engine.next_due_in() or 0.0
        clock.advance(due + 0.001)
        live.update()


def test_each_lap_is_followed_by_its_split_and_reps_compare() -> None:
    live, clock = _session()
    live.start()
    _go_to_distance_step(live, clock)
    clock.advance(30.0)
    first = live.act("lap")
    splits = [e for e in first if e.kind == "cue" and e.cue and e.cue.kind == "split"]
    assert [e.data["text"] for e in splits] == ["100 metres, 30 seconds"]
    assert splits[0].data["lap_s"] == next(e.data["lap_s"] for e in first if e.kind == "lap")
    kinds = [e.kind for e in first]
    assert kinds[kinds.index("lap") + 1] == "cue"  # said at once, before the next step starts
    _go_to_distance_step(live, clock)
    clock.advance(28.0)
    second = [e for e in live.act("lap") if e.cue is not None and e.cue.kind == "split"]
    assert second[0].data["text"] == "100 metres, 28 seconds, 2 seconds faster"


def test_a_lap_in_a_time_step_says_its_number_and_time() -> None:
    live, clock = _session()
    live.start()
    clock.advance(65.0)  # in the warm-up, a time step
    live.update()
    texts = [e.data["text"] for e in live.act("lap") if e.kind == "cue"]
    assert texts == ["Lap 1, 1 minute 5"]
    assert live.last_cue is not None and live.last_cue.cue is not None
    assert live.last_cue.cue.kind == "split"  # the phone shows it as the last cue


def test_splits_off_says_nothing() -> None:
    live, clock = _session(splits=False)
    live.start()
    clock.advance(10.0)
    live.update()
    assert [e.kind for e in live.act("lap")] == ["lap"]
