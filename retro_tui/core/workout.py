"""Workouts: steps and repeat blocks, validated from TOML data.

Validation raises `ValidationError` carrying the value path
(`workouts[2].steps[1].repeat`); the config loader adds file and line.
Given a list, `parse_workout` gathers every error in it instead (for
`check`), in the order a first-error parse would meet them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from retro_tui.core.amounts import Amount, AmountError, parse_amount, parse_interval, shown
from retro_tui.core.text import first_control

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
MAX_NESTING = 8  # repeats inside repeats; deeper is a typo (and would recurse for ever)
MAX_TOTAL_S = 12 * 3600.0  # a whole workout, distance steps estimated from the pace
DEFAULT_PACE_S = 50.0  # Settings().pace_per_100m
# A leading "-" would read as an option on the command line ("--plain").
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
CONTROL_RANGES = "U+0000–U+001F, U+007F–U+009F"

# A step's own interval: None inherits the session setting, "off" silences it.
StepInterval = float | Literal["off"] | None


Errors = list["ValidationError"]


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
    at = first_control(value)
    if at is not None:
        # A shared file must never retitle, clear or write to the runner's
        # terminal, nor steer the speech engine (PRODUCT.md §3).
        raise ValidationError(
            path,
            f"holds the control character U+{ord(value[at]):04X} at character {at + 1}: "
            f"text is printable characters only (none of {CONTROL_RANGES})",
        )
    return value


def _gather(errors: Errors, path: str, fn: Any, value: object) -> Any:
    """fn(value, path), or None with its error added to `errors`."""
    try:
        return fn(value, path)
    except ValidationError as err:
        errors.append(err)
        return None


def parse_step(
    data: object, path: str, track_length_m: float, errors: Errors | None = None, depth: int = 0
) -> Step | Repeat:
    """One step or repeat block; with `errors`, every error is added there and
    a placeholder returned (the caller reads the list, not the result)."""
    found: Errors = []
    step = _step(data, path, track_length_m, found, depth)
    if found and errors is None:
        raise found[0]
    if errors is not None:
        errors.extend(found)
    return step


_PLACEHOLDER = Step("run", Amount(seconds=1.0), "backward")


def _step(
    data: object, path: str, track_length_m: float, errors: Errors, depth: int
) -> Step | Repeat:
    if not isinstance(data, Mapping):
        errors.append(
            ValidationError(
                path,
                f"{shown(data)} is not a step: use an inline table such as "
                '{ run = "100m" } or { repeat = 4, steps = [...] }',
            )
        )
        return _PLACEHOLDER
    if "repeat" in data:
        return _parse_repeat(data, path, track_length_m, errors, depth + 1)
    kinds = [k for k in data if k in STEP_KINDS]
    if not kinds:
        unknown = [k for k in data if k not in STEP_OPTION_KEYS]
        if unknown:
            errors.append(
                ValidationError(
                    f"{path}.{unknown[0]}",
                    f"unknown key {unknown[0]!r}: a step has one of "
                    f"{_accepted_keys(STEP_KINDS)} (or repeat), and may have "
                    f"{_accepted_keys(STEP_OPTION_KEYS)}",
                )
            )
        else:
            errors.append(
                ValidationError(
                    path,
                    f"a step needs one kind: one of {_accepted_keys(STEP_KINDS)}, or a repeat block",
                )
            )
        return _PLACEHOLDER
    if len(kinds) > 1:
        errors.append(
            ValidationError(
                path,
                f"a step has one kind (one of {_accepted_keys(STEP_KINDS)}), this one has "
                f"{len(kinds)} ({', '.join(kinds)}): split it into {len(kinds)} steps",
            )
        )
        return _PLACEHOLDER
    kind = kinds[0]
    for key in data:
        if key != kind and key not in STEP_OPTION_KEYS:
            errors.append(
                ValidationError(
                    f"{path}.{key}",
                    f"unknown key {key!r} in a step: use {_accepted_keys(STEP_OPTION_KEYS)}",
                )
            )
    amount = _PLACEHOLDER.amount
    try:
        amount = parse_amount(data[kind], track_length_m)
    except AmountError as err:
        errors.append(ValidationError(f"{path}.{kind}", str(err)))
    direction = DEFAULT_DIRECTION[kind]
    if "direction" in data:
        if kind == "rest":
            errors.append(
                ValidationError(
                    f"{path}.direction",
                    "a rest is standing or easy walking, never backward: it takes no direction",
                )
            )
        else:
            direction = _gather(errors, f"{path}.direction", _text, data["direction"]) or direction
            if direction not in DIRECTIONS:
                errors.append(
                    ValidationError(
                        f"{path}.direction",
                        f"{shown(direction)} is not a direction: use backward or forward",
                    )
                )
    note = _gather(errors, f"{path}.note", _text, data["note"]) or "" if "note" in data else ""
    shoulder = form = None
    if "shoulder_check_every" in data:
        key = f"{path}.shoulder_check_every"
        shoulder = _gather(errors, key, _step_interval, data["shoulder_check_every"])
    if "form_reminder_every" in data:
        key = f"{path}.form_reminder_every"
        form = _gather(errors, key, _step_interval, data["form_reminder_every"])
    return Step(kind, amount, direction, note, shoulder, form)


def _parse_repeat(
    data: Mapping[str, Any], path: str, track_length_m: float, errors: Errors, depth: int
) -> Repeat:
    for key in data:
        if key not in ("repeat", "steps"):
            errors.append(
                ValidationError(
                    f"{path}.{key}", f"unknown key {key!r} in a repeat block: use repeat and steps"
                )
            )
    count = data["repeat"]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_REPEAT:
        errors.append(
            ValidationError(
                f"{path}.repeat",
                f"{shown(count)} is not a repeat count: use a whole number from 1 to {MAX_REPEAT}",
            )
        )
        count = 1
    if depth > MAX_NESTING:
        # Stop here: going deeper is what overflowed the stack (190+ levels).
        errors.append(
            ValidationError(
                path,
                f"repeats nested {depth} deep: a repeat block holds at most "
                f"{MAX_NESTING} levels of repeats",
            )
        )
        return Repeat(count, (_PLACEHOLDER,))
    if "steps" not in data:
        errors.append(
            ValidationError(
                path, 'a repeat block needs steps: { repeat = 4, steps = [ { run = "100m" } ] }'
            )
        )
        return Repeat(count, (_PLACEHOLDER,))
    return Repeat(
        count, _parse_steps(data["steps"], f"{path}.steps", track_length_m, errors, depth)
    )


def _parse_steps(
    data: object, path: str, track_length_m: float, errors: Errors, depth: int = 0
) -> tuple[Step | Repeat, ...]:
    if not isinstance(data, list):
        errors.append(
            ValidationError(path, f"{shown(data)} is not a list of steps: use steps = [ ... ]")
        )
        return (_PLACEHOLDER,)
    if not data:
        errors.append(ValidationError(path, "no steps: give at least one step"))
        return (_PLACEHOLDER,)
    if len(data) > MAX_STEPS:
        # Refused before reading each one: a 1 MiB list is read in well under a second.
        errors.append(
            ValidationError(
                path, f"{len(data)} steps in one list: a workout has at most {MAX_STEPS}"
            )
        )
        return (_PLACEHOLDER,)
    return tuple(
        _step(item, f"{path}[{i}]", track_length_m, errors, depth) for i, item in enumerate(data)
    )


def estimated_total_s(items: tuple[Step | Repeat, ...], pace_per_100m: float) -> float:
    """A workout's total time, distance steps estimated from the pace.

    The estimate is `timeline.step_duration`'s (the 1 s floor and rounding
    cannot move a total across the 12-hour limit by more than a second a step).
    """
    total = 0.0
    for item in items:
        if isinstance(item, Repeat):
            total += item.count * estimated_total_s(item.steps, pace_per_100m)
        elif item.amount.metres is not None:
            total += max(1.0, round(item.amount.metres / 100.0 * pace_per_100m))
        else:
            total += item.amount.seconds or 0.0
    return total


def parse_workout(
    data: object,
    path: str,
    track_length_m: float = 400.0,
    pace_per_100m: float = DEFAULT_PACE_S,
    errors: Errors | None = None,
) -> Workout:
    """A validated workout. Raises the first ValidationError, or with `errors`
    adds every one there (the workout returned is then not to be used)."""
    found: Errors = []
    workout = _workout(data, path, track_length_m, pace_per_100m, found)
    if found and errors is None:
        raise found[0]
    if errors is not None:
        errors.extend(found)
    return workout


def _workout(
    data: object, path: str, track_length_m: float, pace_per_100m: float, errors: Errors
) -> Workout:
    prefix = f"{path}." if path else ""  # "" for a single-workout file
    if not isinstance(data, Mapping):
        errors.append(
            ValidationError(path, "a workout is a table: use [[workouts]] with id and steps")
        )
        return Workout("-", "-", (_PLACEHOLDER,))
    for key in data:
        if key not in WORKOUT_KEYS:
            errors.append(
                ValidationError(
                    f"{prefix}{key}",
                    f"unknown key {key!r} in a workout: use {_accepted_keys(WORKOUT_KEYS)}",
                )
            )
    workout_id = "-"
    if "id" not in data:
        errors.append(ValidationError(path, 'a workout needs an id: id = "my-workout"'))
    elif not isinstance(data["id"], str) or not _ID.match(data["id"]):
        errors.append(
            ValidationError(
                f"{prefix}id",
                f"{shown(data['id'])} is not an id: use letters, digits and -, "
                "starting with a letter or digit",
            )
        )
    else:
        workout_id = data["id"]
    steps: tuple[Step | Repeat, ...] = (_PLACEHOLDER,)
    if "steps" not in data:
        errors.append(ValidationError(path, "a workout needs steps: steps = [ ... ]"))
    else:
        before = len(errors)
        steps = _parse_steps(data["steps"], f"{prefix}steps", track_length_m, errors)
        flat = count_steps(steps)
        if len(errors) == before and flat > MAX_STEPS:
            errors.append(
                ValidationError(
                    f"{prefix}steps",
                    f"{flat} steps once the repeats are unrolled: a workout has at most {MAX_STEPS}",
                )
            )
        elif len(errors) == before:
            total = estimated_total_s(steps, pace_per_100m)
            if total > MAX_TOTAL_S:
                errors.append(
                    ValidationError(
                        f"{prefix}steps",
                        f"{_hours(total)} in all (distances at the pace_per_100m setting): "
                        f"a workout lasts at most {MAX_TOTAL_S / 3600:g} hours",
                    )
                )
    name = workout_id
    if "name" in data:
        name = _gather(errors, f"{prefix}name", _text, data["name"]) or workout_id
    description = ""
    if "description" in data:
        description = _gather(errors, f"{prefix}description", _text, data["description"]) or ""
    program = None
    if "program" in data:
        program = _gather(errors, f"{prefix}program", _text, data["program"])
    numbers: dict[str, int | None] = {}
    for key in ("week", "session"):
        value = data.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            errors.append(
                ValidationError(
                    f"{prefix}{key}", f"{shown(value)} is not a {key}: use a whole number from 1"
                )
            )
            value = None
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


def _hours(seconds: float) -> str:
    hours, rest = divmod(int(round(seconds)), 3600)
    return f"{hours} h {rest // 60:02d} min"
