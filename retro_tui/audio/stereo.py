"""The `stereo` setting (PRODUCT.md §3, §7) applied to a clip before it is played.

`"normal"` plays a clip as rendered; `"swapped"` trades its two channels
(earbuds the other way round); `"mono"` gives both channels their average
(one speaker or one earbud hears everything). A mono clip sounds the same
in every mode, so only stereo clips (the panned shoulder and sound-check
cues) are rewritten.
"""

from __future__ import annotations

import shutil
import wave
from array import array
from pathlib import Path

from retro_tui.audio import wavs
from retro_tui.core.settings import STEREO_CHOICES

STEREO_MODES = STEREO_CHOICES


def remix(pcm: wavs.Pcm, mode: str) -> wavs.Pcm:
    """`pcm` as `mode` wants it heard; a mono clip (or "normal") is returned as it is."""
    if mode not in STEREO_MODES:
        raise ValueError(f"stereo must be one of {', '.join(STEREO_MODES)}")
    if pcm.channels != 2 or mode == "normal":
        return pcm
    left, right = pcm.channel(0), pcm.channel(1)
    out = array("h", bytes(len(pcm.samples) * 2))
    if mode == "swapped":
        out[0::2], out[1::2] = right, left
    else:
        both = array("h", [(a + b) // 2 for a, b in zip(left, right, strict=True)])
        out[0::2], out[1::2] = both, both
    return wavs.Pcm(pcm.rate, 2, out)


def is_stereo(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnchannels() == 2
    except (OSError, wave.Error, EOFError):
        return False  # not a WAV this module can read: played as it is


def remix_file(source: Path, out: Path, mode: str) -> None:
    """Write `source` remixed for `mode` to `out` (a plain copy when nothing changes)."""
    if mode == "normal" or not is_stereo(source):
        shutil.copyfile(source, out)
        return
    wavs.write_wav(out, remix(wavs.read_wav(source), mode))
