"""The pre-run safety checklist, from the coaching notes."""

from __future__ import annotations

from retro_tui.core.settings import Settings
from retro_tui.core.workout import Workout

BASE_ITEMS = (
    "Flat, even surface (a track is best: follow the lane line)",
    "Clear space behind you: no people, cones or hurdles in your lane",
    "A spotter is optional: they can be your eyes",
    "If you lose balance: don't panic, land on your side and protect your head",
)
TREADMILL_ITEM = "Treadmill: safety clip on, start the belt slow, know where the stop is"
TREADMILL_ITEMS = (
    "Know the motion first: hold the rails lightly until it feels natural",
    "Clear space behind the treadmill",
    "If you lose balance: grab the rails, pull the clip, step to the side rails",
)


def on_treadmill(settings: Settings, workout: Workout | None = None) -> bool:
    """The `treadmill` setting, or a workout made for one (its id says so)."""
    return settings.treadmill or (workout is not None and "treadmill" in workout.id.lower())


def checklist_items(settings: Settings, workout: Workout | None = None) -> list[str]:
    if on_treadmill(settings, workout):
        return [TREADMILL_ITEM, *TREADMILL_ITEMS]
    return list(BASE_ITEMS)
