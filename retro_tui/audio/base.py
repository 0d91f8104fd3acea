"""The interface between the session and whatever makes cues heard.

The session runner (plain or TUI) calls `AudioOutput.cue()` from its own
thread when the engine says a cue is due; an implementation must return at
once (playback happens on a worker thread) and must never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from retro_tui.core.timeline import Cue, TimelineStep

# Told once per degradation ("No sound device: falling back to beeps").
NoticeHandler = Callable[[str], None]


class AudioOutput(Protocol):
    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        """Make `cue` heard; `late_s` is how late (wall clock) it is being handed over."""

    def set_muted(self, muted: bool) -> None: ...

    @property
    def level(self) -> str:
        """What cues currently sound like: "speech", "beeps", "bell" or "visual"."""
        ...

    def close(self) -> None:
        """Stop playback and reap player processes."""


class VisualOnly:
    """No sound at all: the on-screen banner is the cue."""

    level = "visual"

    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def close(self) -> None:
        pass
