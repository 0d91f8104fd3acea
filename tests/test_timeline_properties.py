"""The cue rules of PRODUCT.md §4 as properties over many generated workouts."""

from __future__ import annotations

import bisect
import dataclasses
import json
import math
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from retro_tui.core.phrases import FORM_PHRASES, time_left_text
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Timeline, compile_timeline
from retro_tui.core.workout import (
    STEP_KINDS,
    Repeat,
    Step,
    ValidationError,
    Workout,
    parse_workout,
)

EPS = 1e-6
SPACING = 3.0
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- generated workouts: raw TOML-like data through the real parser -------------


def _seconds_text(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return f"{m}:{s:02d}"


time_amount = st.one_of(
    st.integers(1, 600),  # a bare number of seconds
    st.integers(1, 600).map(lambda s: f"{s}s"),
    st.integers(1, 10).map(lambda m: f"{m}min"),
    st.tuples(st.integers(1, 9), st.integers(1, 59)).map(lambda t: f"{t[0]}min{t[1]}s"),
    st.integers(1, 900).map(_seconds_text).filter(lambda t: t != "0:00"),
    st.floats(1, 400).map(lambda x: f"{round(x, 1)}s"),  # fractional offsets (a step is >= 1 s)
)
distance_amount = st.one_of(
    st.sampled_from(["20m", "50m", "100 m", "150m", "200m", "0.4km", "1 lap", "2 laps"]),
    st.integers(20, 1500).map(lambda m: f"{m}m"),
)
interval = st.one_of(
    st.sampled_from(["5s", "10s", "15s", "20s", "30s", "45s", "1min", "90s", "off"]),
    st.integers(5, 200).map(lambda s: f"{s}s"),
    st.floats(5, 120).map(lambda x: f"{round(x, 1)}s"),
)


@st.composite
def raw_step(draw: st.DrawFn, overrides: bool = True) -> dict[str, Any]:
    kind = draw(st.sampled_from(STEP_KINDS))
    data: dict[str, Any] = {kind: draw(st.one_of(time_amount, distance_amount))}
    if kind != "rest":
        direction = draw(st.sampled_from([None, "backward", "forward"]))
        if direction:
            data["direction"] = direction
    if draw(st.booleans()):
        data["note"] = draw(st.sampled_from(["Walk back", "Stay tall", "Easy"]))
    if overrides:
        for key in ("shoulder_check_every", "form_reminder_every"):
            if draw(st.integers(0, 4)) == 0:
                data[key] = draw(interval)
    return data


def raw_steps(overrides: bool = True) -> st.SearchStrategy[list[Any]]:
    return st.recursive(
        st.lists(raw_step(overrides), min_size=1, max_size=4),
        lambda inner: st.lists(
            st.one_of(
                raw_step(overrides),
                st.builds(lambda n, s: {"repeat": n, "steps": s}, st.integers(1, 4), inner),
            ),
            min_size=1,
            max_size=4,
        ),
        max_leaves=10,
    )


def session_settings() -> st.SearchStrategy[Settings]:
    maybe_interval = st.one_of(
        st.none(), st.integers(5, 180).map(float), st.floats(5, 120).map(lambda x: round(x, 1))
    )
    return st.builds(
        Settings,
        shoulder_check_every=maybe_interval,
        first_shoulder=st.sampled_from(["left", "right"]),
        form_reminder_every=st.one_of(
            st.none(), st.integers(5, 300).map(float), st.floats(5, 200).map(lambda x: round(x, 1))
        ),
        countdown=st.integers(0, 10),
        get_ready=st.sampled_from([0.0, 5.0, 10.0, 30.0]),
        pace_per_100m=st.integers(20, 120).map(float),
        track_length=st.sampled_from([200.0, 400.0]),
        time_left=st.lists(
            st.one_of(st.sampled_from([30.0, 60.0, 120.0]), st.integers(5, 300).map(float)),
            max_size=3,
            unique=True,
        ).map(lambda xs: tuple(sorted(xs, reverse=True))),
    )


@st.composite
def cases(draw: st.DrawFn, overrides: bool = True) -> tuple[Workout, Settings]:
    s = draw(session_settings())
    data = {"id": "gen", "steps": draw(raw_steps(overrides))}
    try:
        return parse_workout(data, "workouts[0]", s.track_length, s.pace_per_100m), s
    except ValidationError as err:
        # Over 12 hours or over 2,000 steps once unrolled: refused as a typo (§3), not a case.
        assume("a workout lasts at most" not in err.message)
        assume("a workout has at most" not in err.message)
        raise


def _flat_steps(items: tuple[Step | Repeat, ...]) -> list[Step]:
    out: list[Step] = []
    for item in items:
        if isinstance(item, Repeat):
            for _ in range(item.count):
                out.extend(_flat_steps(item.steps))
        else:
            out.append(item)
    return out


# --- properties ------------------------------------------------------------------


def check_steps_are_contiguous_and_sum_to_total(case: tuple[Workout, Settings]) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    assert len(t.steps) == len(_flat_steps(workout.steps))
    assert t.steps[0].start_s == 0
    for i, (a, b) in enumerate(zip(t.steps, t.steps[1:], strict=False)):
        assert b.index == i + 1
        assert b.start_s == a.end_s
    assert all(step.duration_s > 0 for step in t.steps)
    assert math.isclose(sum(step.duration_s for step in t.steps), t.total_s, abs_tol=EPS)
    assert math.isclose(
        sum(step.duration_s for step in t.steps if step.direction == "backward"),
        t.backward_s,
        abs_tol=EPS,
    )
    assert all(step.direction == "forward" for step in t.steps if step.kind == "rest")


def check_cues_sorted_inside_their_steps_fixed_cues_in_place(
    case: tuple[Workout, Settings],
) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    times = [c.at_s for c in t.cues]
    assert times == sorted(times)
    for c in t.cues:
        step = t.steps[c.step]
        assert step.start_s <= c.at_s <= step.end_s
        if c.kind != "finish":
            assert c.at_s < step.end_s
        assert (c.side is not None) == (c.kind == "shoulder")
    assert [(c.at_s, c.step) for c in t.cues if c.kind == "step_start"] == [
        (step.start_s, step.index) for step in t.steps
    ]
    assert [(c.at_s, c.step) for c in t.cues if c.kind == "finish"] == [
        (t.total_s, t.steps[-1].index)
    ]
    assert [(c.at_s, c.step) for c in t.cues if c.kind == "halfway"] == [
        (step.start_s + step.duration_s / 2, step.index)
        for step in t.steps
        if step.duration_s >= 120
    ]
    # Time left: at end - A in every time step longer than 2 x A, never in a distance step.
    assert sorted((c.at_s, c.step, c.text) for c in t.cues if c.kind == "time_left") == sorted(
        (step.end_s - a, step.index, time_left_text(a))
        for step in t.steps
        for a in s.time_left
        if step.distance_m is None and step.duration_s > 2 * a
    )
    assert min(times) == 0
    assert max(times) == t.total_s


def check_countdown_at_end_minus_n_never_at_or_before_the_start(
    case: tuple[Workout, Settings],
) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    for step in t.steps:
        got = [(c.at_s, c.text) for c in t.cues if c.kind == "countdown" and c.step == step.index]
        want = [
            (step.end_s - n, str(n))
            for n in range(s.countdown, 0, -1)
            if step.end_s - n > step.start_s + EPS
        ]
        assert got == want
        assert all(at > step.start_s for at, _ in got)


def check_shoulder_checks_only_in_backward_steps_alternating_from_first_shoulder(
    case: tuple[Workout, Settings],
) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    flat = _flat_steps(workout.steps)
    shoulder = [c for c in t.cues if c.kind == "shoulder"]
    for c in shoulder:
        step = t.steps[c.step]
        assert step.direction == "backward"
        assert step.kind in ("run", "walk", "warmup", "cooldown")
        assert flat[c.step].shoulder_check_every != "off"
        assert step.start_s < c.at_s <= step.end_s - SPACING + EPS
        assert c.text == f"Check over your {c.side} shoulder"
    sides = [c.side for c in shoulder]
    if sides:
        assert sides[0] == s.first_shoulder
    for a, b in zip(sides, sides[1:], strict=False):
        assert a != b
    if s.shoulder_check_every is None:
        assert all(flat[c.step].shoulder_check_every is not None for c in shoulder)


def check_no_shoulder_or_form_cue_within_3s_of_any_other_cue(
    case: tuple[Workout, Settings],
) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    times = sorted(c.at_s for c in t.cues)
    for c in t.cues:
        if c.kind not in ("shoulder", "form"):
            continue
        i = bisect.bisect_left(times, c.at_s)
        assert times[i] == c.at_s
        neighbours = times[max(0, i - 1) : i] + times[i + 1 : i + 2]
        for other in neighbours:
            assert abs(other - c.at_s) >= SPACING - EPS, (c, other)


def _cumulative_backward(t: Timeline, at: float) -> float:
    total = 0.0
    for step in t.steps:
        if step.start_s >= at:
            break
        if step.direction == "backward":
            total += min(at, step.end_s) - step.start_s
    return total


@PROPS
@given(cases(overrides=False))
def test_form_cues_track_cumulative_backward_time(case: tuple[Workout, Settings]) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    form = [c for c in t.cues if c.kind == "form"]
    assert [c.text for c in form] == [FORM_PHRASES[i % len(FORM_PHRASES)] for i in range(len(form))]
    every = s.form_reminder_every
    if every is None:
        assert form == []
        return
    # marks k * every for k >= 1 strictly before the end of all backward time
    marks = max(0, math.ceil(t.backward_s / every - EPS) - 1)
    assert len(form) <= marks
    for i, c in enumerate(form):
        step = t.steps[c.step]
        assert step.direction == "backward"
        moved = _cumulative_backward(t, c.at_s) - (i + 1) * every
        assert moved >= -EPS  # never before its mark
        if len(form) == marks:  # nothing dropped: the i-th cue is the i-th mark
            assert moved <= step.duration_s + EPS


def check_per_step_form_overrides(case: tuple[Workout, Settings]) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    flat = _flat_steps(workout.steps)
    for c in t.cues:
        if c.kind == "form":
            own = flat[c.step].form_reminder_every
            assert own != "off"
            assert t.steps[c.step].direction == "backward"
            if isinstance(own, float):
                # at a multiple of its own value of step time, or moved later
                step_time = c.at_s - t.steps[c.step].start_s
                assert step_time >= own - EPS


def check_identical_on_every_run(case: tuple[Workout, Settings]) -> None:
    workout, s = case
    first = compile_timeline(workout, s)
    again = compile_timeline(
        dataclasses.replace(workout, steps=tuple(workout.steps)), dataclasses.replace(s)
    )
    assert first == again
    assert json.dumps(first.to_json()) == json.dumps(again.to_json())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_cue_rules(case: tuple[Workout, Settings]) -> None:
    """Every rule on the same generated workouts (generation is the slow part)."""
    check_steps_are_contiguous_and_sum_to_total(case)
    check_cues_sorted_inside_their_steps_fixed_cues_in_place(case)
    check_countdown_at_end_minus_n_never_at_or_before_the_start(case)
    check_shoulder_checks_only_in_backward_steps_alternating_from_first_shoulder(case)
    check_no_shoulder_or_form_cue_within_3s_of_any_other_cue(case)
    check_per_step_form_overrides(case)
    check_identical_on_every_run(case)


def test_identical_across_processes() -> None:
    """No dependence on hash seeds or anything else that varies between runs."""
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "retro_tui", "timeline", "ladder", "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


# --- an independent reference of the placement rule ---------------------------
#
# Movable cues are fully determined by the rule of PRODUCT §4: each mark goes to
# the first time at least 3 s from every cue placed before it (fixed cues, then
# shoulder checks in time order, then form cues in time order), or is dropped
# when that time is later than 3 s before its step's end. The checks below
# rebuild every mark independently and demand the compiler's cues match it
# exactly: no cue missing, none extra, none misplaced.


def _reference_first_free(t: float, placed: list[float]) -> float:
    while True:
        clash = [c for c in placed if abs(c - t) < SPACING - EPS]
        if not clash:
            return t
        t = max(clash) + SPACING


def _reference_place(
    marks: list[tuple[float, int]], placed: list[float], t: object
) -> list[tuple[float, int]]:
    out = []
    for mark, index in marks:
        step = t.steps[index]  # type: ignore[attr-defined]
        at = _reference_first_free(mark, placed)
        if at != mark and at > step.end_s - SPACING + EPS:
            continue  # dropped
        placed.append(at)
        out.append((at, index))
    return out


def _reference_marks(t: object, flat: list[Step], s: Settings) -> tuple[list, list]:
    shoulder, form = [], []
    done = 0.0
    every_form = s.form_reminder_every
    for step, raw in zip(t.steps, flat, strict=True):  # type: ignore[attr-defined]
        if step.direction != "backward":
            continue
        own = raw.shoulder_check_every
        every = None if own == "off" else (s.shoulder_check_every if own is None else own)
        if every is not None:
            k = 1
            while step.start_s + k * every < step.end_s - EPS:
                shoulder.append((step.start_s + k * every, step.index))
                k += 1
        own_form = raw.form_reminder_every
        if own_form is None and every_form is not None:
            k = max(1, math.ceil(done / every_form - EPS))
            while k * every_form - done < step.duration_s - EPS:
                form.append((step.start_s + k * every_form - done, step.index))
                k += 1
        elif isinstance(own_form, float):
            k = 1
            while step.start_s + k * own_form < step.end_s - EPS:
                form.append((step.start_s + k * own_form, step.index))
                k += 1
        done += step.duration_s
    return shoulder, form


@PROPS
@given(cases())
def test_shoulder_and_form_cues_are_exactly_the_rule(case: tuple[Workout, Settings]) -> None:
    workout, s = case
    t = compile_timeline(workout, s)
    flat = _flat_steps(workout.steps)
    shoulder_marks, form_marks = _reference_marks(t, flat, s)
    placed = [c.at_s for c in t.cues if c.kind not in ("shoulder", "form")]
    want_shoulder = _reference_place(shoulder_marks, placed, t)
    want_form = _reference_place(form_marks, placed, t)
    got_shoulder = [(c.at_s, c.step) for c in t.cues if c.kind == "shoulder"]
    got_form = [(c.at_s, c.step) for c in t.cues if c.kind == "form"]
    assert got_shoulder == pytest.approx(sorted(want_shoulder))
    assert got_form == pytest.approx(sorted(want_form))
    # Sides alternate over the checks that were placed, starting with first_shoulder.
    sides = [c.side for c in t.cues if c.kind == "shoulder"]
    other = "right" if s.first_shoulder == "left" else "left"
    assert sides == [s.first_shoulder if i % 2 == 0 else other for i in range(len(sides))]
