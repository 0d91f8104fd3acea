"""Amounts as runners write them: "1:30", "90s", "2min", "100m", "2 laps".

Everything here is pure parsing and formatting; errors are `AmountError`
with a message that says what is accepted, so the config loader can add the
file, line and value path around it.
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass

from retro_tui.core.text import visible

TIME_ACCEPTED = (
    'a time such as "45s", "90s", "2min", "1min30s", "1:30", "1h" or a number of seconds'
)
AMOUNT_ACCEPTED = (
    TIME_ACCEPTED + ', or a distance such as "100m", "0.4km", "0.25mi", "110yd", "1 lap", "2 laps"'
)
MIN_DISTANCE_M = 20.0
MIN_STEP_S = 1.0  # a shorter step could not even be announced
MIN_INTERVAL_S = 5.0
PACE_RANGE_S = (10.0, 600.0)  # 0:10 to 10:00 per 100 m: anything else is a typo
_SHOWN_MAX = 60  # a refused value is quoted, but a huge one is cut short
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring = 3, 6, 4, 40
# Metres per unit; "m" is always metres (runners write 8 x 100 m), never miles.
_METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144}
_IMPERIAL = ("mi", "yd")  # converted to whole metres


def shown(value: object) -> str:
    """A value as the runner wrote it in TOML: "5 minutes", true, 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # Control characters as visible escapes: a refused value must not
        # drive the terminal the message is printed on.
        text = visible(value)
        if len(text) > _SHOWN_MAX:
            text = text[: _SHOWN_MAX - 1] + "…"
        return '"' + text.replace('"', '\\"') + '"'
    if isinstance(value, list | dict):
        # reprlib stops at a few levels: repr() of a deeply nested TOML array
        # would recurse without end, and a huge one would fill the screen.
        return visible(_REPR.repr(value))
    return repr(value)


class AmountError(ValueError):
    """An amount that cannot be read; the message says what is accepted."""


@dataclass(frozen=True)
class Amount:
    """Exactly one of `seconds` or `metres` is set."""

    seconds: float | None = None
    metres: float | None = None

    @property
    def is_distance(self) -> bool:
        return self.metres is not None


_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT_PART = re.compile(
    _NUMBER + r"\s*(hours|hour|hrs|hr|h|minutes|minute|mins|min|m|seconds|second|secs|sec|s)"
)
_CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
_DISTANCE = re.compile(r"^" + _NUMBER + r"\s*(m|km|mi|yd|laps?)$")
_BARE_NUMBER = re.compile(r"^" + _NUMBER + r"$")
_TIME_UNITS = {"h": 3600, "min": 60, "s": 1}


def _time_unit(word: str) -> str | None:
    if word in ("h", "hr", "hrs", "hour", "hours"):
        return "h"
    if word in ("min", "mins"):
        return "min"
    if word in ("s", "sec", "secs"):
        return "s"
    return None  # long words such as "minutes" are refused on purpose: one spelling


def _parse_compound_time(text: str) -> float | None:
    """ "1h", "2min", "1min30s", "90s" -> seconds, or None when not of that shape."""
    pos = 0
    total = 0.0
    seen: list[str] = []
    compact = text.replace(" ", "")
    while pos < len(compact):
        m = _UNIT_PART.match(compact, pos)
        if not m:
            return None
        unit = _time_unit(m.group(2))
        if unit is None or unit in seen:
            return None
        if seen and _TIME_UNITS[unit] >= _TIME_UNITS[seen[-1]]:
            return None  # units must go from large to small: "30s1min" is a typo
        seen.append(unit)
        total += float(m.group(1)) * _TIME_UNITS[unit]
        pos = m.end()
    return total if seen else None


def parse_time(value: object) -> float:
    """A time amount in seconds; raises AmountError."""
    if isinstance(value, bool):
        raise AmountError(f"{shown(value)} is not a time: use {TIME_ACCEPTED}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        clock = _CLOCK.match(text)
        if clock:
            a, b, c = clock.groups()
            seconds = float(
                int(a) * 3600 + int(b) * 60 + int(c) if c is not None else int(a) * 60 + int(b)
            )
        elif _BARE_NUMBER.match(text):
            seconds = float(text)  # "90": a bare number of seconds, quoted
        else:
            parsed = _parse_compound_time(text)
            if parsed is None:
                hint = ""
                distance = _DISTANCE.match(text)
                if distance and distance.group(2) == "m":
                    hint = f' ("{value}" is metres — did you mean "{distance.group(1)}min"?)'
                elif distance:
                    hint = " (this is a distance; a time is needed here)"
                raise AmountError(f"{shown(value)} is not a time{hint}: use {TIME_ACCEPTED}")
            seconds = parsed
    else:
        raise AmountError(f"{shown(value)} is not a time: use {TIME_ACCEPTED}")
    if math.isnan(seconds):
        raise AmountError(f"{shown(value)} is not a time: use {TIME_ACCEPTED}")
    if seconds <= 0:
        raise AmountError(f"{shown(value)} must be more than zero: use {TIME_ACCEPTED}")
    if seconds > 24 * 3600:
        raise AmountError(f"{shown(value)} is longer than a day: use {TIME_ACCEPTED}")
    return seconds


def parse_amount(value: object, track_length_m: float = 400.0) -> Amount:
    """A step amount: a time or a distance; raises AmountError."""
    if isinstance(value, str):
        text = value.strip().lower()
        m = _DISTANCE.match(text)
        if m:
            number = float(m.group(1))
            unit = m.group(2)
            metres = number * (track_length_m if unit.startswith("lap") else _METRES[unit])
            if unit in _IMPERIAL:
                metres = float(round(metres))  # 402 m, not 402.336: shown and spoken in metres
            if metres <= 0:
                raise AmountError(f"{shown(value)} must be more than zero: use {AMOUNT_ACCEPTED}")
            if unit == "m" and metres < MIN_DISTANCE_M:
                raise AmountError(
                    f'"{value}" is {m.group(1)} metres — did you mean "{m.group(1)}min"? '
                    f"A distance must be at least {MIN_DISTANCE_M:g} m"
                )
            if metres < MIN_DISTANCE_M:
                raise AmountError(
                    f"{shown(value)} is {metres:.3g} metres: a distance must be at least "
                    f"{MIN_DISTANCE_M:g} m"
                )
            if metres > 100_000:
                raise AmountError(f"{shown(value)} is longer than 100 km: use {AMOUNT_ACCEPTED}")
            return Amount(metres=metres)
    try:
        seconds = parse_time(value)
    except AmountError as err:
        message = str(err)
        if "is not a time" not in message:
            # "must be more than zero" says more than the generic list
            raise AmountError(message.replace(TIME_ACCEPTED, AMOUNT_ACCEPTED)) from None
        raise AmountError(f"{shown(value)} is not an amount: use {AMOUNT_ACCEPTED}") from None
    if seconds < MIN_STEP_S:
        # A bare number is seconds: {run = 0.0001} is a tenth of a millisecond.
        raise AmountError(
            f"{shown(value)} is {seconds:.3g} seconds: a step is at least {MIN_STEP_S:g} s "
            f"(a bare number is seconds); use {AMOUNT_ACCEPTED}"
        )
    return Amount(seconds=seconds)


def parse_interval(value: object) -> float | None:
    """An interval setting: a time, or "off" (None)."""
    if isinstance(value, str) and value.strip().lower() == "off":
        return None
    try:
        seconds = parse_time(value)
    except AmountError as err:
        hint = ""
        if "did you mean" in str(err):
            hint = " (" + str(err).split(" (", 1)[1].split(")", 1)[0] + ")"
        raise AmountError(
            f'{shown(value)} is not an interval{hint}: use {TIME_ACCEPTED}, or "off"'
        ) from None
    if seconds < MIN_INTERVAL_S:
        # Cues stand 3 s apart: a shorter interval could never be heard as one.
        raise AmountError(
            f'{shown(value)} is too often for a cue: use {MIN_INTERVAL_S:g}s or more, or "off"'
        )
    return seconds


def parse_pace(value: object) -> float:
    """Seconds per 100 m from "0:50" or "50s", from 0:10 to 10:00."""
    accepted = 'use a time per 100 m from "0:10" to "10:00", such as "0:50" or "55s"'
    try:
        seconds = parse_time(value)
    except AmountError:
        raise AmountError(f"{shown(value)} is not a pace: {accepted}") from None
    low, high = PACE_RANGE_S
    if not low <= seconds <= high:
        raise AmountError(f"{shown(value)} is outside the paces accepted: {accepted}")
    return seconds


def parse_track_length(value: object) -> float:
    if isinstance(value, str):
        m = _DISTANCE.match(value.strip().lower())
        if m and m.group(2) in _METRES:  # "440yd" is an old imperial track
            metres = float(m.group(1)) * _METRES[m.group(2)]
            if m.group(2) in _IMPERIAL:
                metres = float(round(metres))
            if 50 <= metres <= 5000:
                return metres
    elif isinstance(value, int | float) and not isinstance(value, bool) and 50 <= value <= 5000:
        return float(value)
    raise AmountError(f'{shown(value)} is not a track length: use a distance such as "400m"')


def format_duration(seconds: float) -> str:
    """Human clock: 90 -> "1:30", 3725 -> "1:02:05"."""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_tenths(seconds: float) -> str:
    """A lap or step time to the tenth: 90.25 -> "1:30.2", 62.34 -> "1:02.3"."""
    tenths = int(round(seconds * 10))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


def spoken_duration(seconds: float) -> str:
    """For speech: 30 -> "30 seconds", 90 -> "1 minute 30 seconds"."""
    total = int(round(seconds))
    m, s = divmod(total, 60)
    parts = []
    if m:
        parts.append(f"{m} minute" + ("s" if m != 1 else ""))
    if s or not parts:
        parts.append(f"{s} second" + ("s" if s != 1 else ""))
    return " ".join(parts)


def spoken_distance(metres: float) -> str:
    if metres >= 1000 and metres % 100 == 0:
        return f"{metres / 1000:g} kilometres"
    return f"{metres:g} metres"
