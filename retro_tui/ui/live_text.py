"""The live screen's words for a step and a clock: what the runner reads from two metres."""

from __future__ import annotations

import math

from retro_tui.core.amounts import format_duration
from retro_tui.core.phrases import STEP_LABELS, step_length_text
from retro_tui.core.timeline import TimelineStep


def remaining_text(seconds: float) -> str:
    """Time left, rounded up: a step shows 0:01 until it is over."""
    return format_duration(math.ceil(max(0.0, seconds) - 1e-6))


def elapsed_text(seconds: float) -> str:
    """Time gone, rounded down."""
    return format_duration(math.floor(max(0.0, seconds) + 1e-6))


def step_class(step: TimelineStep | None) -> str:
    """Colour class: backward/forward work, rest, warm-up/cool-down, get ready."""
    if step is None:
        return "-ready"
    if step.kind == "rest":
        return "-rest"
    if step.kind in ("warmup", "cooldown"):
        return "-easy"
    return "-work"


def kind_text(step: TimelineStep | None) -> str:
    """The step kind and its direction in words, as the head line shows them.

    "RUN BACKWARDS", "WALK FORWARDS", "WARM-UP · FORWARDS", "COOL-DOWN · BACKWARDS",
    "REST", "GET READY"; a distance step adds its distance ("RUN BACKWARDS · 100 m").
    """
    if step is None:
        return "GET READY"
    base = STEP_LABELS.get(step.kind, step.kind).upper()
    direction = "BACKWARDS" if step.backward else "FORWARDS"
    if step.kind in ("run", "walk"):
        text = f"{base} {direction}"
    elif step.kind == "rest":
        text = base
    else:
        text = f"{base} · {direction}"
    if step.distance_m is not None:
        text += f" · {distance_text(step)}"
    return text


def distance_text(step: TimelineStep) -> str:
    return f"{step.distance_m:g} m"


def step_length(step: TimelineStep) -> str:
    return step_length_text(step)


SHOULDER_WORDS = {"left": "◀ LEFT", "right": "RIGHT ▶"}


def moment_text(kind: str, side: str | None, text: str) -> str:
    """What the big clock shows for a moment: "3", "2", "1", "◀ LEFT", "RIGHT ▶" (or "").

    The runner faces the laptop to read it, so their left is the screen's
    left (a screen is not a mirror): ◀ points to the shoulder to look over.
    """
    if kind == "countdown" and text.isdigit():
        return text
    if kind == "shoulder" and side in SHOULDER_WORDS:
        return SHOULDER_WORDS[side]
    return ""


def short_notice(text: str) -> str:
    """A notice's first clause ("Could not keep the laptop awake (…)." -> its words)."""
    for stop in (" (", ". ", ": ", "; "):
        head, found, _ = text.partition(stop)
        if found and head:
            text = head
    return text.rstrip(".")


def ahead_lines(steps: tuple[TimelineStep, ...], index: int, limit: int) -> list[str]:
    """The steps after `index` (-1: the get-ready), "Rest 0:15 (1/3)", at most `limit`."""
    rest = steps[index + 1 :]
    lines = [
        f"{s.label} {step_length(s)}" + (f" ({s.round}/{s.rounds})" if s.round else "")
        for s in rest[:limit]
    ]
    if len(rest) > limit and lines:
        lines[-1] = f"… and {len(rest) - limit + 1} more"
    return lines


def split_lines(steps: tuple[TimelineStep, ...], laps: list[list[float]], limit: int) -> list[str]:
    """The laps so far, newest last: "100 m  0:31.2" on a distance step, else "Lap 2  0:46.9"."""
    from retro_tui.core.amounts import format_tenths

    lines: list[str] = []
    for step, times in zip(steps, laps, strict=False):
        for n, lap_s in enumerate(times, 1):
            what = distance_text(step) if step.distance_m is not None else f"Lap {n}"
            lines.append(f"{what:<8} {format_tenths(max(lap_s, 0.0))}")
    return lines[-limit:] if limit > 0 else []
