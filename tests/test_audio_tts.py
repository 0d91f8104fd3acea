"""Offline TTS engines: found per platform, run from argument lists, never a shell."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from retro_tui.audio import wavs
from retro_tui.audio.tts import TtsEngine, TtsError, find_tts
from tools import require_tool

NASTY = '"; rm -rf ~ #  $(reboot) `id` -v'


class Recorder:
    def __init__(self, rc: int = 0, write: bool = True, stderr: str = "") -> None:
        self.calls: list[dict[str, Any]] = []
        self.rc, self.write, self.stderr = rc, write, stderr

    def __call__(self, argv: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append({"argv": argv, **kw})
        if self.write:
            out = next((Path(a) for a in argv if a.endswith(".wav")), None)
            if out is None and kw.get("env"):
                out = Path(kw["env"]["RETRO_TUI_TTS_OUT"])
            assert out is not None
            wavs.write_wav(out, wavs.tone([440.0], 0.3))
        return subprocess.CompletedProcess(argv, self.rc, "", self.stderr)


def _which(*present: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_find_tts_per_platform() -> None:
    assert find_tts(_which("espeak-ng"), "linux").kind == "espeak"  # type: ignore[union-attr]
    assert find_tts(_which("espeak"), "linux").name == "espeak"  # type: ignore[union-attr]
    assert find_tts(_which(), "linux") is None
    assert find_tts(_which("say"), "darwin").kind == "say"  # type: ignore[union-attr]
    assert find_tts(_which("powershell"), "win32").kind == "sapi"  # type: ignore[union-attr]
    assert find_tts(_which("say"), "linux") is None


@pytest.mark.parametrize("kind", ["espeak", "say", "sapi"])
def test_text_never_reaches_a_shell_or_the_argv(kind: str, tmp_path: Path) -> None:
    run = Recorder()
    engine = TtsEngine("x", "/usr/bin/x", kind, run)
    out = tmp_path / "out.wav"
    engine.render(NASTY, out)
    (call,) = run.calls
    assert isinstance(call["argv"], list) and call.get("shell") is not True
    assert all(NASTY not in arg for arg in call["argv"])
    assert call["timeout"] > 0
    if kind == "sapi":
        assert call["env"]["RETRO_TUI_TTS_TEXT"] == NASTY and call["input"] is None
    else:
        assert call["input"] == NASTY
    # The output is shaped like the shipped clips: lead silence, levelled peak.
    pcm = wavs.read_wav(out)
    assert wavs.peak(pcm.samples[: int(0.14 * pcm.rate)]) == 0
    assert -3.0 <= wavs.dbfs(wavs.peak(pcm.samples)) <= 0.0


def test_render_failures_raise_tts_error(tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    with pytest.raises(TtsError, match="exited 1: bad voice"):
        TtsEngine("x", "x", "espeak", Recorder(rc=1, write=False, stderr="warn\nbad voice")).render(
            "hi", out
        )
    with pytest.raises(TtsError, match="wrote no audio"):
        TtsEngine("x", "x", "espeak", Recorder(write=False)).render("hi", out)

    def missing(argv: list[str], **kw: Any) -> None:
        raise FileNotFoundError(argv[0])

    with pytest.raises(TtsError):
        TtsEngine("x", "x", "espeak", missing).render("hi", out)

    def hangs(argv: list[str], **kw: Any) -> None:
        raise subprocess.TimeoutExpired(argv, kw["timeout"])

    with pytest.raises(TtsError):
        TtsEngine("x", "x", "espeak", hangs).render("hi", out)


def test_espeak_ng_renders_a_step_announcement(tmp_path: Path) -> None:
    require_tool("espeak-ng")
    engine = find_tts()
    assert engine is not None
    out = tmp_path / "step.wav"
    engine.render("Repeat 3 of 8. Run backwards, 30 seconds. " + NASTY, out)
    pcm = wavs.read_wav(out)
    assert pcm.channels == 1 and pcm.duration_s > 2.0
    assert wavs.peak(pcm.samples[: int(0.14 * pcm.rate)]) == 0
    assert -3.0 <= wavs.dbfs(wavs.peak(pcm.samples)) <= 0.0
    assert abs(pcm.samples[-1]) < 300
