"""The interface between the session and whatever makes cues heard.

The session runner (plain or TUI) calls `AudioOutput.cue()` from its own
thread when the engine says a cue is due; an implementation must return at
once (playback happens on a worker thread) and must never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from retro_tui.core.settings import Settings
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


def open_audio(
    settings: Settings,
    *,
    muted: bool,
    on_notice: NoticeHandler,
    bell: Callable[[], object] | None = None,
) -> AudioOutput:
    """The session's audio: the fallback chain, or (if even that cannot start)
    the bell or visual cues, with a notice. Never raises: a session runs
    without sound rather than not at all."""
    try:
        from retro_tui.audio.chain import build_audio

        return build_audio(settings, muted=muted, on_notice=on_notice, bell=bell)
    except Exception as err:  # e.g. a broken gstreamer raising at playsound3's import
        fallback: AudioOutput = TerminalBell(bell) if bell is not None else VisualOnly()
        on_notice(f"No audio ({err}): {'terminal bell and ' if bell else ''}on-screen cues only.")
        return fallback
