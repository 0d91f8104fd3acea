"""The spoken split (PRODUCT.md §4 `split`): what the coach says when the runner laps.

A distance step: "100 metres, 28 seconds" and, from the second rep of that
distance in the session, how it compares ("1 second faster", "2 seconds
slower", "same as last time": whole seconds, under 0.5 s is the same). A
time step: "Lap 3, 1 minute 58".
"""

from __future__ import annotations

import math

SAME_UNDER_S = 0.5


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _whole(seconds: float) -> int:
    """Whole seconds, halves rounded up (28.5 s is said "29 seconds")."""
    return int(math.floor(seconds + 0.5))


def spoken_time(seconds: float) -> str:
    """ "28 seconds", "1 minute", "1 minute 58", "12 minutes 5": as a coach says a split."""
    total = max(0, _whole(seconds))
    minutes, rest = divmod(total, 60)
    if minutes == 0:
        return _plural(rest, "second")
    if rest == 0:
        return _plural(minutes, "minute")
    return f"{_plural(minutes, 'minute')} {rest}"


def comparison(lap_s: float, previous_s: float) -> str:
    diff = lap_s - previous_s
    if abs(diff) < SAME_UNDER_S:
        return "same as last time"
    seconds = max(1, _whole(abs(diff)))
    return f"{_plural(seconds, 'second')} {'slower' if diff > 0 else 'faster'}"


def distance_split_text(distance_m: float, lap_s: float, previous_s: float | None) -> str:
    text = f"{distance_m:g} metres, {spoken_time(lap_s)}"
    if previous_s is not None:
        text += f", {comparison(lap_s, previous_s)}"
    return text


def time_split_text(lap_number: int, lap_s: float) -> str:
    return f"Lap {lap_number}, {spoken_time(lap_s)}"
