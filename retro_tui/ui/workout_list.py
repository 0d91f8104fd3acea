"""Home's list of workouts: the runner's own first, then the shipped ones, then the plan.

A runner's own workouts (in their config file, new or changed) are what they
came for, so they lead; the programme's sessions are grouped under their
plan, so 20 "Foundations" rows do not bury the rest. A filter keeps the
workouts whose name or id holds every word typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from retro_tui.core.config import Config
from retro_tui.core.workout import Workout

OWN = "Your workouts"
SHIPPED = "Workouts"


@lru_cache(maxsize=4)
def _shipped(default_path: Path) -> dict[str, Workout]:
    from retro_tui.core.config import load_config

    return load_config(None, default_path).workouts


def shipped_workouts(default_path: Path, config: Config | None = None) -> Mapping[str, Workout]:
    """The workouts of the shipped default file alone (empty when it cannot be read).

    A config with no overlay file is the shipped default itself: nothing to
    read again on the way to home's first frame.
    """
    if config is not None and config.source is None and config.default_path == default_path:
        return config.workouts
    try:
        return _shipped(default_path)
    except Exception:  # a broken install: no "own" grouping, never a crash on home
        return {}


def matches(workout: Workout, words: str) -> bool:
    hay = f"{workout.name} {workout.id}".casefold()
    return all(word in hay for word in words.casefold().split())


def plan_title(program: str) -> str:
    """ "retro-foundations" -> "Plan: Retro foundations"."""
    return "Plan: " + program.replace("-", " ").capitalize()


def grouped(
    workouts: Iterable[Workout], shipped: Mapping[str, Workout], words: str = ""
) -> list[tuple[str, list[Workout]]]:
    """(group title, its workouts) in the order home lists them; empty groups left out."""
    own: list[Workout] = []
    plain: list[Workout] = []
    plans: dict[str, list[Workout]] = {}
    for workout in workouts:
        if words and not matches(workout, words):
            continue
        if shipped and shipped.get(workout.id) != workout:
            own.append(workout)
        elif workout.program:
            plans.setdefault(workout.program, []).append(workout)
        else:
            plain.append(workout)
    groups = [(OWN, own), (SHIPPED, plain)]
    groups += [(plan_title(program), items) for program, items in plans.items()]
    return [(title, items) for title, items in groups if items]
