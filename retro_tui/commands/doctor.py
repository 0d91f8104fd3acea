"""`retro-tui doctor`: where things are, what the audio chain found, a test cue per level.

Exits 0 whenever a session can run — with no sound device too, saying which
fallback a session will use; 1 when the data folder cannot be written; a bad
config is refused (exit 2) by the CLI like everywhere else.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from retro_tui.audio import clips, wavs
from retro_tui.audio.player import (
    PlaybackError,
    PlayerFn,
    PlayResult,
    Playsound3Player,
    play_through,
)
from retro_tui.audio.tts import TtsEngine, TtsError, find_tts
from retro_tui.commands.common import config_from_args, data_dir_from_args
from retro_tui.core.config import resolve_config_path
from retro_tui.core.resources import default_config_path, sounds_dir

TEST_PHRASE = "Retro coach: speech check"
LEVEL_WORDS = {
    "speech": "speech",
    "beeps": "beeps",
    "bell": "the terminal bell",
    "visual": "visual cues only (the on-screen banner)",
}


def make_player() -> PlayerFn:
    """The player sessions use (tests replace this)."""
    return Playsound3Player()


def ring_bell(out: TextIO) -> None:
    out.write("\a")
    out.flush()


def _writable(path: Path) -> bool:
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def _play(player: PlayerFn, path: Path) -> PlayResult:
    return play_through(
        player,
        path,
        should_stop=lambda: False,
        wait=time.sleep,
        timeout_s=wavs.wav_duration(path) + 5.0,
    )


def _backend(player: PlayerFn) -> tuple[str, bool]:
    """(description, usable) of the player."""
    if isinstance(player, Playsound3Player):
        try:
            player.warm()
        except PlaybackError as err:
            return f"playsound3: {err}", False
        available = ", ".join(player.available_backends()) or "none"
        return f"playsound3, backend {player.backend_name} (available: {available})", True
    return f"{type(player).__name__}", True


def cmd_doctor(
    args: argparse.Namespace, out: TextIO | None = None, bell: Callable[[], None] | None = None
) -> int:
    out = out or sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out, flush=True)

    overlay = resolve_config_path(getattr(args, "config", None))
    config = config_from_args(args)  # a bad config ends here, exit 2
    settings = config.settings
    data_dir = data_dir_from_args(args)
    data_ok = _writable(data_dir)

    if getattr(args, "sound_check", False):
        return sound_check(config, overlay, say)

    say("retro-tui doctor")
    say(f"  config:     {overlay if overlay else 'none (shipped default only)'}")
    say(f"  default:    {default_config_path()}")
    say(f"  data dir:   {data_dir}" + ("" if data_ok else "  (NOT writable)"))
    say(f"  voice:      {settings.voice}")

    sounds = sounds_dir()
    present = sorted(p.name for p in sounds.glob("*.wav")) if sounds.is_dir() else []
    missing = sorted(clips.FILES - set(present))
    player = make_player()
    backend, player_ok = _backend(player)
    tts: TtsEngine | None = find_tts()
    say()
    say("Audio chain found")
    say(
        f"  sounds:     {sounds} ({len(present)} clips"
        + (f", {len(missing)} missing: {', '.join(missing[:3])}…)" if missing else ")")
    )
    say(f"  player:     {backend}")
    say(
        f"  tts:        {f'{tts.name} ({tts.executable})' if tts else 'none: notes are shown, not spoken'}"
    )

    say()
    say("Test cues")
    works: dict[str, bool] = {}

    def check(label: str, run: Callable[[], PlayResult]) -> bool:
        result = run()
        say(f"  {label:<12}{'ok' if result.ok else 'FAILED: ' + result.detail}")
        return result.ok

    can_play = player_ok and not missing
    if can_play:
        works["speech"] = check("speech", lambda: _play(player, sounds / "shoulder-left.wav"))
        if tts is not None:

            def live() -> PlayResult:
                with tempfile.TemporaryDirectory(prefix="retro-tui-doctor-") as tmp:
                    wav = Path(tmp) / "speech.wav"
                    try:
                        tts.render(TEST_PHRASE, wav)
                    except TtsError as err:
                        return PlayResult(False, str(err))
                    return _play(player, wav)

            check("live speech", live)
        works["beeps"] = check("beeps", lambda: _play(player, sounds / clips.BEEP_SHORT))
    else:
        reason = "no player" if not player_ok else "sound files missing"
        say(f"  speech      skipped ({reason})")
        say(f"  beeps       skipped ({reason})")
        works["speech"] = works["beeps"] = False

    def ring() -> PlayResult:
        try:
            (bell or (lambda: ring_bell(out)))()
        except Exception as err:  # noqa: BLE001
            return PlayResult(False, str(err))
        return PlayResult(True)

    works["bell"] = check("bell", ring)
    tty = out.isatty() if hasattr(out, "isatty") else False
    if not tty:
        say("              (sent, but this is not a terminal: a session in a terminal rings it)")
    say(f"  {'visual':<12}ok (always)")

    if settings.voice == "off":
        level = "visual"
        why = ' (voice = "off")'
    else:
        order = ("speech", "beeps", "bell") if settings.voice == "speech" else ("beeps", "bell")
        level = next((lv for lv in order if works.get(lv)), "visual")
        why = "" if level == settings.voice else f' (voice = "{settings.voice}" fell back)'
    say()
    say(f"A session will use: {LEVEL_WORDS[level]}{why}.")
    if level == "speech":
        say(
            "  Every phrase is joined from the recorded clips; notes "
            + (f"are spoken live by {tts.name}." if tts else "are shown only (no speech engine).")
        )
    if not data_ok:
        say(f"Cannot write the session log in {data_dir}: use --data-dir or $RETRO_TUI_DATA.")
        return 1
    return 0


def sound_check(config: Any, overlay: Path | None, say: Callable[[str], None]) -> int:
    """`doctor --sound-check`: the checklist's `t`, from the command line. Exit 1
    when the clips could not be played."""
    from retro_tui.audio.sound_check import play_sound_check, swapped

    stereo = config.settings.stereo
    say(
        f'Sound check (stereo = "{stereo}"): "left" in the left channel, then "right" in the right.'
    )
    results = play_sound_check(make_player(), stereo=stereo)
    for side, result in results:
        say(f"  {side:<6}{'played' if result.ok else 'FAILED: ' + result.detail}")
    if not all(result.ok for _, result in results) or len(results) < 2:
        say("No sound: check the volume and the output device, then try again.")
        return 1
    from retro_tui.core.config import user_config_path

    where = overlay if overlay else user_config_path()
    if stereo == "mono":
        say('Both words come from both sides (stereo = "mono").')
    else:
        say(
            "Did each word come from its own side? If they were the other way round, set"
            f' stereo = "{swapped(stereo)}" in {where} (or press x after t on the checklist).'
        )
    return 0
