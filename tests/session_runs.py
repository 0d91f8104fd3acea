"""Sessions logged by really running them: the coach's LiveSession on a fake clock.

`run_logged` drives the same engine, coach and log writer as `run --plain`
and the TUI, pressing the runner's keys at given seconds of (fake) wall time,
so what the export tests read is what a real session leaves in the log.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import retro_tui.core.store.writes as store_writes
from retro_tui.coach.live import LiveSession
from retro_tui.core.amounts import Amount
from retro_tui.core.records import SessionDetail
from retro_tui.core.settings import Settings, settings_from_raw
from retro_tui.core.store import Store
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import Repeat, Step, Workout
from tools import FakeClock

TICK_S = 0.25


def mixed_workout() -> Workout:
    """A 60 s warm-up, 2 x (100 m backward, 30 s rest), a 90 s backward walk."""
    return Workout(
        id="mixed",
        name="Mixed",
        steps=(
            Step("warmup", Amount(seconds=60), "forward"),
            Repeat(
                2,
                (
                    Step("run", Amount(metres=100), "backward"),
                    Step("rest", Amount(seconds=30), "forward"),
                ),
            ),
            Step("walk", Amount(seconds=90), "backward"),
        ),
    )


def plain_settings() -> Settings:
    return settings_from_raw({"get_ready": "10s", "pace_per_100m": "0:50"})


class _WallClock:
    """`time` for the log's writes: the fake clock as wall time, so pauses have their length."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._offset = time.time() - clock.now

    def time(self) -> float:
        return self._offset + self._clock.now

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@contextlib.contextmanager
def _logged_on(clock: FakeClock) -> Iterator[None]:
    real = store_writes.time
    store_writes.time = _WallClock(clock)  # type: ignore[assignment]
    try:
        yield
    finally:
        store_writes.time = real


def run_logged(
    data_dir: Path,
    workout: Workout,
    keys: Sequence[tuple[float, str]] = (),
    *,
    speed: float = 1.0,
    settings: Settings | None = None,
    until_s: float | None = None,
) -> SessionDetail:
    """Run `workout` into the log at `data_dir`; `keys`: (wall seconds from start, action).

    The session runs to its end, or to `until_s` wall seconds and is then
    stopped (as closing the app does). The log's write times follow the fake
    clock too, as they follow the wall clock in a real session. Returns what
    the log holds for it.
    """
    settings = settings or plain_settings()
    timeline = compile_timeline(workout, settings)
    clock = FakeClock()
    with Store.open(data_dir) as store, _logged_on(clock):
        live = LiveSession(
            timeline, settings, store=store, clock=clock, speed=speed, log_in_thread=False
        )
        live.start()
        start = clock.now
        pending = sorted(keys)
        while not live.engine.is_over:
            if until_s is not None and clock.now - start >= until_s:
                break
            clock.advance(TICK_S)
            live.update()
            while pending and clock.now - start >= pending[0][0]:
                live.act(pending.pop(0)[1])
        live.close()
        assert live.session_id is not None
        detail = store.get_session(live.session_id)
    assert detail is not None
    return detail
