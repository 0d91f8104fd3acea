"""Helpers for the review UI tests: a seeded session log with fixed dates, UTC, settling.

No tests here; `from test_ui_review_support import ...`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from test_ui_support import TEST_CONFIG

from retro_tui.core.config import Config, load_config
from retro_tui.core.store import DB_NAME, PlannedStep, Store

# "Today" for the chart: Wednesday 25 November 2026 (its week starts Monday the 23rd).
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def pin_today(app: Any, tz: Any = UTC) -> None:
    """The app's "now" (noon UTC on TODAY) and zone: home's week and the chart's."""
    app.now = lambda: NOW
    app.tz = tz


REVIEW_CONFIG = (
    TEST_CONFIG
    + """
[[workouts]]
id = "prog"
name = "Foundations 3.1: 50 m jogs"
description = "A programme session for the tests."
program = "retro-foundations"
week = 3
session = 1
steps = [
  { warmup = "20s" },
  { repeat = 2, steps = [ { run = "30s" }, { rest = "20s" } ] },
  { cooldown = "20s" },
]
"""
)

LADDER_STEPS = [
    PlannedStep(0, "warmup", "forward", 300.0),
    PlannedStep(1, "walk", "backward", 60.0),
    PlannedStep(2, "run", "backward", 30.0),
    PlannedStep(3, "rest", "forward", 30.0),
    PlannedStep(4, "run", "backward", 30.0),
    PlannedStep(5, "cooldown", "forward", 300.0),
]
WALK_STEPS = [
    PlannedStep(0, "warmup", "forward", 300.0),
    PlannedStep(1, "walk", "backward", 600.0),
    PlannedStep(2, "cooldown", "forward", 300.0),
]


def review_config(tmp_path: Path) -> Config:
    path = tmp_path / "review-config.toml"
    path.write_text(REVIEW_CONFIG, encoding="utf-8")
    return load_config(path)


@contextlib.contextmanager
def utc_local_time() -> Iterator[None]:
    """Local time is UTC inside (dates in the table, weeks of the chart)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _cue(kind: str, text: str, step: int, side: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "side": side, "text": text, "step": step}


def _ladder_events(stumbles: int) -> list[tuple[float, str, dict[str, Any]]]:
    """A ladder run as the engine logs it: steps, cues, laps, stumbles, a skip."""
    ev: list[tuple[float, str, dict[str, Any]]] = [
        (-10.0, "get_ready", {"text": "Get ready", "seconds": 10.0}),
    ]
    t = 0.0
    for step in LADDER_STEPS:
        i = step.index
        ev.append((t, "step_start", {"step": i}))
        ev.append((t, "cue", _cue("step_start", f"Step {i + 1}.", i)))
        actual = step.planned_s
        if step.kind == "walk":
            ev.append((t + 20, "cue", _cue("shoulder", "Check over your left shoulder", i, "left")))
            ev.append(
                (t + 40, "cue", _cue("shoulder", "Check over your right shoulder", i, "right"))
            )
            ev.append((t + 45, "cue", _cue("form", "Tall posture, shoulders back", i)))
        if step.kind == "run":
            ev.append((t + 14.5, "lap", {"step": i, "lap_s": 14.5}))
            ev.append((t + 20, "cue", _cue("shoulder", "Check over your left shoulder", i, "left")))
            ev.append((t + 29.8, "lap", {"step": i, "lap_s": 15.3}))
            if stumbles and i == 2:
                for k in range(stumbles):
                    ev.append((t + 22 + k, "stumble", {"step": i}))
                    ev.append((t + 22 + k, "pause", {"step": i}))
                    ev.append((t + 22 + k, "resume", {"step": i}))
        if step.kind == "rest":
            ev.append((t + 15, "skip", {"step": i}))
            actual = 15.0
        for n in (3, 2, 1):
            if actual == step.planned_s:
                ev.append((t + actual - n, "cue", _cue("countdown", str(n), i)))
        ev.append((t + actual, "step_end", {"step": i, "actual_s": actual, "skipped": actual < 30}))
        t += actual
    ev.append((t, "cue", _cue("finish", "Workout complete. Well done!", 5)))
    return ev


def add_session(
    store: Store,
    started_at: datetime,
    *,
    workout: str = "ladder",
    name: str = "Retro ladder",
    steps: list[PlannedStep] = LADDER_STEPS,
    events: list[tuple[float, str, dict[str, Any]]] | None = None,
    status: str = "completed",
    backward_s: float | None = None,
    simulated: bool = False,
    rpe: int | None = None,
    notes: str = "",
) -> int:
    session_id = store.begin_session(
        workout=workout,
        name=name,
        planned_s=sum(s.planned_s for s in steps),
        backward_planned_s=sum(s.planned_s for s in steps if s.direction == "backward"),
        simulated=simulated,
        started_at=started_at,
        steps=steps,
    )
    for at_s, kind, data in events or []:
        store.log_event(session_id, at_s, kind, data)
    if status != "running":
        active = sum(s.planned_s for s in steps)
        back = sum(s.planned_s for s in steps if s.direction == "backward")
        store.finish_session(
            session_id,
            status=status,
            ended_at=started_at + timedelta(seconds=active + 30),
            active_s=active,
            paused_s=30.0,
            backward_s=back if backward_s is None else backward_s,
        )
    if rpe is not None or notes:
        store.set_review(session_id, rpe, notes)
    return session_id


def at(day: int, month: int = 11, hour: int = 17, minute: int = 30) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def seed(data_dir: Path) -> dict[str, int]:
    """Seven sessions over ten weeks (in UTC): laps, stumbles, cues, reviews, one
    simulated, one interrupted (left open by a "dead" process, then recovered)."""
    ids: dict[str, int] = {}
    with Store.open(data_dir) as store:
        ids["walk"] = add_session(
            store,
            at(22, 9),
            workout="rf-w1-s1",
            name="Foundations 1.1: backward walking",
            steps=WALK_STEPS,
            rpe=3,
        )
        ids["oct"] = add_session(
            store, at(6, 10), events=_ladder_events(0), rpe=6, notes="Smooth. Track was quiet."
        )
        ids["stopped"] = add_session(
            store, at(3, 11, 7, 5), status="stopped", backward_s=75.0, rpe=8
        )
        ids["simulated"] = add_session(
            store, at(10, 11), simulated=True, events=_ladder_events(0), backward_s=600.0
        )
        ids["big"] = add_session(
            store,
            at(16, 11, 18, 0),
            workout="rf-w1-s1",
            name="Foundations 1.1: backward walking",
            steps=WALK_STEPS,
            backward_s=1200.0,
            rpe=5,
        )
        ids["big2"] = add_session(
            store,
            at(18, 11, 18, 0),
            workout="rf-w1-s1",
            name="Foundations 1.1: backward walking",
            steps=WALK_STEPS,
            backward_s=780.0,
        )
        ids["detail"] = add_session(
            store,
            at(23, 11, 16, 40),
            events=_ladder_events(2),
            rpe=7,
            notes="Calves tired after the second run; two wobbles.",
        )
        events = _ladder_events(0)[:12]  # cut off in the walk, as by a kill -9
        ids["interrupted"] = add_session(store, at(24, 11, 7, 15), events=events, status="running")
    # The process that wrote it is gone: pid 0 is never alive.
    conn = sqlite3.connect(data_dir / DB_NAME)
    with conn:
        conn.execute("UPDATE sessions SET pid = 0 WHERE id = ?", (ids["interrupted"],))
    conn.close()
    with Store.open(data_dir) as store:
        assert store.recover_interrupted() == [ids["interrupted"]]
    return ids


async def settle(app: Any, pilot: Any) -> None:
    """Wait for every worker, including ones started by workers (delete -> reload)."""
    for _ in range(20):
        await pilot.pause()
        if not any(w.is_running or w.state.name == "PENDING" for w in app.workers):
            await pilot.pause()
            return
        await app.workers.wait_for_complete()
    raise AssertionError("workers did not settle")
