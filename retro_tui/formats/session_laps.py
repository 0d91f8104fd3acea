"""A logged session as laps on a wall clock: what TCX needs from the log.

The log keeps session positions (the engine's seconds, which jump at skip,
back and a lap that ends a distance step) and, per event, the wall time it
was written. Walking the events in order gives each step's stretches of
active time on a clock that runs from the session's start:

- while running, a rise in position is elapsed time;
- a `step_start` right after a `step_end` or `skip` is a jump: no time;
- a pause adds the wall time until its `resume` (or `stop`). For a `--speed`
  session the pauses are scaled so they add up to the logged `paused_s`
  (simulated seconds): a lap starts at the session's start plus the
  simulated elapsed time, pauses included (PRODUCT.md §13).

A step that ran is one lap; the laps the runner pressed inside a time step
are laps of their own. Each lap's time is active time, so the laps add up
to the session's `active_s`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from retro_tui.core.records import EventRecord, SessionDetail, StepRecord
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import step_duration
from retro_tui.core.workout import Repeat, Step, Workout

MANUAL, DISTANCE, TIME = "Manual", "Distance", "Time"
_NO_TIME_S = 1e-3  # a step skipped at once ran no time: it gets no lap
_MERGE_S = 0.5  # a lap pressed this close to a time step's end closes the step itself


@dataclass(frozen=True)
class Lap:
    step: StepRecord
    steps: int  # how many steps the session has, for "step 3 of 9"
    part: int  # 1-based among this step's laps
    parts: int
    active_from: float  # active seconds into the step where the lap begins
    duration_s: float  # active time
    distance_m: float  # 0 when not known
    trigger: str  # MANUAL, DISTANCE or TIME
    ending: str  # how the step ended: lap, natural, skip, stop, back, open
    planned_m: float | None  # the step's distance, when it is a distance step
    segments: tuple[tuple[float, float, float], ...]  # the step's (clock, active, length)

    @property
    def start_s(self) -> float:
        """Clock seconds from the session's start to this lap's start."""
        return self.clock_at(self.active_from)

    def clock_at(self, active: float) -> float:
        """Clock seconds at `active` seconds into the step (pauses skipped over)."""
        for clock, begin, length in self.segments:
            if active <= begin + length:
                return clock + max(0.0, active - begin)
        clock, begin, length = self.segments[-1]
        return clock + (active - begin)

    def track(self, every_s: float = 1.0) -> list[tuple[float, float]]:
        """(clock seconds, fraction of the lap done): its start, each `every_s`, its end."""
        begin, length = self.active_from, self.duration_s
        end = begin + length
        first = (math.floor(begin / every_s) + 1) * every_s
        actives = [begin]
        actives += [
            first + k * every_s for k in range(max(0, math.ceil((end - 1e-6 - first) / every_s)))
        ]
        actives.append(end)
        start = self.clock_at(begin)
        if abs(self.clock_at(end) - start - length) < 1e-9:  # no pause inside: most laps
            shift = start - begin
            return [(t + shift, (t - begin) / length) for t in actives]
        # Both run forward, so one pass over the segments maps every point.
        points: list[tuple[float, float]] = []
        segments, i = self.segments, 0
        last = len(segments) - 1
        for t in actives:
            while i < last and t > segments[i][1] + segments[i][2]:
                i += 1
            clock, seg_begin, _ = segments[i]
            points.append((clock + max(0.0, t - seg_begin), (t - begin) / length))
        return points


@dataclass
class _Walk:
    segments: list[list[float]] = field(default_factory=list)  # [clock, active, length]
    active: float = 0.0
    marks: list[float] = field(default_factory=list)  # active offsets of lap presses
    ending: str = "open"


def _step_of(event: EventRecord) -> int | None:
    step = event.data.get("step")
    return step if isinstance(step, int) and not isinstance(step, bool) else None


def _pause_lengths(detail: SessionDetail) -> list[float]:
    """Each pause's length in session seconds, in order.

    From the wall times its events were written, scaled to add up to the
    logged `paused_s` (for a `--speed` session those are simulated seconds).
    """
    lengths: list[float] = []
    since = None
    for event in detail.events:
        if event.kind == "pause" and since is None:
            since = event.logged_at
        elif event.kind in ("resume", "stop") and since is not None:
            lengths.append(max(0.0, (event.logged_at - since).total_seconds()))
            since = None
    total = sum(lengths)
    if detail.paused_s <= 0 or not lengths:
        return lengths
    if total <= 0:  # written within one clock tick: share the logged time out evenly
        return [detail.paused_s / len(lengths)] * len(lengths)
    return [length * detail.paused_s / total for length in lengths]


_ACTIONS = ("lap", "skip", "back")  # the runner's keys that can end a step


def _followed_by_stop(events: Sequence[EventRecord], i: int) -> bool:
    """Whether the next event after `i` that is not a cue is the session's stop."""
    for event in events[i + 1 : i + 8]:
        if event.kind != "cue":
            return event.kind == "stop"
    return False


def walk_steps(detail: SessionDetail) -> dict[int, _Walk]:
    """Each started step's active stretches on the session clock (see the module doc).

    A step's ending is the runner's lap, skip or back logged at the very
    position it ended, else a stop that follows it, else its own end.
    Cues (the split said after a lap, say) never change where time goes.
    """
    events = detail.events
    walks: dict[int, _Walk] = {}
    if not events:
        return walks
    pauses = iter(_pause_lengths(detail))
    clock, last, paused = 0.0, events[0].at_s, False
    current: int | None = None
    previous = ""  # the last event that is not a cue
    action: tuple[str, float] | None = None  # the last key in the current step, and where
    for i, event in enumerate(events):
        kind = event.kind
        if kind == "step_start" and previous in ("step_end", "skip"):
            last = event.at_s  # a jump: no time passes
        elif event.at_s > last:
            if not paused:
                delta = event.at_s - last
                if current is not None:
                    walks[current].segments[-1][2] += delta
                    walks[current].active += delta
                clock += delta
            last = event.at_s
        step = _step_of(event)
        if kind == "pause" and not paused:
            paused = True
        elif kind in ("resume", "stop") and paused:
            clock += next(pauses, 0.0)
            paused = False
            last = event.at_s
            if current is not None:  # a new stretch after the gap
                walks[current].segments.append([clock, walks[current].active, 0.0])
        if kind == "step_start" and step is not None:
            current, action = step, None
            walk = walks.setdefault(step, _Walk())
            walk.segments.append([clock, walk.active, 0.0])
        elif kind in _ACTIONS:
            action = (kind, event.at_s)
            if kind == "lap" and current is not None:
                walks[current].marks.append(walks[current].active)
        elif kind == "step_end" and step is not None:
            if action is not None and abs(action[1] - event.at_s) < 1e-6:
                ending = action[0]
            else:
                ending = "stop" if _followed_by_stop(events, i) else "natural"
            walks.setdefault(step, _Walk()).ending = ending
            current = None
        if kind != "cue":
            previous = kind
    return walks


def _edges(walk: _Walk, active: float) -> tuple[list[float], list[str]]:
    """A time step's lap boundaries (active seconds) and each lap's trigger."""
    edges, triggers, closing = [0.0], [], False
    for mark in walk.marks:
        if mark >= active - _MERGE_S:
            closing = True  # pressed at the step's end: that press closed it
            break
        if mark > edges[-1] + _NO_TIME_S:
            edges.append(mark)
            triggers.append(MANUAL)
    edges.append(active)
    triggers.append(MANUAL if closing else TIME)
    return edges, triggers


def session_laps(detail: SessionDetail, distances: Mapping[int, float]) -> list[Lap]:
    """The laps of a session in step order; `distances` maps step index → metres."""
    walks = walk_steps(detail)
    laps: list[Lap] = []
    for record in detail.steps:
        walk = walks.get(record.index)
        if walk is None or not walk.segments:
            continue
        active = record.actual_s if record.actual_s is not None else walk.active
        if active < _NO_TIME_S:
            continue
        segments = tuple((c, a, n) for c, a, n in walk.segments)
        metres = distances.get(record.index)
        if metres is not None:
            reached = walk.ending in ("lap", "natural")
            trigger = {"lap": MANUAL, "natural": DISTANCE}.get(walk.ending, TIME)
            parts = [(0.0, active, metres if reached else 0.0, trigger)]
        else:
            edges, triggers = _edges(walk, active)
            parts = [
                (edges[k], edges[k + 1] - edges[k], 0.0, triggers[k]) for k in range(len(triggers))
            ]
        for n, (begin, length, distance, trigger) in enumerate(parts, 1):
            laps.append(
                Lap(
                    record,
                    len(detail.steps),
                    n,
                    len(parts),
                    begin,
                    length,
                    distance,
                    trigger,
                    walk.ending,
                    metres,
                    segments,
                )
            )
    return laps


# --- which steps were distances -------------------------------------------------


def planned_steps(
    workout: Workout, settings: Settings
) -> list[tuple[str, str, float, float | None]]:
    """(kind, direction, planned seconds, metres or None) per step, repeats unrolled."""
    out: list[tuple[str, str, float, float | None]] = []

    def add(items: tuple[Step | Repeat, ...]) -> None:
        for item in items:
            if isinstance(item, Repeat):
                for _ in range(item.count):
                    add(item.steps)
            else:
                out.append(
                    (item.kind, item.direction, step_duration(item, settings), item.amount.metres)
                )

    add(workout.steps)
    return out


def step_distances(
    steps: Sequence[StepRecord], plan: Sequence[tuple[str, str, float, float | None]]
) -> dict[int, float]:
    """Metres per distance step, when the workout still matches what was logged.

    The log keeps each step's kind, direction and planned time but not its
    distance; the workout of the same id gives it back only when every step
    still agrees (an edited workout or a changed pace gives no distances:
    they are then unknown, and TCX says 0).
    """
    if len(plan) != len(steps):
        return {}
    for record, (kind, direction, planned, _) in zip(steps, plan, strict=True):
        if (record.kind, record.direction) != (kind, direction) or abs(
            record.planned_s - planned
        ) > 0.01:
            return {}
    return {r.index: m for r, (_, _, _, m) in zip(steps, plan, strict=True) if m is not None}
