"""Text workouts in: the intervals.icu style coaches share (PRODUCT.md §13).

    Hill session
    Warmup
    - 10m easy jog

    Main set 6x
    - run backward 30s hard
    - recover 1m

    Cooldown
    - walk 5m

One step a line starting with `-`: optional words, a duration (`30s`,
`10m`, `1h`, `1m30`, `5'`, `30"`) or a distance (`400mtr`, `2km`, `1mi`),
then anything else (a pace or heart-rate target), kept as the note with the
words that chose nothing. Here `m` is minutes and `mtr` metres, as in
intervals.icu. A line `6x`, or a header ending in `6x`, repeats the steps
after it up to the next blank line (a `Warmup`/`Cool down` header, or any
other header, ends it too); a `Warmup`/`Cooldown` header makes its steps
warm-up or cool-down. Words choose the kind (`walk`; `rest`/`recover`;
else run) and the direction (`forward`/`backward`). The first line, when it
is not a step or a header, names the workout; the id comes from the file name.

The lines become the same data a `[[workouts]]` table holds and go through
the same validation (`parse_workout`); a refusal is a `ConfigError` naming
the file, the line and what is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retro_tui.core.amounts import AMOUNT_ACCEPTED, MIN_DISTANCE_M, TIME_ACCEPTED
from retro_tui.core.config import ConfigError, read_small_file
from retro_tui.core.settings import Settings
from retro_tui.core.text import first_control
from retro_tui.core.workout import ValidationError, Workout, parse_workout

METRES_PER_MILE = 1609.344
AMOUNTS_ACCEPTED = (
    "durations 30s, 10m (minutes), 1h, 1m30, 5', 30\" and distances 400mtr (metres), 2km, 1mi"
)
STEP_ACCEPTED = (
    'a step line is "- [words] DURATION or DISTANCE [target]", e.g. "- run backward 30s" or '
    f'"- walk 400mtr": {AMOUNTS_ACCEPTED}'
)
_NUM = r"(\d+(?:\.\d+)?)"
_DISTANCE = re.compile(_NUM + r"(mtr|km|mi)", re.IGNORECASE)
_HMS = re.compile(rf"(?:{_NUM}h)?(?:{_NUM}m)?(?:{_NUM}s)?", re.IGNORECASE)
_M_SECONDS = re.compile(r"(\d+)m(\d{1,2})", re.IGNORECASE)  # 1m30
_MINUTES_QUOTE = re.compile(rf"{_NUM}'(?:{_NUM}\"?)?")  # 5'  1'30"  1'30
_SECONDS_QUOTE = re.compile(rf"{_NUM}\"")  # 30"
_STEP_LINE = re.compile(r"^\s*-\s*(.*)$")
_REPEAT_LINE = re.compile(r"^\s*(\d+)\s*x\s*$", re.IGNORECASE)
_REPEAT_HEADER = re.compile(r"^(.*?\S)\s+(\d+)\s*x\s*$", re.IGNORECASE)
_HEADER_KINDS = {"warmup": "warmup", "cooldown": "cooldown"}
_KIND_WORDS = {
    "walk": "walk",
    "walking": "walk",
    "rest": "rest",
    "resting": "rest",
    "recover": "rest",
    "recovery": "rest",
    "run": "run",
    "running": "run",
    "warmup": "warmup",
    "warm-up": "warmup",
    "cooldown": "cooldown",
    "cool-down": "cooldown",
}
_DIRECTION_WORDS = {
    "forward": "forward",
    "forwards": "forward",
    "backward": "backward",
    "backwards": "backward",
}


@dataclass(frozen=True)
class TextWorkout:
    workout: Workout
    data: dict[str, Any]  # the same data a [[workouts]] table holds, in TOML spellings


def _word(token: str) -> str:
    return token.lower().strip(".,;:!?()")


def _decimal(value: float) -> str:
    """A number as written: 1609.344 -> "1609.344", 2.0 -> "2" (to the millisecond)."""
    return f"{round(value, 3):.3f}".rstrip("0").rstrip(".")


def _time_text(seconds: float) -> str:
    """Seconds in the TOML spelling: 90 -> "1min30s", 3600 -> "1h"."""
    if abs(seconds - round(seconds)) > 1e-9:
        return f"{_decimal(seconds)}s"
    hours, rest = divmod(int(round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}min" if minutes else "")
    return text + (f"{secs}s" if secs or not text else "")


def _amount(token: str) -> tuple[float | None, str, str] | None:
    """A token as (metres or None for a time, the TOML amount, its unit), or None."""
    token = token.rstrip(",;")
    m = _DISTANCE.fullmatch(token)
    if m:
        number, unit = float(m.group(1)), m.group(2).lower()
        if unit == "mi":
            metres = number * METRES_PER_MILE
            return metres, f"{_decimal(metres)}m", unit
        if unit == "km":
            return number * 1000, f"{m.group(1)}km", unit
        return number, f"{m.group(1)}m", unit
    seconds: float | None = None
    if m := _M_SECONDS.fullmatch(token):
        seconds = int(m.group(1)) * 60 + int(m.group(2))
    elif (m := _HMS.fullmatch(token)) and any(m.groups()):
        h, mins, secs = (float(g) if g else 0.0 for g in m.groups())
        seconds = h * 3600 + mins * 60 + secs
    elif m := _MINUTES_QUOTE.fullmatch(token):
        seconds = float(m.group(1)) * 60 + float(m.group(2) or 0)
    elif m := _SECONDS_QUOTE.fullmatch(token):
        seconds = float(m.group(1))
    if seconds is None:
        return None
    return None, _time_text(seconds), "s"


def _error(file: Path | str, line: int, message: str) -> ConfigError:
    return ConfigError(file, message, line)


def _step(body: str, header_kind: str | None, file: Path | str, line: int) -> dict[str, Any]:
    tokens = body.split()
    at = next((i for i, t in enumerate(tokens) if _amount(t) is not None), None)
    if at is None:
        raise _error(file, line, f"no duration or distance in {body.strip()!r}: {STEP_ACCEPTED}")
    metres, amount, unit = _amount(tokens[at]) or (None, "", "")
    if metres is not None and metres < MIN_DISTANCE_M:
        number = tokens[at].rstrip(",;")[: -len(unit)]
        hint = f' (did you mean "{number}m", {number} minutes?)' if unit == "mtr" else ""
        raise _error(
            file,
            line,
            f"{tokens[at]!r} is {metres:g} metres: a distance is at least "
            f"{MIN_DISTANCE_M:g} m{hint}",
        )
    leading, trailing = tokens[:at], tokens[at + 1 :]
    kinds = [_KIND_WORDS[w] for w in map(_word, leading) if w in _KIND_WORDS]
    kinds = kinds or [_KIND_WORDS[w] for w in map(_word, trailing) if w in _KIND_WORDS]
    directions = [_DIRECTION_WORDS[w] for w in map(_word, tokens) if w in _DIRECTION_WORDS]
    kind = header_kind or (kinds[0] if kinds else "run")
    words = [t for t in leading if _word(t) not in _KIND_WORDS and _word(t) not in _DIRECTION_WORDS]
    step: dict[str, Any] = {kind: amount}
    if directions and not (kind == "rest" and directions[0] == "forward"):
        step["direction"] = directions[0]  # a rest is forward anyway; backward is refused
    note = " ".join(words + trailing)
    if note:
        step["note"] = note
    return step


def _lines(text: str, file: Path | str) -> list[str]:
    lines = [line.removesuffix("\r").replace("\t", " ") for line in text.split("\n")]
    for number, line in enumerate(lines, 1):
        at = first_control(line)
        if at is not None:
            raise _error(
                file,
                number,
                f"a control character (U+{ord(line[at]):04X}) at column {at + 1}: "
                "a shared workout must not write to the terminal; remove it",
            )
    return lines


def _header_kind(text: str) -> str | None:
    return _HEADER_KINDS.get(re.sub(r"[\s_:-]", "", text.lower()))


def file_id(file: Path | str) -> str:
    """The workout id a file name gives: "Hill Repeats.txt" -> "hill-repeats"."""
    return re.sub(r"[^a-z0-9]+", "-", Path(file).stem.lower()).strip("-")


def parse_text_workout(text: str, file: Path | str, settings: Settings) -> TextWorkout:
    """A text workout, validated like a TOML one; raises ConfigError (file, line)."""
    lines = _lines(text, file)
    workout_id = file_id(file)
    if not workout_id:
        raise _error(file, 1, "the file name gives no id: name it with letters or digits")
    data: dict[str, Any] = {"id": workout_id}
    steps: list[dict[str, Any]] = []
    where: dict[str, int] = {}  # value path -> line, for the validator's refusals
    repeat: dict[str, Any] | None = None
    repeat_line = 0
    header_kind: str | None = None
    seen_content = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            repeat, header_kind = None, None
            continue
        first, seen_content = not seen_content, True
        m = _STEP_LINE.match(line)
        if m:
            target = steps if repeat is None else repeat["steps"]
            path = f"steps[{len(steps)}]" if repeat is None else f"steps[{len(steps) - 1}]"
            if repeat is not None:
                path += f".steps[{len(target)}]"
            target.append(_step(m.group(1), header_kind, file, number))
            where[path] = number
            continue
        count = _REPEAT_LINE.match(line) or _REPEAT_HEADER.match(line)
        if count is None:  # a header: Warmup, Cool down, Main set, or the name
            repeat, header_kind = None, _header_kind(line)
            if first and header_kind is None:
                data["name"] = line.strip()
            continue
        if repeat is not None:
            raise _error(
                file,
                number,
                f"a repeat inside a repeat (the one from line {repeat_line} runs to the "
                "next blank line): leave a blank line before this one; nested repeats "
                "are not supported",
            )
        repeat, repeat_line = (
            {"repeat": int(count.group(count.lastindex or 1)), "steps": []},
            number,
        )
        header_kind = _header_kind(count.group(1)) if count.re is _REPEAT_HEADER else None
        where[f"steps[{len(steps)}]"] = number
        steps.append(repeat)
    if not steps:
        raise _error(
            file,
            max(1, len(lines) - (1 if text.endswith("\n") else 0)),
            f"no steps: {STEP_ACCEPTED}",
        )
    data["steps"] = steps
    try:
        workout = parse_workout(data, "", settings.track_length, settings.pace_per_100m)
    except ValidationError as err:
        message = err.message.replace(AMOUNT_ACCEPTED, AMOUNTS_ACCEPTED)
        raise _error(
            file, _line_of(where, err.path), message.replace(TIME_ACCEPTED, AMOUNTS_ACCEPTED)
        ) from None
    return TextWorkout(workout, data)


def _line_of(where: dict[str, int], path: str) -> int:
    """The line of the longest known prefix of a value path (`steps[2].steps[0].run`)."""
    while path not in where:
        shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)
        if shorter == path:
            return min(where.values(), default=1)  # the whole workout: its first step
        path = shorter
    return where[path]


def read_text_workout(path: Path, settings: Settings) -> TextWorkout:
    """Read and parse a text workout file: a regular UTF-8 file of at most 1 MiB."""
    raw = read_small_file(path, "a text workout")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(path, "is not UTF-8 text: save it as UTF-8", line) from None
    return parse_text_workout(text.removeprefix("\ufeff"), path, settings)
