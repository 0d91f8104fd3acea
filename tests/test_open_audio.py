"""open_audio: a session gets sound, or says why not and carries on."""

from __future__ import annotations

import pytest

from retro_tui.audio import chain
from retro_tui.audio.base import TerminalBell, VisualOnly
from retro_tui.audio.open import open_audio
from retro_tui.core.settings import Settings


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("gstreamer exploded")


def test_a_broken_audio_stack_falls_back_to_the_bell_with_one_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chain, "build_audio", _broken)
    notices: list[str] = []
    rings: list[int] = []
    audio = open_audio(
        Settings(), muted=False, on_notice=notices.append, bell=lambda: rings.append(1)
    )
    assert isinstance(audio, TerminalBell) and audio.level == "bell"
    assert len(notices) == 1 and "gstreamer exploded" in notices[0]
    audio.cue(None, None)  # type: ignore[arg-type]
    audio.set_muted(True)
    audio.cue(None, None)  # type: ignore[arg-type]
    assert rings == [1]


def test_without_a_bell_it_is_visual_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain, "build_audio", _broken)
    notices: list[str] = []
    audio = open_audio(Settings(), muted=False, on_notice=notices.append)
    assert isinstance(audio, VisualOnly) and "on-screen cues only" in notices[0]


def test_voice_off_is_visual_only_and_quiet() -> None:
    notices: list[str] = []
    audio = open_audio(Settings(voice="off"), muted=False, on_notice=notices.append)
    assert audio.level == "visual" and notices == []
