"""Helpers for the UI tests (pilot, snapshots): fake clock, recording audio, app factory.

No tests here; `from test_ui_support import ...` (tests/ is on sys.path, see conftest).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from retro_tui.core.config import Config, load_config  # noqa: E402
from retro_tui.core.timeline import Cue, TimelineStep  # noqa: E402
from retro_tui.ui.app import RetroApp, make_app  # noqa: E402
from retro_tui.ui.screens.live import LiveScreen  # noqa: E402

TEST_CONFIG = """
[settings]
get_ready = "5s"
voice = "beeps"
shoulder_check_every = "10s"
form_reminder_every = "40s"
countdown = 3

[[workouts]]
id = "short"
name = "Short test"
description = "A short workout for the tests."
steps = [
  { warmup = "20s", note = "Easy jog" },
  { repeat = 3, steps = [ { run = "30s", note = "Stay tall" }, { rest = "15s", note = "Walk back" } ] },
  { run = "100m" },
  { cooldown = "20s" },
]
"""
# short: warm-up 0-20, run 20-50 (1/3), rest 50-65, run 65-95 (2/3), rest 95-110,
# run 110-140 (3/3), rest 140-155, run 100 m 155-205 (~50 s), cool-down 205-225.


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingAudio:
    """An AudioOutput that records what it was asked to play."""

    level = "beeps"

    def __init__(self) -> None:
        self.cues: list[Cue] = []
        self.muted_calls: list[bool] = []
        self.closed = False

    def cue(self, cue: Cue, step: TimelineStep, late_s: float = 0.0) -> None:
        self.cues.append(cue)

    def set_muted(self, muted: bool) -> None:
        self.muted_calls.append(muted)

    def close(self) -> None:
        self.closed = True


class FakeKeepAwake:
    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.acquired = 0
        self.released = 0
        self.message: str | None = None

    def acquire(self) -> None:
        self.acquired += 1

    @property
    def active(self) -> bool:
        if not self.works and self.acquired and self.message is None:
            self.message = "Could not keep the laptop awake (test): keep the screen on yourself."
        return self.works and self.acquired > self.released

    def release(self) -> None:
        self.released += 1


def test_config(tmp_path: Path, extra_settings: str = "") -> Config:
    text = TEST_CONFIG
    if extra_settings:
        text = text.replace("[settings]\n", "[settings]\n" + extra_settings + "\n", 1)
    path = tmp_path / "test-config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


test_config.__test__ = False  # type: ignore[attr-defined]  # not a test, a helper


class Harness:
    """An app wired to fakes, and what the fakes saw."""

    def __init__(
        self,
        config: Config,
        *,
        workout: str | None = None,
        data_dir: Path | None = None,
        speed: float = 1.0,
        muted: bool = False,
        keep_awake_works: bool = True,
        audio_notice: str | None = None,
        clock: Any = None,
    ) -> None:
        self.config = config
        self.clock = clock if clock is not None else FakeClock()
        self.audio = RecordingAudio()
        self.keep_awake = FakeKeepAwake(keep_awake_works)
        self.audio_calls: list[dict[str, Any]] = []
        self.bells = 0

        def audio_factory(settings: Any, *, muted: bool, on_notice: Any, bell: Any) -> Any:
            self.audio_calls.append({"muted": muted, "bell": bell})
            if audio_notice:
                on_notice(audio_notice)
            return self.audio

        self.app: RetroApp = make_app(
            config,
            data_dir=data_dir,
            workout=config.workouts[workout] if workout else None,
            speed=speed,
            muted=muted,
            clock=self.clock,
            audio_factory=audio_factory,
            store_factory=None if data_dir is None else _real_store,
            keep_awake_factory=lambda: self.keep_awake,
        )
        self.app.animation_level = "none"

    @property
    def live(self) -> LiveScreen:
        screen = self.app.screen
        assert isinstance(screen, LiveScreen), f"not on the live screen: {screen!r}"
        return screen

    def run_to(self, position: float) -> None:
        """Move the fake clock to session `position`, stopping wherever something is
        due, exactly as the cue timer would (so no cue is dropped as late)."""
        screen = self.live
        engine = screen.engine
        while not engine.is_over and engine.position() < position - 1e-9:
            due = engine.next_due_in()
            if due is None:  # paused: time does not flow
                return
            step = min(due, (position - engine.position()) / engine.speed)
            self.clock.advance(step)
            screen.poll()


def _real_store(data_dir: Path) -> Any:
    from retro_tui.core.store import Store

    return Store.open(data_dir)
