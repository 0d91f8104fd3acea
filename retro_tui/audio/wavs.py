"""16-bit PCM WAV helpers on the stdlib `wave` module (no numpy).

Used by `tools/render_sounds.py` to level and shape clips, by the TTS
module to shape live speech the same way, and by the chain to join clips
into one announcement ("Repeat" + "3" + "of" + "8" ...).
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SAMPLE_RATE = 22050
LEAD_SILENCE_S = 0.15  # so Bluetooth speakers don't swallow the first syllable
FADE_S = 0.005
PEAK_DBFS = -1.0
FULL_SCALE = 32767


@dataclass
class Pcm:
    """Interleaved 16-bit samples."""

    rate: int
    channels: int
    samples: array[int]  # array("h")

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate if self.rate else 0.0

    def channel(self, index: int) -> array[int]:
        return self.samples[index :: self.channels]


def _to_native(samples: array[int]) -> array[int]:
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def read_wav(path: Path | str | BinaryIO) -> Pcm:
    """A 16-bit PCM WAV (a path or an open binary file); raises wave.Error /
    ValueError for anything else."""
    with wave.open(str(path) if isinstance(path, str | Path) else path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: {8 * w.getsampwidth()}-bit samples, not 16-bit")
        raw = w.readframes(w.getnframes())
        samples = array("h")
        samples.frombytes(raw[: len(raw) // 2 * 2])
        return Pcm(w.getframerate(), w.getnchannels(), _to_native(samples))


def write_wav(path: Path | str, pcm: Pcm) -> None:
    data = array("h", pcm.samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(pcm.channels)
        w.setsampwidth(2)
        w.setframerate(pcm.rate)
        w.writeframes(data.tobytes())


def wav_duration(path: Path | str) -> float:
    """Seconds of audio, from the header alone; 0.0 when unreadable."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / w.getframerate()
    except (OSError, wave.Error, EOFError, ZeroDivisionError):
        return 0.0


def peak(samples: Sequence[int]) -> int:
    if not samples:
        return 0
    return max(max(samples), -min(samples))


def dbfs(level: float) -> float:
    return 20 * math.log10(level / FULL_SCALE) if level > 0 else -math.inf


def rms(samples: Sequence[int]) -> float:
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def trim_silence(pcm: Pcm, threshold: int = 300) -> Pcm:
    """Drop leading and trailing frames quieter than `threshold` (keeps 10 ms margins)."""
    ch, samples = pcm.channels, pcm.samples
    n = len(samples)
    first = next((i for i in range(n) if abs(samples[i]) > threshold), None)
    if first is None:
        return Pcm(pcm.rate, ch, array("h"))
    last = next(i for i in range(n - 1, -1, -1) if abs(samples[i]) > threshold)
    margin = int(0.01 * pcm.rate)
    start = max(0, first // ch - margin)
    stop = min(pcm.frames, last // ch + margin + 1)
    return Pcm(pcm.rate, ch, samples[start * ch : stop * ch])


def shape(
    pcm: Pcm,
    lead_s: float = LEAD_SILENCE_S,
    peak_dbfs: float = PEAK_DBFS,
    fade_s: float = FADE_S,
    tail_s: float = 0.02,
    level_within_db: float = 0.0,
) -> Pcm:
    """Level the peak to `peak_dbfs`, raised-cosine fades at both ends (no
    click), then `lead_s` of silence before and `tail_s` after. A peak already
    within `level_within_db` below `peak_dbfs` (and not above 0 dBFS) is kept
    as it is, which saves live speech a pass over every sample."""
    ch = pcm.channels
    top = peak(pcm.samples)
    target = FULL_SCALE * 10 ** (peak_dbfs / 20)
    kept = level_within_db > 0 and target * 10 ** (-level_within_db / 20) <= top <= FULL_SCALE
    if top and not kept:
        gain = target / top
        out = array("h", [max(-FULL_SCALE, min(FULL_SCALE, round(s * gain))) for s in pcm.samples])
    else:
        out = array("h", pcm.samples)
    frames = pcm.frames
    fade = min(int(fade_s * pcm.rate), frames // 2)
    for i in range(fade):
        g = 0.5 - 0.5 * math.cos(math.pi * i / fade)
        for c in range(ch):
            out[i * ch + c] = round(out[i * ch + c] * g)
            j = (frames - 1 - i) * ch + c
            out[j] = round(out[j] * g)
    lead = array("h", [0]) * (int(lead_s * pcm.rate) * ch)
    tail = array("h", [0]) * (int(tail_s * pcm.rate) * ch)
    return Pcm(pcm.rate, ch, lead + out + tail)


def pan_stereo(pcm: Pcm, side: str, other_db: float = -14.0) -> Pcm:
    """Mono -> stereo with the `side` channel at full level, the other lower."""
    if pcm.channels != 1:
        raise ValueError("pan_stereo takes a mono clip")
    quiet = 10 ** (other_db / 20)
    out = array("h")
    for s in pcm.samples:
        low = round(s * quiet)
        out.extend((s, low) if side == "left" else (low, s))
    return Pcm(pcm.rate, 2, out)


def tone(freqs: Sequence[float], duration_s: float, rate: int = SAMPLE_RATE) -> Pcm:
    """A sum of sines (one frequency: a beep; several: a chord), unlevelled."""
    n = int(duration_s * rate)
    out = array("h")
    for i in range(n):
        t = i / rate
        v = sum(math.sin(2 * math.pi * f * t) for f in freqs) / len(freqs)
        out.append(round(v * 20000))
    return Pcm(rate, 1, out)


def silence(duration_s: float, rate: int = SAMPLE_RATE, channels: int = 1) -> Pcm:
    return Pcm(rate, channels, array("h", [0]) * (int(duration_s * rate) * channels))


def join(parts: Sequence[Pcm]) -> Pcm:
    if not parts:
        return silence(0.0)
    rate, ch = parts[0].rate, parts[0].channels
    out = array("h")
    for p in parts:
        if p.rate != rate or p.channels != ch:
            raise ValueError("clips to join differ in rate or channels")
        out.extend(p.samples)
    return Pcm(rate, ch, out)


PAUSE_S = 0.25  # a comma, between the words joined


def join_speech(
    paths: Sequence[Path],
    out: Path,
    gap_s: float = 0.06,
    pauses_after: frozenset[int] = frozenset(),
) -> None:
    """One announcement from several speech clips: the first keeps its lead
    silence, the others lose theirs and follow after `gap_s` (after
    `PAUSE_S` where `pauses_after` has the index of the clip before)."""
    parts: list[Pcm] = []
    for i, path in enumerate(paths):
        pcm = read_wav(path)
        if i:
            lead = int(LEAD_SILENCE_S * pcm.rate) * pcm.channels
            gap = PAUSE_S if i - 1 in pauses_after else gap_s
            parts.append(silence(gap, pcm.rate, pcm.channels))
            pcm = Pcm(pcm.rate, pcm.channels, pcm.samples[lead:])
        parts.append(pcm)
    write_wav(out, join(parts))
