"""The benchmark's recording audio output: chosen by $RETRO_TUI_CUE_LOG, one line per cue."""

from __future__ import annotations

from pathlib import Path

import pytest

from retro_tui.audio.recorder import CUE_LOG_ENV, CueRecorder, recorder_factory_from_env
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, TimelineStep


def test_no_recorder_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CUE_LOG_ENV, raising=False)
    assert recorder_factory_from_env() is None


def test_the_recorder_writes_start_cues_and_end(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = tmp_path / "cues.log"
    monkeypatch.setenv(CUE_LOG_ENV, str(log))
    factory = recorder_factory_from_env()
    assert factory is not None
    audio = factory(Settings(), muted=False, on_notice=print, bell=None)
    assert isinstance(audio, CueRecorder) and audio.level == "visual"
    step = TimelineStep(0, "run", "backward", 0.0, 30.0, None, None, None, "")
    audio.session_started(12.5, 2.0, 10.0)
    audio.cue(Cue(3.0, "shoulder", "Check over your left shoulder", 0, "left"), step)
    audio.close()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "start 12.500000 2 10"
    assert lines[1].startswith("cue ") and lines[1].endswith(" 3.000000 shoulder")
    assert lines[-1] == "end" and len(lines) == 3
