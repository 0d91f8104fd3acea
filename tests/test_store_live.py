"""The session engine logging into a real store (in-process, on a fake clock).

The end-to-end `run --plain --speed` and SIGKILL tests start processes and
live elsewhere; this one checks that what the live session hands the store
comes back out of `get_session` / `show --json` matching the timeline.
"""

from __future__ import annotations

from pathlib import Path

from retro_tui.coach.live import LiveSession
from retro_tui.core.report import session_to_json
from retro_tui.core.settings import settings_from_raw
from retro_tui.core.store import Store
from retro_tui.core.timeline import compile_timeline
from tools import FakeClock, sample_workout


def _live(tmp_path: Path) -> tuple[LiveSession, FakeClock, Store]:
    settings = settings_from_raw({})
    timeline = compile_timeline(sample_workout(rounds=2), settings)
    clock = FakeClock()
    store = Store.open(tmp_path)
    return LiveSession(timeline, settings, store=store, clock=clock, speed=10.0), clock, store


def test_a_whole_session_is_logged_as_the_timeline_says(tmp_path: Path) -> None:
    live, clock, store = _live(tmp_path)
    timeline = live.timeline
    logged = list(live.start())
    while not live.engine.is_over:
        clock.now += 0.05
        logged += live.update()
    live.close()
    session_id = live.session_id
    assert session_id is not None
    detail = store.get_session(session_id)
    store.close()
    assert detail is not None
    out = session_to_json(detail)
    assert out["status"] == "completed"
    assert out["simulated"] is True
    assert out["planned_s"] == timeline.total_s
    assert [(s["index"], s["kind"], s["planned_s"]) for s in out["steps"]] == [
        (s.index, s.kind, s.duration_s) for s in timeline.steps
    ]
    assert all(s["actual_s"] == s["planned_s"] and not s["skipped"] for s in out["steps"])
    assert abs(out["backward_s"] - timeline.backward_s) < 1e-6
    # every event in order; the cues are exactly the plan's
    assert [(e["kind"], round(e["at_s"], 3)) for e in out["events"]] == [
        (e.kind, round(e.at_s, 3)) for e in logged
    ]
    cues = [
        (e["at_s"], e["cue"], e["side"], e["text"], e["step"])
        for e in out["events"]
        if e["kind"] == "cue"
    ]
    assert cues == [(c.to_json()["at_s"], c.kind, c.side, c.text, c.step) for c in timeline.cues]
    assert sum(detail.cue_counts.values()) == len(timeline.cues)


def test_laps_stumbles_and_a_stop_are_logged(tmp_path: Path) -> None:
    live, clock, store = _live(tmp_path)
    live.start()
    while live.engine.current_step is None or live.engine.current_step.index < 1:
        clock.now += 0.05
        live.update()
    clock.now += 1.0  # 10 s into the first 100 m run (speed 10)
    live.update()
    live.act("lap")  # reached the mark: ends the distance step
    clock.now += 0.5
    live.update()
    live.act("stumble")
    live.act("toggle_pause")  # resume
    live.act("stop")
    summary = live.close()
    detail = store.get_session(live.session_id)  # type: ignore[arg-type]
    store.close()
    assert detail is not None
    assert detail.status == "stopped"
    assert detail.stumbles == 1 == summary.stumbles
    assert [len(s.laps) for s in detail.steps] == [len(s.laps) for s in summary.steps]
    assert detail.laps == 1
    assert detail.steps[1].actual_s == summary.steps[1].actual_s
    kinds = [e.kind for e in detail.events]
    for kind in ("lap", "stumble", "pause", "resume", "stop"):
        assert kind in kinds
