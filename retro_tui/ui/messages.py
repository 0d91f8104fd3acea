"""Messages between the screens and the app, as dataclasses (one place for all).

Screens say what happened; the app decides where to go next, so a screen
never needs to know which screen comes after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from retro_tui.core.workout import Workout

if TYPE_CHECKING:  # the session engine is not loaded before a session
    from retro_tui.coach.results import Summary


@dataclass
class StartWorkout(Message):
    """The runner picked a workout (home screen): checklist, then live."""

    workout: Workout


@dataclass
class RemoteKey(Message):
    """`r` on the checklist or live screen: the phone remote on, or its QR hidden/shown.

    `workout`: the checklist's, whose session is made now to be served."""

    workout: Workout | None = None


@dataclass
class SessionFinished(Message):
    """A live session ended (finished or stopped) and was closed in the log."""

    summary: Summary
