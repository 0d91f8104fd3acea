"""Audio cues: rendered clips, live TTS, playsound3, and the fallback chain.

`build_audio(settings, muted=..., on_notice=..., bell=...)` is the entry
point (see `retro_tui.audio.chain`); it is loaded on first use so that
importing `retro_tui.audio.base` stays cheap. No Textual import anywhere here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_audio"]


def __getattr__(name: str) -> Any:
    if name == "build_audio":
        from retro_tui.audio.chain import build_audio

        return build_audio
    raise AttributeError(f"module 'retro_tui.audio' has no attribute {name!r}")
