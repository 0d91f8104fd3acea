"""Every cue text and step label, once.

The cue plan (`core.timeline`), the engine's get-ready (`core.session`) and
the clip catalogue (`audio.clips`) all say what is written here, so a text
on screen, in the log and in a rendered clip cannot drift apart. Step
functions take any object with a step's facts (a `TimelineStep`), so this
module stays below the timeline.
"""

from __future__ import annotations

import math
from typing import Protocol

from retro_tui.core.amounts import format_duration, spoken_distance, spoken_duration

FORM_PHRASES = (
    "Tall posture, shoulders back",
    "Engage your core",
    "Arms close, natural swing",
    "Don't lean back",
    "On the balls of your feet — let the whole foot land if your calves tire",
)
FINISH_TEXT = "Workout complete. Well done!"
HALFWAY_TEXT = "Halfway"
GET_READY_TEXT = "Get ready"
GO_TEXT = "Go!"
SHOULDER_SIDES = ("left", "right")

STEP_LABELS = {
    "warmup": "Warm-up",
    "run": "Run",
    "walk": "Walk",
    "rest": "Rest",
    "cooldown": "Cool-down",
}
# Every label a step can have, as (kind, backward), in the order the clip
# catalogue (and so sounds/phrases.toml) lists their clips.
_LABEL_ORDER = (
    ("warmup", False),
    ("warmup", True),
    ("run", True),
    ("run", False),
    ("walk", True),
    ("walk", False),
    ("rest", False),
    ("cooldown", False),
    ("cooldown", True),
)

# The words that spoken amounts and repeats are joined from, when no TTS
# engine speaks a step announcement (see `audio.clips.announcement_files`).
NUMBER_WORDS = {
    0: "zero",
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}
WORDS = (
    "repeat",
    "of",
    "second",
    "seconds",
    "minute",
    "minutes",
    "metres",
    "kilometre",
    "kilometres",
    "point",
    "hundred",
    "thousand",
    "left",
    "lap",
    "faster",
    "slower",
)
SAME_TEXT = "same as last time"  # one clip: said as one phrase, not four words
# The sound check (PRODUCT.md §7): each word panned hard to its own side.
SOUND_CHECK_TEXTS = {"left": "Left", "right": "Right"}
SOUND_CHECK_QUESTION = 'Did you hear "left" on your left and "right" on your right?'
SPLIT_SAME_UNDER_S = 0.5


class StepFacts(Protocol):
    """What the texts below need of a step (a `TimelineStep` has it all)."""

    @property
    def label(self) -> str: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def round(self) -> int | None: ...
    @property
    def rounds(self) -> int | None: ...
    @property
    def note(self) -> str: ...


def form_phrase(index: int) -> str:
    """The form reminder with phrase index `index` (they take turns)."""
    return FORM_PHRASES[index % len(FORM_PHRASES)]


def shoulder_text(side: str) -> str:
    return f"Check over your {side} shoulder"


def step_label(kind: str, backward: bool) -> str:
    """ "Run backwards", "Warm-up", "Rest": what a step is, in words."""
    base = STEP_LABELS[kind]
    if kind in ("run", "walk"):
        return f"{base} {'backwards' if backward else 'forwards'}"
    if kind != "rest" and backward:
        return f"{base}, backwards"
    return base


ALL_STEP_LABELS = tuple(step_label(kind, backward) for kind, backward in _LABEL_ORDER)


def note_text(note: str) -> str:
    """A step's note as said after its announcement: "easy jog" -> "Easy jog."."""
    note = note.strip()
    if not note:
        return ""
    note = note[:1].upper() + note[1:]
    return note if note.endswith((".", "!", "?")) else note + "."


def step_start_text(step: StepFacts) -> str:
    """ "Repeat 3 of 8. Run backwards, 30 seconds. Walk back."""
    parts = []
    if step.round is not None:
        parts.append(f"Repeat {step.round} of {step.rounds}.")
    amount = (
        spoken_distance(step.distance_m)
        if step.distance_m is not None
        else spoken_duration(step.duration_s)
    )
    parts.append(f"{step.label}, {amount}.")
    if step.note:
        parts.append(note_text(step.note))
    return " ".join(parts)


def time_left_text(seconds: float) -> str:
    """ "1 minute left", "30 seconds left", "1 minute 30 seconds left"."""
    return f"{spoken_duration(seconds)} left"


# --- the spoken split (PRODUCT.md §4 `split`) ------------------------------------
# A distance step: "100 metres, 28 seconds" and, from the second rep of that
# distance, "1 second faster" / "2 seconds slower" / "same as last time"
# (whole seconds; under 0.5 s is the same). A time step: "Lap 3, 1 minute 58".


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
    if abs(diff) < SPLIT_SAME_UNDER_S:
        return SAME_TEXT
    seconds = max(1, _whole(abs(diff)))
    return f"{_plural(seconds, 'second')} {'slower' if diff > 0 else 'faster'}"


def distance_split_text(distance_m: float, lap_s: float, previous_s: float | None) -> str:
    text = f"{distance_m:g} metres, {spoken_time(lap_s)}"
    if previous_s is not None:
        text += f", {comparison(lap_s, previous_s)}"
    return text


def time_split_text(lap_number: int, lap_s: float) -> str:
    return f"Lap {lap_number}, {spoken_time(lap_s)}"


def step_length_text(step: StepFacts, estimate: str = "(~{})") -> str:
    """A step's length: "0:30", or "100 m (~0:30)" with the pace estimate.

    `estimate` frames the estimated time of a distance step: the live
    screen and `--plain` say "(~0:30)", the workouts table "≈ 0:30".
    """
    length = format_duration(step.duration_s)
    if step.distance_m is None:
        return length
    return f"{step.distance_m:g} m {estimate.format(length)}"
