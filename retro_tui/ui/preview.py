"""A workout before it starts: its steps with repeats, distances, time and cues.

Home, the plan and the checklist show it for the highlighted workout, so a
runner knows what they are about to do before pressing Enter:

    23:30 · 6:00 backwards · 20 steps
    Warm-up 5:00
    3 × Run backwards 0:30 · Rest 0:30
    Run backwards 100 m (~0:50)
    Cues: 20 step starts, 12 shoulder checks, 4 form, 60 countdown
"""

from __future__ import annotations

from collections import Counter

from retro_tui.core.amounts import format_duration
from retro_tui.core.phrases import step_length_text
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Timeline, compile_timeline
from retro_tui.core.workout import Repeat, Step, Workout, count_steps

CUE_WORDS = (
    ("step_start", "step start", "step starts"),
    ("shoulder", "shoulder check", "shoulder checks"),
    ("form", "form cue", "form cues"),
    ("halfway", "halfway", "halfways"),
    ("countdown", "countdown beep", "countdown beeps"),
)


def _items(items: tuple[Step | Repeat, ...], timeline: Timeline, at: int) -> tuple[list[str], int]:
    """The lines for `items` from timeline step `at` on, and the index after them."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, Repeat):
            inner, _ = _items(item.steps, timeline, at)
            at += item.count * count_steps(item.steps)
            if len(inner) == 1 or sum(len(x) for x in inner) < 60:
                lines.append(f"{item.count} × " + " · ".join(inner))
            else:
                lines.append(f"{item.count} ×")
                lines += [f"    {line}" for line in inner]
        else:
            step = timeline.steps[at]
            note = f" · {step.note}" if step.note else ""
            lines.append(f"{step.label} {step_length_text(step)}{note}")
            at += 1
    return lines, at


def cue_text(timeline: Timeline) -> str:
    counts = Counter(c.kind for c in timeline.cues)
    parts = [
        f"{counts[kind]} {one if counts[kind] == 1 else many}"
        for kind, one, many in CUE_WORDS
        if counts[kind]
    ]
    return "Cues: " + (", ".join(parts) if parts else "none")


def preview_lines(workout: Workout, settings: Settings) -> list[str]:
    """The head line (time, backward time, steps), one line a step or repeat, the cues."""
    timeline = compile_timeline(workout, settings)
    n = len(timeline.steps)
    head = (
        f"{format_duration(timeline.total_s)} · {format_duration(timeline.backward_s)} "
        f"backwards · {n} {'step' if n == 1 else 'steps'}"
    )
    lines, _ = _items(workout.steps, timeline, 0)
    return [head, *lines, cue_text(timeline)]


def preview_text(workout: Workout | None, settings: Settings) -> str:
    if workout is None:
        return ""
    try:
        return "\n".join(preview_lines(workout, settings))
    except ValueError as err:  # a workout the settings cannot compile: say so, never crash
        return f"No preview: {err}"
