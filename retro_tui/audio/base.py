"""The interface between the session and whatever makes cues heard.

The session runner (plain or TUI) calls `AudioOutput.cue()` from its own
thread when the engine says a cue is due; an implementation must return at
once (playback happens on a worker thread) and must never raise. Opening
one is `retro_tui.audio.open.open_audio`; this module imports no
implementation.
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


class TerminalBell:
    """The terminal bell for every cue: the last step before visual only."""

    level = "bell"

    def __init__(self, bell: Callable[[], object]) -> None:
        self._bell = bell
        self._muted = False

    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        if not self._muted:
            self._bell()

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def close(self) -> None:
        pass
