"""The WAVs a session makes as it goes: joined phrases, live-spoken notes, stereo remixes.

Each is made once (by its key) into one temp folder, which `close()` removes.
Thread-safe: the chain's worker and its prepare thread both ask.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from retro_tui.audio import clips, wavs
from retro_tui.audio.stereo import is_stereo, remix_file
from retro_tui.audio.tts import TtsEngine
from retro_tui.core.timeline import Cue, TimelineStep


class Rendered:
    def __init__(self, sounds: Path) -> None:
        self.sounds = sounds
        self._tmp: Path | None = None
        self._cache: dict[object, Path] = {}
        self._lock = threading.Lock()

    def speech(self, cue: Cue, step: TimelineStep) -> Path:
        """The WAV that says `cue` from the clips (joined when there are several)."""
        plan = clips.speech_plan(cue, step)
        if len(plan.files) == 1:
            return self.sounds / plan.files[0]
        paths = [self.sounds / f for f in plan.files]
        return self._made(
            ("join", plan.files, plan.pauses_after),
            lambda out: wavs.join_speech(paths, out, pauses_after=plan.pauses_after),
        )

    def note(self, cue: Cue, step: TimelineStep, tts: TtsEngine) -> Path | None:
        """The free text said live after the clips (a step's note), or None when
        there is none; raises TtsError when the engine fails."""
        text = clips.speech_plan(cue, step).tts_text
        if not text:
            return None
        return self._made(("tts", text), lambda out: tts.render(text, out))

    def for_stereo(self, path: Path, stereo: str) -> Path:
        """`path` as the `stereo` setting wants it heard: channels swapped or merged."""
        if stereo == "normal" or not is_stereo(path):
            return path
        return self._made(("stereo", stereo, path), lambda out: remix_file(path, out, stereo))

    def close(self) -> None:
        with self._lock:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
            self._cache.clear()

    def _made(self, key: object, make: Callable[[Path], None]) -> Path:
        with self._lock:
            path = self._cache.get(key)
            if path is not None and path.exists():
                return path
            if self._tmp is None:
                self._tmp = Path(tempfile.mkdtemp(prefix="retro-tui-audio-"))
            path = self._tmp / f"cue-{len(self._cache)}.wav"
            make(path)
            self._cache[key] = path
            return path
