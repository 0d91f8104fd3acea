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
