"""The session as the phone remote shows it: one JSON-ready object (PRODUCT.md §12).

Read under the session's lock, so a snapshot is never half of one change
and half of the next. The page counts `remaining_s` down by itself between
pushes (at `speed`), so only changes are pushed, not every second.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from retro_tui.coach.results import Summary, summary_lines
from retro_tui.core.session import GET_READY, PAUSED, READY, RUNNING, Event, SessionEngine
from retro_tui.core.timeline import Timeline, TimelineStep


class LiveView(Protocol):
    """What the state is read from (a LiveSession)."""

    lock: threading.RLock
    engine: SessionEngine
    timeline: Timeline
    last_cue: Event | None
    session_id: int | None
    speed: float

    @property
    def closed(self) -> bool: ...

    def summary(self) -> Summary: ...


_STATES = {READY: "ready", GET_READY: "running", RUNNING: "running", PAUSED: "paused"}


def _num(value: float) -> float:
    return round(value, 3)


def step_json(step: TimelineStep) -> dict[str, Any]:
    return {
        "index": step.index,
        "kind": step.kind,
        "direction": step.direction,
        "label": step.label,
        "round": step.round,
        "rounds": step.rounds,
        "distance_m": step.distance_m,
        "note": step.note,
    }


def _cue_clips(session: LiveView, cue: Any) -> list[str]:
    """The clips that say this cue (the page plays them on the phone), or none."""
    from retro_tui.audio.clips import speech_plan

    try:
        plan = speech_plan(cue, session.timeline.steps[cue.step])
    except (IndexError, KeyError, ValueError):
        return []
    return list(plan.files)


def session_state(session: LiveView) -> dict[str, Any]:
    with session.lock:
        engine = session.engine
        over = session.closed or engine.is_over
        step = None if over else engine.current_step
        nxt = None if over else engine.next_step()
        last = session.last_cue
        state: dict[str, Any] = {
            "state": "over" if over else _STATES.get(engine.state, "running"),
            "step": None if step is None else step_json(step),
            "remaining_s": 0.0 if over else _num(engine.step_remaining()),
            "position_s": _num(engine.position()),
            "next": None if nxt is None else {"label": nxt.label},
            "last_cue": None,
            "muted": engine.muted,
            "session_id": session.session_id,
            "workout": session.timeline.name,
            "speed": session.speed,
            "steps": len(session.timeline.steps),
        }
        if last is not None and last.cue is not None:
            state["last_cue"] = {
                "kind": last.cue.kind,
                "text": last.cue.text,
                "at_s": _num(last.at_s),
                "side": last.cue.side,
                "clips": _cue_clips(session, last.cue),
            }
        if over:
            state["summary"] = " · ".join(line.strip() for line in summary_lines(session.summary()))
        return state
