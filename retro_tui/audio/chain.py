"""The fallback chain that makes cues heard: speech -> beeps -> bell -> visual.

`build_audio()` is what a session runner calls. The `AudioChain` it returns
queues cues and plays them one at a time on its own worker thread, so
`cue()` returns at once and never raises; two phrases never play at once (a
cue waits for the one playing), except that a countdown pip cuts into
whatever else is playing. A cue more than `stale_s` of wall-clock time late
when its turn comes is dropped, and `on_dropped` is told (the coach logs it).
Every file handed to the player is first remixed for the `stereo` setting.

Levels, best first:

- speech: the rendered clips in `sounds/`, joined into every phrase the
  plan says ("Repeat 3 of 8. Run backwards, 30 seconds.", "1 minute left");
  only a step's free-text note ("Walk back.") is spoken live by an offline
  TTS engine, after the clips, when there is one (else it is shown only);
- beeps: one short clip per cue kind;
- bell: the injected `bell()` (the runner's terminal bell);
- visual: nothing to hear; the on-screen banner is the cue.

A failing player (one that raises, or whose process exits non-zero, as
aplay does with no sound device) moves the chain down once, to the best
level that still works, with one notice through `on_notice`; the session
goes on. Nothing here prints: notices are the only way out.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retro_tui.audio import clips, wavs
from retro_tui.audio.base import AudioOutput, NoticeHandler, VisualOnly
from retro_tui.audio.player import (
    PlaybackError,
    PlayerFn,
    PlayResult,
    Playsound3Player,
    play_through,
)
from retro_tui.audio.rendered import Rendered
from retro_tui.audio.stereo import STEREO_MODES
from retro_tui.audio.tts import TtsEngine, TtsError, find_tts
from retro_tui.core.resources import sounds_dir
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, TimelineStep

LEVELS = ("speech", "beeps", "bell", "visual")
STALE_S = 1.0
AUTO: Any = "auto"  # build_audio(tts=AUTO): look for an engine
DroppedHandler = Callable[[Cue, float], None]  # (cue, how late it was in wall seconds)


@dataclass(frozen=True)
class _Item:
    cue: Cue
    step: TimelineStep
    due: float  # clock() reading at which the cue was due


class AudioChain:
    """An `AudioOutput` over a player, a TTS engine and a bell, all injectable."""

    def __init__(
        self,
        voice: str = "speech",
        *,
        muted: bool = False,
        on_notice: NoticeHandler | None = None,
        bell: Callable[[], object] | None = None,
        player: PlayerFn | None = None,
        tts: TtsEngine | None = None,
        sounds: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        stale_s: float = STALE_S,
        poll_s: float = 0.005,
        on_started: Callable[[Path], None] | None = None,
        stereo: str = "normal",
        on_dropped: DroppedHandler | None = None,
    ) -> None:
        if stereo not in STEREO_MODES:
            raise ValueError(f"stereo must be one of {', '.join(STEREO_MODES)}")
        self._level = voice if voice in ("speech", "beeps") else "visual"
        self._muted = muted
        self._on_notice = on_notice
        self._bell = bell
        self._player: PlayerFn = player if player is not None else Playsound3Player()
        self._tts = tts
        self._sounds = sounds if sounds is not None else sounds_dir()
        self._clock = clock
        self._stale_s = stale_s
        self._poll_s = poll_s
        self._on_started = on_started
        self._stereo = stereo
        self.on_dropped = on_dropped  # settable: the coach hooks in after the chain is built
        self.notices: list[str] = []
        self.dropped = 0  # stale cues not played
        self._cond = threading.Condition()
        self._pending: deque[_Item] = deque()
        self._busy = False
        self._current_kind: str | None = None
        self._interrupt = False
        self._closed = False
        self._files = Rendered(self._sounds)
        if self._level in ("speech", "beeps") and not (self._sounds / clips.BEEP_SHORT).is_file():
            self._degrade(self._after_sound(), f"sound files not found in {self._sounds}")
        self._preparer: threading.Thread | None = None
        self._thread = threading.Thread(target=self._run, name="retro-tui-audio", daemon=True)
        self._thread.start()

    # -- the AudioOutput protocol -------------------------------------------

    @property
    def level(self) -> str:
        return "visual" if self._muted else self._level

    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        if self._closed or self._muted or self._level == "visual":
            return
        item = _Item(cue, step, self._clock() - max(0.0, late_s))
        with self._cond:
            if cue.kind == "countdown":
                # Countdown pips keep time: to the front, and cut in on the rest.
                at = 0
                while at < len(self._pending) and self._pending[at].cue.kind == "countdown":
                    at += 1
                self._pending.insert(at, item)
                if self._busy and self._current_kind != "countdown":
                    self._interrupt = True
            else:
                self._pending.append(item)
            self._cond.notify_all()

    def set_muted(self, muted: bool) -> None:
        with self._cond:
            self._muted = muted
            if muted:
                self._pending.clear()
                self._interrupt = True
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._pending.clear()
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        if self._preparer is not None:
            # It renders into the temp folder: let it see `_closed` before that goes.
            self._preparer.join(timeout=5)
        self._files.close()

    # -- extras ---------------------------------------------------------------

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def stereo(self) -> str:
        return self._stereo

    def set_stereo(self, stereo: str) -> None:
        """Swap or merge the channels of every clip from now on (the sound check's `x`)."""
        if stereo not in STEREO_MODES:
            raise ValueError(f"stereo must be one of {', '.join(STEREO_MODES)}")
        self._stereo = stereo

    def play_clip(self, name: str) -> PlayResult:
        """Play one clip of `sounds/` now, on the caller's thread, through the
        same player and stereo remix as every cue (the sound check)."""
        return self._play(self._sounds / name)

    @property
    def tts_name(self) -> str | None:
        return self._tts.name if self._tts is not None else None

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or playing (tests, doctor, benchmarks)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def prepare(self, steps: Iterable[TimelineStep], cues: Iterable[Cue]) -> None:
        """Join the session's announcements and render their notes ahead, on a
        background thread."""
        if self._level != "speech" or self._muted:
            return
        by_index = {s.index: s for s in steps}
        todo = [
            (c, by_index[c.step])
            for c in cues
            if c.kind in ("step_start", "time_left") and c.step in by_index
        ]

        def work() -> None:
            for cue, step in todo:
                if self._closed:
                    return
                try:
                    self._speech_path(cue, step)
                    self._note_path(cue, step)
                except Exception:  # noqa: BLE001, S112 - rendered again (or not) when due
                    continue

        self._preparer = threading.Thread(target=work, name="retro-tui-audio-prepare", daemon=True)
        self._preparer.start()

    # -- the worker -------------------------------------------------------------

    def _run(self) -> None:
        warm = getattr(self._player, "warm", None)
        if warm is not None and self._level in ("speech", "beeps"):
            try:
                warm()
            except PlaybackError as err:
                self._degrade(self._after_sound(), str(err))
            except Exception as err:  # noqa: BLE001
                self._degrade(self._after_sound(), str(err) or type(err).__name__)
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._busy = False
                    self._current_kind = None
                    self._cond.notify_all()
                    self._cond.wait()
                if self._closed:
                    self._busy = False
                    self._cond.notify_all()
                    return
                item = self._pending.popleft()
                self._busy = True
                self._current_kind = item.cue.kind
                self._interrupt = False
            try:
                self._handle(item)
            except Exception as err:  # noqa: BLE001 - never let a cue kill the worker
                self._notice_once(f"Audio error ({err or type(err).__name__}); cues go on.")

    def _handle(self, item: _Item) -> None:
        late = self._clock() - item.due
        if late > self._stale_s:
            self.dropped += 1
            if self.on_dropped is not None:
                with contextlib.suppress(Exception):  # the log is told; the cues go on
                    self.on_dropped(item.cue, late)
            return
        while not (self._closed or self._muted):
            level = self._level
            if level == "visual":
                return
            if level == "bell":
                if self._bell is None:
                    self._degrade("visual", "no terminal bell")
                    return
                try:
                    self._bell()
                except Exception as err:  # noqa: BLE001
                    self._degrade("visual", f"the terminal bell failed: {err}")
                return
            result = self._play_at(item, level)
            if result.ok:
                return
            if level == "speech":
                # Is it speech or the sound device? A beep tells.
                beep = self._play(self._sounds / clips.beep_file(item.cue))
                if beep.ok:
                    self._degrade("beeps", result.detail)
                    return
                result = beep
            self._degrade(self._after_sound(), result.detail)
            # ...and this cue goes on at the new level (the bell).

    def _play_at(self, item: _Item, level: str) -> PlayResult:
        if level == "beeps":
            return self._play(self._sounds / clips.beep_file(item.cue))
        try:
            path = self._speech_path(item.cue, item.step)
        except Exception as err:  # noqa: BLE001 - a missing or broken clip
            return PlayResult(False, str(err) or type(err).__name__)
        result = self._play(path)
        if not result.ok:
            return result
        # The clips played: the note, if there is one and an engine to say it.
        note = self._note_path(item.cue, item.step)
        if note is not None and not (self._interrupt or self._closed or self._muted):
            spoken = self._play(note)
            if not spoken.ok:
                self._drop_tts(spoken.detail)
        return result

    def _play(self, path: Path) -> PlayResult:
        try:
            path = self._files.for_stereo(path, self._stereo)
        except Exception as err:  # noqa: BLE001 - an unreadable clip fails like a player would
            return PlayResult(False, str(err) or type(err).__name__)
        return play_through(
            self._player,
            path,
            should_stop=lambda: self._interrupt or self._closed or self._muted,
            wait=self._wait,
            timeout_s=wavs.wav_duration(path) + 5.0,
            poll_s=self._poll_s,
            clock=self._clock,
            on_started=self._on_started,
        )

    def _wait(self, seconds: float) -> None:
        with self._cond:
            if not (self._interrupt or self._closed or self._muted):
                self._cond.wait(seconds)

    # -- what to play -------------------------------------------------------------

    def _speech_path(self, cue: Cue, step: TimelineStep) -> Path:
        return self._files.speech(cue, step)

    def _note_path(self, cue: Cue, step: TimelineStep) -> Path | None:
        """The note said live after the clips, or None (no note, no engine, or it failed)."""
        tts = self._tts
        if tts is None:
            return None
        try:
            return self._files.note(cue, step, tts)
        except TtsError as err:
            self._drop_tts(str(err))
            return None

    # -- degradation --------------------------------------------------------------

    def _after_sound(self) -> str:
        return "bell" if self._bell is not None else "visual"

    def _degrade(self, to: str, reason: str) -> None:
        with self._cond:
            if LEVELS.index(to) <= LEVELS.index(self._level):
                return
            was, self._level = self._level, to
        if to == "beeps":
            message = f"Speech failed ({reason}): cues fall back to beeps."
        elif to == "bell":
            message = f"No sound ({reason}): cues fall back to the terminal bell."
        elif was == "bell":
            message = f"No terminal bell ({reason}): cues are shown on screen only."
        else:
            message = f"No sound ({reason}): cues are shown on screen only."
        self._notice(message)

    def _drop_tts(self, reason: str) -> None:
        tts, self._tts = self._tts, None
        if tts is not None:
            self._notice(f"Live speech ({tts.name}) failed ({reason}): notes are shown only.")

    def _notice_once(self, message: str) -> None:
        if message not in self.notices:
            self._notice(message)

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        if self._on_notice is not None:
            with contextlib.suppress(Exception):  # a broken handler must not stop the cues
                self._on_notice(message)


def build_audio(
    settings: Settings,
    muted: bool = False,
    on_notice: NoticeHandler | None = None,
    bell: Callable[[], object] | None = None,
    *,
    player: PlayerFn | None = None,
    tts: TtsEngine | None = AUTO,
    sounds: Path | None = None,
    on_dropped: DroppedHandler | None = None,
) -> AudioOutput:
    """The audio output for a session: `settings.voice` "off" -> VisualOnly.

    `bell` is called on the audio worker thread (wrap a UI call accordingly);
    `on_notice` too, once per degradation. `tts=AUTO` looks for an engine.
    """
    if settings.voice == "off":
        return VisualOnly()
    if tts is AUTO:
        tts = find_tts() if settings.voice == "speech" else None
    return AudioChain(
        settings.voice,
        muted=muted,
        on_notice=on_notice,
        bell=bell,
        player=player,
        tts=tts,
        sounds=sounds,
        stereo=settings.stereo,
        on_dropped=on_dropped,
    )
