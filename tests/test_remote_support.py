"""Helpers for the remote tests: a RemoteTarget over the real engine, and small HTTP tools.

No tests here; `from test_remote_support import ...` (tests/ is on sys.path, see conftest).
The target is what the coach provides, reduced to what the tests need: the
shipped config's workout, compiled and run by `SessionEngine` on a fake clock.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from typing import Any

from retro_tui.audio.clips import speech_plan
from retro_tui.core.config import load_config
from retro_tui.core.session import FINISHED, PAUSED, READY, STOPPED, Event, SessionEngine
from retro_tui.core.timeline import compile_timeline
from tools import FakeClock

TOKEN = "T" * 11 + "test-token-1"  # 23 url-safe characters: as strong as a new one
_STATES = {READY: "ready", PAUSED: "paused", FINISHED: "over", STOPPED: "over"}


class EngineTarget:
    """A `RemoteTarget` over a real session engine; thread-safe with one lock."""

    def __init__(self, workout_id: str = "repeats-100m", *, start: bool = True) -> None:
        config = load_config()
        workout = config.workout(workout_id)
        assert workout is not None
        self.clock = FakeClock()
        self.engine = SessionEngine(compile_timeline(workout, config.settings), self.clock)
        self.lock = threading.RLock()
        self.performed: list[str] = []  # actions applied, in order
        self.events: list[Event] = []
        self.last_cue: dict[str, Any] | None = None
        self._listeners: list[Callable[[], None]] = []
        if start:
            self._note(self.engine.start())

    # --- RemoteTarget ------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.lock:
            engine = self.engine
            step = engine.current_step
            nxt = engine.next_step()
            state: dict[str, Any] = {
                "state": _STATES.get(engine.state, "running"),
                "step": None
                if step is None
                else {
                    "index": step.index,
                    "kind": step.kind,
                    "direction": step.direction,
                    "label": step.label,
                    "round": step.round,
                    "rounds": step.rounds,
                },
                "remaining_s": round(engine.step_remaining(), 3),
                "position_s": round(engine.position(), 3),
                "next": None if nxt is None else {"label": nxt.label},
                "last_cue": self.last_cue,
                "muted": engine.muted,
                "session_id": "test-session",
            }
            if engine.is_over:
                state["summary"] = (
                    f"{engine.timeline.name}: {engine.state} after {engine.active_s():.0f} s"
                )
            return state

    def perform(self, action: str) -> dict[str, Any]:
        with self.lock:
            engine = self.engine
            moves: dict[str, Callable[[], list[Event]]] = {
                "lap": engine.lap,
                "toggle_pause": engine.toggle_pause,
                "skip": engine.skip,
                "back": engine.back,
                "stumble": engine.stumble,
                "mute": lambda: engine.set_muted(not engine.muted),
                "stop": engine.stop,
            }
            if action not in moves:
                raise ValueError(f"unknown action {action!r}")
            self._note(moves[action]())
            self.performed.append(action)
        self._changed()
        return self.state()

    def subscribe(self, on_change: Callable[[], None]) -> Callable[[], None]:
        with self.lock:
            self._listeners.append(on_change)

        def unsubscribe() -> None:
            with self.lock:
                if on_change in self._listeners:
                    self._listeners.remove(on_change)

        return unsubscribe

    # --- driving it --------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let `seconds` of session time pass, as the coach's tick would."""
        with self.lock:
            self.clock.advance(seconds)
            self._note(self.engine.update())
        self._changed()

    @property
    def listeners(self) -> int:
        with self.lock:
            return len(self._listeners)

    def _note(self, events: list[Event]) -> None:
        self.events.extend(events)
        for event in events:
            if event.cue is not None:
                step = self.engine.steps[event.cue.step]
                self.last_cue = {
                    "kind": event.cue.kind,
                    "text": event.cue.text,
                    "at_s": event.at_s,
                    "clips": list(speech_plan(event.cue, step).files),
                }

    def _changed(self) -> None:
        with self.lock:
            listeners = list(self._listeners)
        for on_change in listeners:
            on_change()


def raw_request(
    port: int, target: str, method: str = "GET", body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request with `target` sent exactly as written (no client-side normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
