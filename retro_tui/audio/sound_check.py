"""The sound check (PRODUCT.md §7): "left" in the left channel, then "right" in the right.

The panned shoulder cues are only worth having when the runner's left ear
hears the left one. The checklist's `t` and `retro-tui doctor --sound-check`
play the same two clips through the same player and `stereo` remix as every
cue, so what the runner hears here is what a session will do.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from retro_tui.audio import clips, wavs
from retro_tui.audio.player import PlayerFn, PlayResult, Playsound3Player, play_through
from retro_tui.audio.stereo import STEREO_MODES, remix_file
from retro_tui.core.phrases import SHOULDER_SIDES
from retro_tui.core.resources import sounds_dir

GAP_S = 0.4  # between the two words, so each is heard on its own


def swapped(stereo: str) -> str:
    """What `x` makes of a `stereo` value: normal <-> swapped (mono has no sides)."""
    return {"normal": "swapped", "swapped": "normal"}.get(stereo, stereo)


def play_sound_check(
    player: PlayerFn | None = None,
    *,
    stereo: str = "normal",
    sounds: Path | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> list[tuple[str, PlayResult]]:
    """Play "left" then "right" (blocking: call it off the UI thread); each side's result.

    A side that fails (no sound device) ends the check: the second would fail too.
    """
    if stereo not in STEREO_MODES:
        raise ValueError(f"stereo must be one of {', '.join(STEREO_MODES)}")
    play = player if player is not None else Playsound3Player()
    folder = sounds if sounds is not None else sounds_dir()
    results: list[tuple[str, PlayResult]] = []
    tmp = Path(tempfile.mkdtemp(prefix="retro-tui-sound-check-"))
    try:
        for i, side in enumerate(SHOULDER_SIDES):
            clip = folder / clips.sound_check_file(side)
            path = clip
            if stereo != "normal":
                path = tmp / clip.name
                try:
                    remix_file(clip, path, stereo)
                except (OSError, ValueError, EOFError) as err:
                    results.append((side, PlayResult(False, str(err) or type(err).__name__)))
                    break
            if i:
                sleep(GAP_S)
            result = play_through(
                play,
                path,
                should_stop=lambda: False,
                wait=sleep,
                timeout_s=wavs.wav_duration(path) + 5.0,
            )
            results.append((side, result))
            if not result.ok:
                break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results
