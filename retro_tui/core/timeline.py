"""Compile a workout into a timeline: flat steps with offsets, and the cue plan.

A pure, deterministic function of (workout, settings). Time 0 is the first
step's start; the get-ready lead-in is outside `total_s` and the cue list.
The cue rules are PRODUCT.md §4; the comments below say how each is met.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from retro_tui.core.phrases import (
    FINISH_TEXT,
    FORM_PHRASES,
    HALFWAY_TEXT,
    shoulder_text,
    step_label,
    step_start_text,
    time_left_text,
)
from retro_tui.core.settings import Settings
from retro_tui.core.workout import Repeat, Step, StepInterval, Workout

CUE_SPACING_S = 3.0
HALFWAY_MIN_S = 120.0
_EPS = 1e-6  # tolerance for comparing offsets (seconds)

# Cue kinds, and the order of cues that share an instant.
CUE_KINDS = ("finish", "step_start", "halfway", "time_left", "countdown", "shoulder", "form")
_KIND_ORDER = {kind: i for i, kind in enumerate(CUE_KINDS)}


@dataclass(frozen=True)
class TimelineStep:
    index: int
    kind: str
    direction: str
    start_s: float
    duration_s: float
    distance_m: float | None
    round: int | None
    rounds: int | None
    note: str

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    @property
    def backward(self) -> bool:
        return self.direction == "backward"

    @property
    def label(self) -> str:
        """ "Run backwards", "Warm-up", "Rest": what the step is, in words."""
        return step_label(self.kind, self.backward)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "direction": self.direction,
            "start_s": _num(self.start_s),
            "duration_s": _num(self.duration_s),
            "distance_m": None if self.distance_m is None else _num(self.distance_m),
            "round": self.round,
            "rounds": self.rounds,
            "note": self.note,
        }


@dataclass(frozen=True)
class Cue:
    """A planned cue. Its identity (kind, side, form `phrase` index) travels
    with it to the speaker, so no one has to recover it from `text`; the
    phrase index is not part of the JSON plan or the log."""

    at_s: float
    kind: str
    text: str
    step: int
    side: str | None = None
    phrase: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at_s": _num(self.at_s),
            "kind": self.kind,
            "side": self.side,
            "text": self.text,
            "step": self.step,
        }


@dataclass(frozen=True)
class Timeline:
    workout: str
    name: str
    steps: tuple[TimelineStep, ...]
    cues: tuple[Cue, ...]
    get_ready_s: float

    @property
    def total_s(self) -> float:
        return self.steps[-1].end_s if self.steps else 0.0

    @property
    def backward_s(self) -> float:
        return sum(s.duration_s for s in self.steps if s.backward)

    def to_json(self) -> dict[str, Any]:
        return {
            "workout": self.workout,
            "name": self.name,
            "total_s": _num(self.total_s),
            "backward_s": _num(self.backward_s),
            "steps": [s.to_json() for s in self.steps],
            "cues": [c.to_json() for c in self.cues],
        }


def json_number(value: float) -> float | int:
    """JSON numbers: 20 rather than 20.0, and no float noise."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


_num = json_number


@dataclass(frozen=True)
class _Flat:
    step: Step
    round: int | None
    rounds: int | None


def _flatten(
    items: tuple[Step | Repeat, ...], round_: int | None = None, rounds: int | None = None
) -> Iterator[_Flat]:
    for item in items:
        if isinstance(item, Repeat):
            for r in range(1, item.count + 1):
                yield from _flatten(item.steps, r, item.count)
        else:
            yield _Flat(item, round_, rounds)


def step_duration(step: Step, settings: Settings) -> float:
    """Seconds; a distance step is estimated from the runner's pace."""
    if step.amount.metres is not None:
        return max(1.0, round(step.amount.metres / 100.0 * settings.pace_per_100m))
    assert step.amount.seconds is not None
    return step.amount.seconds


def timeline_totals(workout: Workout, settings: Settings) -> tuple[float, float]:
    """(total_s, backward_s) of `compile_timeline(workout, settings)`, without compiling.

    Walks the steps once (a repeat's inner totals are multiplied by its
    count) and places no cues: cheap enough for a list of every workout.
    """

    def walk(items: tuple[Step | Repeat, ...]) -> tuple[float, float]:
        total = backward = 0.0
        for item in items:
            if isinstance(item, Repeat):
                inner_total, inner_backward = walk(item.steps)
                total += inner_total * item.count
                backward += inner_backward * item.count
            else:
                duration = step_duration(item, settings)
                total += duration
                if item.direction == "backward":
                    backward += duration
        return total, backward

    return walk(workout.steps)


class _Placed:
    """Times of cues already placed, for the 3-second spacing rule, in n log n.

    A movable cue due at t moves past every cue within 3 s of it, then past
    the next one if that is within 3 s of where it landed, and so on: it ends
    3 s after the last cue of a *chain* (consecutive cues less than 6 s
    apart). Scanning that chain cue by cue is what made placement quadratic
    (a 12-hour step with a check every 5 s is one chain of 8,640 cues), so
    each chain's end is kept in a union-find keyed by time; placing a cue
    only ever joins chains. The times are kept as sorted runs: a pass places
    its cues in time order, so each pass appends to its own run.
    """

    def __init__(self, times: list[float]) -> None:
        unique = sorted(set(times))
        self._runs: list[list[float]] = [unique]
        # _next[c]: a later cue of c's chain (path-compressed), or c at its end.
        self._next: dict[float, float] = {}
        for a, b in zip(unique, unique[1:], strict=False):
            self._next[a] = b if _chained(a, b) else a
        if unique:
            self._next[unique[-1]] = unique[-1]

    def _chain_end(self, c: float) -> float:
        nxt = self._next
        end = nxt[c]
        if end == c:
            return c
        while nxt[end] != end:
            end = nxt[end]
        while nxt[c] != end:  # path compression
            nxt[c], c = end, nxt[c]
        return end

    def first_free(self, t: float) -> float:
        """The first time >= t that is at least CUE_SPACING_S from every placed cue.

        Distances are compared with a small tolerance: with fractional offsets,
        (c + 3) - c can come out a hair under 3 in floating point, and a strict
        comparison would then move the cue to c + 3 again, for ever. The float
        expressions are those of a plain scan, so results are identical to it.
        """
        runs = self._runs
        while True:
            low = t - CUE_SPACING_S + _EPS
            c: float | None = None  # the first placed time >= low
            for run in runs:
                i = bisect.bisect_left(run, low)
                if i < len(run) and (c is None or run[i] < c):
                    c = run[i]
            if c is None or not c < t + CUE_SPACING_S - _EPS:
                return t
            t = self._chain_end(c) + CUE_SPACING_S

    def add(self, t: float) -> None:
        nxt = self._next
        if t in nxt:
            return
        before: float | None = None
        after: float | None = None
        for run in self._runs:
            i = bisect.bisect_left(run, t)  # t is not in run: the same as bisect_right
            if i and (before is None or run[i - 1] > before):
                before = run[i - 1]
            if i < len(run) and (after is None or run[i] < after):
                after = run[i]
        nxt[t] = after if after is not None and _chained(t, after) else t
        if before is not None and nxt[before] == before and _chained(before, t):
            nxt[before] = t  # before ended its chain; now t continues it
        runs = self._runs
        top = runs[-1]
        if top and t > top[-1]:
            top.append(t)  # a pass places its cues in time order: the usual case
            return
        runs.append([t])
        # Merge runs of similar size (as a binary counter does), so there are
        # O(log n) runs whatever the order of placement.
        while len(runs) > 1 and 2 * len(runs[-1]) >= len(runs[-2]):
            last = runs.pop()
            runs[-1] = sorted(runs[-1] + last)


def _chained(a: float, b: float) -> bool:
    """Whether a cue pushed past a (to a + 3) must then move past b too."""
    return b < a + CUE_SPACING_S + CUE_SPACING_S - _EPS


def _place(placed: _Placed, t: float, step: TimelineStep) -> float | None:
    """Where a movable cue due at t goes, or None when it must be dropped."""
    free = placed.first_free(t)
    if free == t:
        return t
    if free > step.end_s - CUE_SPACING_S + _EPS:
        return None
    return free


def _interval(own: StepInterval, session: float | None) -> float | None:
    if own == "off":
        return None
    return session if own is None else own


def _marks(start: float, end: float, every: float) -> Iterator[float]:
    """start + k*every for k >= 1, inside [start, end)."""
    k = 1
    while True:
        t = start + k * every
        if t >= end - _EPS:
            return
        yield t
        k += 1


def compile_timeline(workout: Workout, settings: Settings) -> Timeline:
    flats = list(_flatten(workout.steps))
    steps: list[TimelineStep] = []
    start = 0.0
    for i, flat in enumerate(flats):
        duration = step_duration(flat.step, settings)
        steps.append(
            TimelineStep(
                index=i,
                kind=flat.step.kind,
                direction=flat.step.direction,
                start_s=start,
                duration_s=duration,
                distance_m=flat.step.amount.metres,
                round=flat.round,
                rounds=flat.rounds,
                note=flat.step.note,
            )
        )
        start += duration

    # Cues are gathered as plain tuples (at, step, order, kind, text, side, phrase) and
    # sorted as such; Cue objects are made once at the end (a 500-step workout
    # has thousands of cues, and this is most of the compile time).
    countdown = settings.countdown
    order = _KIND_ORDER
    # Time left: at end - A in every time step longer than 2 x A (a distance
    # step's end is an estimate); fixed, like halfway.
    time_left = [(a, time_left_text(a)) for a in settings.time_left]
    raw: list[tuple[float, int, int, str, str, str | None, int | None]] = []
    for step in steps:
        start_s, end_s, index = step.start_s, step.end_s, step.index
        raw.append(
            (start_s, index, order["step_start"], "step_start", step_start_text(step), None, None)
        )
        for n in range(countdown, 0, -1):
            at = end_s - n
            if at > start_s + _EPS:
                raw.append((at, index, order["countdown"], "countdown", str(n), None, None))
        if step.duration_s >= HALFWAY_MIN_S:
            raw.append(
                (
                    start_s + step.duration_s / 2,
                    index,
                    order["halfway"],
                    "halfway",
                    HALFWAY_TEXT,
                    None,
                    None,
                )
            )
        if step.distance_m is None:
            for amount, text in time_left:
                if step.duration_s > 2 * amount + _EPS:
                    raw.append(
                        (end_s - amount, index, order["time_left"], "time_left", text, None, None)
                    )
    if steps:
        last = steps[-1]
        raw.append((last.end_s, last.index, order["finish"], "finish", FINISH_TEXT, None, None))

    # Fixed cues never move; shoulder, then form cues are placed around them.
    placed = _Placed([c[0] for c in raw])

    # Shoulder checks: in backward steps, at multiples of step time; sides
    # alternate across the session, and a dropped check keeps its side.
    side = settings.first_shoulder
    shoulder_order = order["shoulder"]
    for step, flat in zip(steps, flats, strict=True):
        every = _interval(flat.step.shoulder_check_every, settings.shoulder_check_every)
        if not step.backward or every is None:
            continue
        for mark in _marks(step.start_s, step.end_s, every):
            shoulder_at = _place(placed, mark, step)
            if shoulder_at is None:
                continue  # dropped: the side is kept for the next check
            placed.add(shoulder_at)
            raw.append(
                (
                    shoulder_at,
                    step.index,
                    shoulder_order,
                    "shoulder",
                    shoulder_text(side),
                    side,
                    None,
                )
            )
            side = "right" if side == "left" else "left"

    # Form reminders: on cumulative backward time, or on a step's own value.
    phrase = 0  # the next form phrase: they take turns across the session
    backward_before = 0.0
    session_every = settings.form_reminder_every
    form_order = order["form"]
    for step, flat in zip(steps, flats, strict=True):
        if not step.backward:
            continue
        own = flat.step.form_reminder_every
        if own is None:
            marks: list[float] = []
            if session_every is not None:
                # Session marks k * every of cumulative backward time with
                # backward_before <= mark < backward_before + duration: a mark
                # at exactly the previous backward step's end belongs here.
                k = max(1, math.ceil((backward_before - _EPS) / session_every))
                while True:
                    t = step.start_s + k * session_every - backward_before
                    if t >= step.end_s - _EPS:
                        break
                    marks.append(t)
                    k += 1
        elif own == "off":
            marks = []
        else:
            marks = list(_marks(step.start_s, step.end_s, own))
        backward_before += step.duration_s
        for mark in marks:
            form_at = _place(placed, mark, step)
            if form_at is None:
                continue
            placed.add(form_at)
            raw.append(
                (
                    form_at,
                    step.index,
                    form_order,
                    "form",
                    FORM_PHRASES[phrase],
                    None,
                    phrase,
                )
            )
            phrase = (phrase + 1) % len(FORM_PHRASES)

    raw.sort()  # by time, then step, then the kind order of CUE_KINDS
    cues = tuple(
        Cue(at, kind, text, index, side, form) for at, index, _, kind, text, side, form in raw
    )
    return Timeline(
        workout=workout.id,
        name=workout.name,
        steps=tuple(steps),
        cues=cues,
        get_ready_s=settings.get_ready,
    )
