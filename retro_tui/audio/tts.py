"""Offline text-to-speech into a WAV file: espeak-ng, macOS `say`, Windows SAPI.

Every engine runs from an argument list (never a shell) and gets the text on
standard input or in an environment variable, so a workout note such as
`"; rm -rf ~` is only ever spoken. Output is shaped like the shipped clips
(lead silence, levelled peak, fades) when it is 16-bit PCM.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retro_tui.audio import wavs
from retro_tui.core.text import speakable

TIMEOUT_S = 10.0

# PowerShell reads text and output path from the environment: nothing is
# parsed out of the text.
_SAPI_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$s.SetOutputToWaveFile($env:RETRO_TUI_TTS_OUT); "
    "$s.Speak($env:RETRO_TUI_TTS_TEXT); $s.Dispose()"
)

Runner = Callable[..., Any]  # subprocess.run's signature


class TtsError(Exception):
    """The engine failed to render; the message says how."""


@dataclass
class TtsEngine:
    """One engine: `argv(out)` renders the text it reads from stdin or env."""

    name: str
    executable: str
    kind: str  # "espeak", "say" or "sapi"
    run: Runner = field(default=subprocess.run, repr=False)

    def command(self, text: str, out: Path) -> tuple[list[str], str | None, dict[str, str] | None]:
        """(argv, stdin text, extra environment) for rendering `text` to `out`."""
        text = speakable(text)  # never an engine's embedded command
        if self.kind == "espeak":
            return (
                [self.executable, "-v", "en-gb", "-s", "160", "--stdin", "-w", str(out)],
                text,
                None,
            )
        if self.kind == "say":
            return (
                [
                    self.executable,
                    "-f",
                    "-",
                    "-o",
                    str(out),
                    "--file-format=WAVE",
                    "--data-format=LEI16@22050",
                ],
                text,
                None,
            )
        return (
            [self.executable, "-NoProfile", "-NonInteractive", "-Command", _SAPI_SCRIPT],
            None,
            {"RETRO_TUI_TTS_TEXT": text, "RETRO_TUI_TTS_OUT": str(out)},
        )

    def render(self, text: str, out: Path) -> None:
        """Speak `text` into the WAV `out`; raises TtsError."""
        argv, stdin, extra_env = self.command(text, out)
        env = {**os.environ, **extra_env} if extra_env else None
        try:
            result = self.run(
                argv,
                input=stdin,
                text=True,
                env=env,
                timeout=TIMEOUT_S,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except (OSError, subprocess.SubprocessError) as err:
            raise TtsError(f"{self.name}: {err}") from None
        if result.returncode != 0:
            detail = (result.stderr or "").strip().splitlines()
            raise TtsError(
                f"{self.name} exited {result.returncode}" + (f": {detail[-1]}" if detail else "")
            )
        if not out.exists() or out.stat().st_size <= 44:
            raise TtsError(f"{self.name} wrote no audio")
        try:
            pcm = wavs.read_wav(out)
            trimmed = wavs.trim_silence(pcm)
            if trimmed.frames:
                wavs.write_wav(out, wavs.shape(trimmed, level_within_db=2.0))
        except Exception:  # noqa: BLE001 - an unusual format still plays as it is
            pass


def find_tts(
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
    run: Runner = subprocess.run,
) -> TtsEngine | None:
    """The first offline engine on this machine, or None."""
    if platform == "darwin" and (path := which("say")):
        return TtsEngine("say", path, "say", run)
    if platform.startswith("win"):
        path = which("powershell") or which("pwsh")
        if path:
            return TtsEngine("Windows SAPI", path, "sapi", run)
    for name in ("espeak-ng", "espeak"):
        if path := which(name):
            return TtsEngine(name, path, "espeak", run)
    return None
