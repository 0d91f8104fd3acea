"""Audio cues: rendered clips, live TTS, playsound3, and the fallback chain.

`open_audio(settings, muted=..., on_notice=..., bell=...)` (in
`retro_tui.audio.open`) is how a session gets its audio output: the chain
of `retro_tui.audio.chain`, or the bell or visual cues when that cannot
start. `base` is the interface and imports no implementation. Both names
are also offered here, loaded on first use so that importing a small part
(`base`, `clips`) stays cheap. No Textual import anywhere here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_audio", "open_audio"]


def __getattr__(name: str) -> Any:
    if name == "open_audio":
        from retro_tui.audio.open import open_audio

        return open_audio
    if name == "build_audio":
        from retro_tui.audio.chain import build_audio

        return build_audio
    raise AttributeError(f"module 'retro_tui.audio' has no attribute {name!r}")
