"""A recording audio output for benchmarks/bench_live.py: when each cue was handed over.

`RETRO_TUI_CUE_LOG=FILE` makes the app use `CueRecorder` instead of the
chain (see `recorder_factory_from_env`); nothing is played.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from retro_tui.audio.base import AudioOutput, NoticeHandler
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, TimelineStep

CUE_LOG_ENV = "RETRO_TUI_CUE_LOG"


class CueRecorder:
    """A recording player: one line per cue handed over, for the benchmark.

    Lines: `start <monotonic> <speed> <get_ready_s>` once, then
    `cue <monotonic> <at_s> <kind>` per cue, flushed as written.
    """

    level = "visual"

    def __init__(self, path: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        self._clock = clock

    def session_started(self, at: float, speed: float, get_ready_s: float) -> None:
        self._file.write(f"start {at:.6f} {speed:g} {get_ready_s:g}\n")
        self._file.flush()

    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        self._file.write(f"cue {self._clock():.6f} {cue.at_s:.6f} {cue.kind}\n")
        self._file.flush()

    def set_muted(self, muted: bool) -> None:
        pass

    def close(self) -> None:
        self._file.write("end\n")
        self._file.close()


def recorder_factory_from_env() -> Callable[..., AudioOutput] | None:
    """An audio factory (the signature of `coach.parts.AudioFactory`) that
    records to `$RETRO_TUI_CUE_LOG`, or None when it is not set."""
    path = os.environ.get(CUE_LOG_ENV)
    if not path:
        return None

    def factory(
        settings: Settings,
        *,
        muted: bool,
        on_notice: NoticeHandler,
        bell: Callable[[], None] | None,
    ) -> AudioOutput:
        return CueRecorder(path)

    return factory
