"""Workouts: steps and repeat blocks, validated from TOML data.

Validation raises `ValidationError` carrying the value path
(`workouts[2].steps[1].repeat`); the config loader adds file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from retro_tui.core.amounts import Amount, AmountError, parse_amount, parse_interval, shown

STEP_KINDS = ("warmup", "run", "walk", "rest", "cooldown")
DIRECTIONS = ("backward", "forward")
DEFAULT_DIRECTION = {
    "warmup": "forward",
    "run": "backward",
    "walk": "backward",
    "rest": "forward",
    "cooldown": "forward",
}
STEP_OPTION_KEYS = ("direction", "note", "shoulder_check_every", "form_reminder_every")
WORKOUT_KEYS = ("id", "name", "description", "steps", "program", "week", "session")
MAX_REPEAT = 100
MAX_STEPS = 2000  # a session is minutes to an hour: more is a typo (repeats nested too deep)
_ID = re.compile(r"^[A-Za-z0-9-]+$")

# A step's own interval: None inherits the session setting, "off" silences it.
StepInterval = float | Literal["off"] | None


class ValidationError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Step:
    kind: str
    amount: Amount
    direction: str
    note: str = ""
    shoulder_check_every: StepInterval = None
    form_reminder_every: StepInterval = None


@dataclass(frozen=True)
class Repeat:
    count: int
    steps: tuple[Step | Repeat, ...]


@dataclass(frozen=True)
class Workout:
    id: str
    name: str
    steps: tuple[Step | Repeat, ...]
    description: str = ""
    program: str | None = None
    week: int | None = None
    session: int | None = None


def count_steps(items: tuple[Step | Repeat, ...]) -> int:
    """How many steps a session walks through, repeats unrolled."""
    return sum(i.count * count_steps(i.steps) if isinstance(i, Repeat) else 1 for i in items)


def _accepted_keys(keys: Sequence[str]) -> str:
    return ", ".join(keys)


def _step_interval(value: object, path: str) -> StepInterval:
    try:
        seconds = parse_interval(value)
    except AmountError as err:
        raise ValidationError(path, str(err)) from None
    return "off" if seconds is None else seconds


def _text(value: object, path: str, what: str = "text") -> str:
    if not isinstance(value, str):
        raise ValidationError(path, f"{shown(value)} is not {what}: use a quoted string")
    return value


def parse_step(data: object, path: str, track_length_m: float) -> Step | Repeat:
    if not isinstance(data, Mapping):
        raise ValidationError(
            path,
            f"{shown(data)} is not a step: use an inline table such as "
            '{ run = "100m" } or { repeat = 4, steps = [...] }',
        )
    if "repeat" in data:
        return _parse_repeat(data, path, track_length_m)
    kinds = [k for k in data if k in STEP_KINDS]
    if not kinds:
        unknown = [k for k in data if k not in STEP_OPTION_KEYS]
        if unknown:
            raise ValidationError(
                f"{path}.{unknown[0]}",
                f"unknown key {unknown[0]!r}: a step has one of "
                f"{_accepted_keys(STEP_KINDS)} (or repeat), and may have "
                f"{_accepted_keys(STEP_OPTION_KEYS)}",
            )
        raise ValidationError(
            path, f"a step needs one kind: one of {_accepted_keys(STEP_KINDS)}, or a repeat block"
        )
    if len(kinds) > 1:
        raise ValidationError(
            path,
            f"a step has one kind (one of {_accepted_keys(STEP_KINDS)}), this one has "
            f"{len(kinds)} ({', '.join(kinds)}): split it into {len(kinds)} steps",
        )
    kind = kinds[0]
    for key in data:
        if key != kind and key not in STEP_OPTION_KEYS:
            raise ValidationError(
                f"{path}.{key}",
                f"unknown key {key!r} in a step: use {_accepted_keys(STEP_OPTION_KEYS)}",
            )
    try:
        amount = parse_amount(data[kind], track_length_m)
    except AmountError as err:
        raise ValidationError(f"{path}.{kind}", str(err)) from None
    direction = DEFAULT_DIRECTION[kind]
    if "direction" in data:
        if kind == "rest":
            raise ValidationError(
                f"{path}.direction",
                "a rest is standing or easy walking, never backward: it takes no direction",
            )
        direction = _text(data["direction"], f"{path}.direction")
        if direction not in DIRECTIONS:
            raise ValidationError(
                f"{path}.direction",
                f"{shown(direction)} is not a direction: use backward or forward",
            )
    note = _text(data["note"], f"{path}.note") if "note" in data else ""
    shoulder = (
        _step_interval(data["shoulder_check_every"], f"{path}.shoulder_check_every")
        if "shoulder_check_every" in data
        else None
    )
    form = (
        _step_interval(data["form_reminder_every"], f"{path}.form_reminder_every")
        if "form_reminder_every" in data
        else None
    )
    return Step(kind, amount, direction, note, shoulder, form)


def _parse_repeat(data: Mapping[str, Any], path: str, track_length_m: float) -> Repeat:
    for key in data:
        if key not in ("repeat", "steps"):
            raise ValidationError(
                f"{path}.{key}", f"unknown key {key!r} in a repeat block: use repeat and steps"
            )
    count = data["repeat"]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_REPEAT:
        raise ValidationError(
            f"{path}.repeat",
            f"{shown(count)} is not a repeat count: use a whole number from 1 to {MAX_REPEAT}",
        )
    if "steps" not in data:
        raise ValidationError(
            path, 'a repeat block needs steps: { repeat = 4, steps = [ { run = "100m" } ] }'
        )
    return Repeat(count, _parse_steps(data["steps"], f"{path}.steps", track_length_m))


def _parse_steps(data: object, path: str, track_length_m: float) -> tuple[Step | Repeat, ...]:
    if not isinstance(data, list):
        raise ValidationError(path, f"{shown(data)} is not a list of steps: use steps = [ ... ]")
    if not data:
        raise ValidationError(path, "no steps: give at least one step")
    return tuple(parse_step(item, f"{path}[{i}]", track_length_m) for i, item in enumerate(data))


def parse_workout(data: object, path: str, track_length_m: float = 400.0) -> Workout:
    prefix = f"{path}." if path else ""  # "" for a single-workout file
    if not isinstance(data, Mapping):
        raise ValidationError(path, "a workout is a table: use [[workouts]] with id and steps")
    for key in data:
        if key not in WORKOUT_KEYS:
            raise ValidationError(
                f"{prefix}{key}",
                f"unknown key {key!r} in a workout: use {_accepted_keys(WORKOUT_KEYS)}",
            )
    if "id" not in data:
        raise ValidationError(path, 'a workout needs an id: id = "my-workout"')
    workout_id = data["id"]
    if not isinstance(workout_id, str) or not _ID.match(workout_id):
        raise ValidationError(
            f"{prefix}id", f"{shown(workout_id)} is not an id: use letters, digits and -"
        )
    if "steps" not in data:
        raise ValidationError(path, "a workout needs steps: steps = [ ... ]")
    steps = _parse_steps(data["steps"], f"{prefix}steps", track_length_m)
    flat = count_steps(steps)
    if flat > MAX_STEPS:
        raise ValidationError(
            f"{prefix}steps",
            f"{flat} steps once the repeats are unrolled: a workout has at most {MAX_STEPS}",
        )
    name = _text(data["name"], f"{prefix}name") if "name" in data else workout_id
    description = (
        _text(data["description"], f"{prefix}description") if "description" in data else ""
    )
    program = _text(data["program"], f"{prefix}program") if "program" in data else None
    numbers: dict[str, int | None] = {}
    for key in ("week", "session"):
        value = data.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise ValidationError(
                f"{prefix}{key}", f"{shown(value)} is not a {key}: use a whole number from 1"
            )
        numbers[key] = value
    return Workout(
        id=workout_id,
        name=name,
        steps=steps,
        description=description,
        program=program,
        week=numbers["week"],
        session=numbers["session"],
    )
