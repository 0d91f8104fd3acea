"""What a session is made of that tests and benchmarks replace: audio and keep-awake.

Light on purpose (nothing heavy imported until a session starts), so the
app can name the defaults before its first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from retro_tui.audio.base import AudioOutput, NoticeHandler
    from retro_tui.core.settings import Settings


class AudioFactory(Protocol):
    def __call__(
        self,
        settings: Settings,
        *,
        muted: bool,
        on_notice: NoticeHandler,
        bell: Callable[[], None] | None,
    ) -> AudioOutput: ...


KeepAwakeFactory = Callable[[], Any]  # -> acquire() / active / message / release()


def chain_audio(
    settings: Settings,
    *,
    muted: bool,
    on_notice: NoticeHandler,
    bell: Callable[[], None] | None,
) -> AudioOutput:
    """The audio package's fallback chain; `bell` must be safe from any thread
    (the chain rings it from its audio worker)."""
    from retro_tui.audio.open import open_audio

    return open_audio(settings, muted=muted, on_notice=on_notice, bell=bell)


def os_keep_awake() -> Any:
    from retro_tui.coach.keepawake import KeepAwake

    return KeepAwake()
