"""Open a session's audio: the fallback chain, or the bell or nothing with a notice.

Sits above both `base` (the interface) and `chain` (the implementation),
so neither imports the other's way round.
"""

from __future__ import annotations

from collections.abc import Callable

from retro_tui.audio.base import AudioOutput, NoticeHandler, TerminalBell, VisualOnly
from retro_tui.core.settings import Settings


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
        # Imported here so that a failure while loading the chain is caught
        # too, and importing this module stays cheap before the first frame.
        from retro_tui.audio import chain

        return chain.build_audio(settings, muted=muted, on_notice=on_notice, bell=bell)
    except Exception as err:  # e.g. a broken gstreamer raising at playsound3's import
        fallback: AudioOutput = TerminalBell(bell) if bell is not None else VisualOnly()
        on_notice(f"No audio ({err}): {'terminal bell and ' if bell else ''}on-screen cues only.")
        return fallback
