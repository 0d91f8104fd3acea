"""The live session as a state machine over an injected clock.

The engine owns one number, the *position*: where in the timeline the
runner is, in session seconds (negative during the get-ready lead-in). It
advances with `clock()` × speed while running and freezes while paused, so a
paused session moves no cue. Skip, back and lap move the position to a step
boundary. Every call returns the `Event`s that happened, in order: step
changes, cues and the runner's actions. The runners (plain, TUI) log them,
show them and hand cues to audio; they never compute a cue time themselves.

Cue times come from the plan and the clock, never from counting ticks, so a
late update cannot drift the session; a cue more than `late_drop_s` of wall
time late (laptop slept, UI stalled) is reported as dropped instead of fired.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from retro_tui.core.phrases import GET_READY_TEXT
from retro_tui.core.timeline import Cue, Timeline, TimelineStep

READY, GET_READY, RUNNING, PAUSED, FINISHED, STOPPED = (
    "ready",
    "get_ready",
    "running",
    "paused",
    "finished",
    "stopped",
)
LATE_DROP_S = 1.0
BACK_TWICE_S = 3.0
STUMBLE_UNDO_S = 3.0  # `s` again within this many clock seconds: it was a mis-press


@dataclass(frozen=True)
class Event:
    """Something that happened at session position `at_s`."""

    at_s: float
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    # What to make heard: the plan's cue for "cue", the lead-in's for "get_ready".
    cue: Cue | None = None
    # For cues: how late it is being handed out, in wall seconds.
    late_s: float = 0.0

    @property
    def dropped(self) -> bool:
        return bool(self.data.get("dropped"))


def cue_data(cue: Cue, dropped: bool = False) -> dict[str, Any]:
    """A cue event's data as the log keeps it (the engine's, the coach's splits and drops)."""
    data: dict[str, Any] = {"kind": cue.kind, "side": cue.side, "text": cue.text, "step": cue.step}
    if dropped:
        data["dropped"] = True
    return data


class SessionEngine:
    def __init__(
        self,
        timeline: Timeline,
        clock: Callable[[], float],
        speed: float = 1.0,
        late_drop_s: float = LATE_DROP_S,
    ) -> None:
        if not timeline.steps:
            raise ValueError("a session needs at least one step")
        self.timeline = timeline
        self.clock = clock
        self.speed = speed
        self.late_drop_s = late_drop_s
        self.state = READY
        self.muted = False
        self._position = -timeline.get_ready_s
        self._anchor: float | None = None  # clock reading when the position was last set
        self._paused_from: float | None = None
        self._cue_index = 0
        self._cue_times = [c.at_s for c in timeline.cues]
        self._step: int | None = None  # index of the step under way
        self._step_entered_at = 0.0  # position when the current step (re)started
        self._lap_from = 0.0
        self._last_back: float | None = None  # clock reading of the last `back`
        self._last_skip: float | None = None  # clock reading of the last `skip`
        # (clock reading, whether that stumble paused the session) of the last stumble
        self._last_stumble: tuple[float, bool] | None = None
        self._resume_state = RUNNING  # what `resume` returns to
        self.step_time = [0.0] * len(timeline.steps)  # session seconds spent per step
        self.laps: list[list[float]] = [[] for _ in timeline.steps]
        self.skipped = [False] * len(timeline.steps)
        self.paused_s = 0.0
        self.stumbles = 0

    # --- views -------------------------------------------------------------

    @property
    def steps(self) -> tuple[TimelineStep, ...]:
        return self.timeline.steps

    def position(self) -> float:
        """Session position now, without changing any state."""
        if self.state in (RUNNING, GET_READY) and self._anchor is not None:
            pos = self._position + (self.clock() - self._anchor) * self.speed
            return min(pos, self.timeline.total_s)
        return self._position

    @property
    def current_step(self) -> TimelineStep | None:
        return None if self._step is None else self.steps[self._step]

    @property
    def is_over(self) -> bool:
        return self.state in (FINISHED, STOPPED)

    def step_remaining(self) -> float:
        """Session seconds left in the current step (or of the get-ready)."""
        pos = self.position()
        step = self.current_step
        if step is None:
            return max(0.0, -pos) if pos < 0 else 0.0
        return max(0.0, step.end_s - pos)

    def step_fraction(self) -> float:
        step = self.current_step
        if step is None:
            lead = self.timeline.get_ready_s
            return 1.0 - (-self.position() / lead) if lead and self.position() < 0 else 0.0
        return min(1.0, max(0.0, (self.position() - step.start_s) / step.duration_s))

    def session_fraction(self) -> float:
        total = self.timeline.total_s
        return min(1.0, max(0.0, self.position() / total)) if total else 1.0

    def next_step(self) -> TimelineStep | None:
        nxt = 0 if self._step is None else self._step + 1
        if self.is_over or nxt >= len(self.steps):
            return None
        return self.steps[nxt]

    def next_cue(self) -> Cue | None:
        """The next cue still to come (a countdown pip is not announced as one)."""
        for cue in self.timeline.cues[self._cue_index :]:
            if cue.kind != "countdown":
                return cue
        return None

    def wall_until(self, at_s: float) -> float:
        """Wall seconds until position `at_s` at the current speed (inf when paused)."""
        if self.state not in (RUNNING, GET_READY):
            return float("inf")
        return max(0.0, (at_s - self.position()) / self.speed)

    def next_due_in(self) -> float | None:
        """Wall seconds until something next happens; None when nothing will."""
        if self.state not in (RUNNING, GET_READY):
            return None
        targets = []
        if self._cue_index < len(self._cue_times):
            targets.append(self._cue_times[self._cue_index])
        step = self.current_step
        targets.append(step.end_s if step is not None else 0.0)
        return self.wall_until(min(targets))

    def active_s(self) -> float:
        return sum(self.step_time)

    def backward_s(self) -> float:
        return sum(t for t, s in zip(self.step_time, self.steps, strict=True) if s.backward)

    # --- transitions -------------------------------------------------------

    def start(self) -> list[Event]:
        if self.state != READY:
            return []
        self._anchor = self.clock()
        events: list[Event] = []
        if self._position < 0:
            self.state = GET_READY
            # The lead-in is no cue of the plan (time 0 is the first step), but
            # it is heard like one: the event carries the cue to hand to audio.
            cue = Cue(self._position, "get_ready", GET_READY_TEXT, 0)
            events.append(
                Event(
                    self._position,
                    "get_ready",
                    {"text": GET_READY_TEXT, "seconds": -self._position},
                    cue,
                )
            )
        else:
            self.state = RUNNING
        return events + self._advance()

    def update(self) -> list[Event]:
        """Bring the session up to the clock; the events that became due."""
        if self.state not in (RUNNING, GET_READY):
            return []
        return self._advance()

    def pause(self) -> list[Event]:
        events = self.update()
        if self.state not in (RUNNING, GET_READY):
            return events
        self._freeze()
        self._resume_state = self.state
        self.state = PAUSED
        self._paused_from = self.clock()
        return events + [Event(self._position, "pause", self._step_data())]

    def resume(self) -> list[Event]:
        if self.state != PAUSED:
            return []
        self._last_stumble = None  # going on after a stumble: the next `s` is a new one
        now = self.clock()
        if self._paused_from is not None:
            self.paused_s += (now - self._paused_from) * self.speed
        self._paused_from = None
        self.state = self._resume_state
        self._anchor = now
        return [Event(self._position, "resume", self._step_data())] + self._advance()

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state == PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """End the current step now and start the next one (the get-ready too)."""
        events = self.update()
        if self.is_over or self.state == READY:
            return events
        target = 0.0 if self._step is None else self.steps[self._step].end_s
        if self._step is not None:
            self.skipped[self._step] = True
            self._last_skip = self.clock()
        events.append(Event(self._position, "skip", self._step_data()))
        return events + self._jump(target)

    def lap(self) -> list[Event]:
        """The runner reached the mark: ends a distance step, else logs a split."""
        events = self.update()
        step = self.current_step
        if step is None or self.state not in (RUNNING, PAUSED):
            return events
        pos = self._position if self.state == PAUSED else self.position()
        lap_s = pos - self._lap_from
        self._lap_from = pos
        self.laps[step.index].append(lap_s)
        events.append(Event(pos, "lap", {"step": step.index, "lap_s": round(lap_s, 3)}))
        if step.distance_m is not None:
            events += self._jump(step.end_s)
        return events

    def back(self) -> list[Event]:
        """Restart the current step; again within 3 s: go to the previous step.

        Within 3 s of a skip it undoes the skip: back to the step skipped.
        """
        events = self.update()
        if self.is_over or self.state == READY or self._step is None:
            return events
        now = self.clock()
        index = self._step
        recent = [t for t in (self._last_back, self._last_skip) if t is not None]
        if any(now - t < BACK_TWICE_S for t in recent) and index > 0:
            index -= 1
            self.skipped[index] = False  # it is being run again
        self._last_back = now
        self._last_skip = None
        events.append(Event(self._position, "back", {"step": self._step, "to_step": index}))
        return events + self._jump(self.steps[index].start_s, force_restart=True)

    def stumble(self) -> list[Event]:
        """A near-fall: logged, and the session pauses.

        Pressed again within 3 s (and before a resume) it was a mis-press: the
        stumble is undone (logged as `stumble_undone`, the count goes back)
        and, if it paused the session, the session resumes.
        """
        events = self.update()
        if self.is_over or self.state == READY:
            return events
        now = self.clock()
        last = self._last_stumble
        if last is not None and now - last[0] < STUMBLE_UNDO_S:
            self._last_stumble = None
            self.stumbles = max(self.stumbles - 1, 0)
            events.append(Event(self.position(), "stumble_undone", self._step_data()))
            if last[1] and self.state == PAUSED:
                events += self.resume()
            return events
        self.stumbles += 1
        events.append(Event(self.position(), "stumble", self._step_data()))
        paused_it = self.state != PAUSED
        if paused_it:
            events += self.pause()
        self._last_stumble = (now, paused_it)
        return events

    def set_muted(self, muted: bool) -> list[Event]:
        if muted == self.muted:
            return []
        self.muted = muted
        return [Event(self.position(), "mute", {"muted": muted})]

    def stop(self) -> list[Event]:
        """The runner ends the session early (it is kept as `stopped`)."""
        events = self.update()
        if self.is_over:
            return events
        if self.state == PAUSED and self._paused_from is not None:
            self.paused_s += (self.clock() - self._paused_from) * self.speed
        self._freeze()
        if self._step is not None:
            events.append(self._end_step(self._step, self._position))
        self.state = STOPPED
        return events + [Event(self._position, "stop", {})]

    # --- internals ---------------------------------------------------------

    def _step_data(self) -> dict[str, Any]:
        return {"step": self._step} if self._step is not None else {}

    def _freeze(self) -> None:
        """Fold elapsed clock time into the position."""
        if self._anchor is not None and self.state in (RUNNING, GET_READY):
            now = self.clock()
            new = min(self._position + (now - self._anchor) * self.speed, self.timeline.total_s)
            self._account(new)
            self._position = new
            self._anchor = now

    def _account(self, new_position: float) -> None:
        if self._step is not None and new_position > self._position:
            self.step_time[self._step] += new_position - self._position

    def _start_step(self, index: int, at: float) -> Event:
        self._step = index
        self._step_entered_at = at
        self._lap_from = at
        return Event(at, "step_start", {"step": index})

    def _end_step(self, index: int, at: float) -> Event:
        return Event(
            at,
            "step_end",
            {
                "step": index,
                "actual_s": round(self.step_time[index], 3),
                "skipped": self.skipped[index],
            },
        )

    def _jump(self, target: float, force_restart: bool = False) -> list[Event]:
        """Move the position to a step boundary; cues passed over are not fired."""
        events: list[Event] = []
        if self._step is not None:
            events.append(self._end_step(self._step, self._position))
            if force_restart:
                self.skipped[self._step] = False
            self._step = None
        self._position = target
        self._anchor = self.clock()
        self._cue_index = bisect.bisect_left(self._cue_times, target)
        if target >= self.timeline.total_s:
            return events + self._finish()
        self._leave_get_ready()
        index = self._step_at(target)
        events.append(self._start_step(index, target))
        return events + self._advance()

    def _leave_get_ready(self) -> None:
        if self.state == GET_READY:
            self.state = RUNNING
        elif self.state == PAUSED and self._resume_state == GET_READY:
            self._resume_state = RUNNING

    def _step_at(self, position: float) -> int:
        starts = [s.start_s for s in self.steps]
        return max(0, bisect.bisect_right(starts, position) - 1)

    def _finish(self, late_s: float = 0.0) -> list[Event]:
        """End the session; `late_s`: wall seconds since the end was reached."""
        events: list[Event] = []
        total = self.timeline.total_s
        dropped = late_s > self.late_drop_s  # a stale "well done" is not said either
        # The finish cue (and any cue at the very end) fires as the session ends.
        while self._cue_index < len(self.timeline.cues):
            cue = self.timeline.cues[self._cue_index]
            self._cue_index += 1
            if cue.at_s >= total - 1e-9:
                events.append(Event(total, "cue", cue_data(cue, dropped), cue, late_s))
        self._position = total
        self._step = None
        self.state = FINISHED
        return events

    def _advance(self) -> list[Event]:
        """Walk the position up to the clock, emitting boundaries and cues in order."""
        if self._anchor is None:
            return []
        now = self.clock()
        flowing = self.state in (RUNNING, GET_READY)
        # While paused no time flows, but what is due at the position still happens.
        target = self._position + (now - self._anchor) * self.speed if flowing else self._position
        self._anchor = now
        events: list[Event] = []
        total = self.timeline.total_s
        while True:
            step = self.current_step
            boundary = step.end_s if step is not None else 0.0
            cue_at = (
                self._cue_times[self._cue_index]
                if self._cue_index < len(self._cue_times)
                else float("inf")
            )
            if cue_at < boundary:
                if cue_at > target:
                    break
                self._account(cue_at)
                self._position = max(self._position, cue_at)
                cue = self.timeline.cues[self._cue_index]
                self._cue_index += 1
                late = (target - cue.at_s) / self.speed
                dropped = late > self.late_drop_s
                events.append(Event(cue.at_s, "cue", cue_data(cue, dropped), cue, late))
                continue
            if boundary > target:
                break
            self._account(boundary)
            self._position = boundary
            if step is not None:
                events.append(self._end_step(step.index, boundary))
                self._step = None
                if boundary >= total - 1e-9:
                    events += self._finish((target - boundary) / self.speed)
                    return events
            else:
                self._leave_get_ready()
            events.append(self._start_step(self._step_at(boundary), boundary))
        self._account(target)
        self._position = target
        return events
