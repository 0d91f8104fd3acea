"""The pre-run safety checklist, from the coaching notes."""

from __future__ import annotations

from retro_tui.core.settings import Settings

BASE_ITEMS = (
    "Flat, even surface (a track is best: follow the lane line)",
    "Clear space behind you: no people, cones or hurdles in your lane",
    "A spotter is optional: they can be your eyes",
    "If you lose balance: don't panic, land on your side and protect your head",
)
TREADMILL_ITEM = "Treadmill: safety clip on, start the belt slow, know where the stop is"


def checklist_items(settings: Settings) -> list[str]:
    items = list(BASE_ITEMS)
    if settings.treadmill:
        items.insert(0, TREADMILL_ITEM)
    return items
