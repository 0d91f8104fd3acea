"""LiveSession's log writer: order kept, nothing lost while the disk is full for a while."""

from __future__ import annotations

from typing import Any

from retro_tui.coach.live import LiveSession
from retro_tui.core.settings import settings_from_raw
from retro_tui.core.timeline import compile_timeline
from tools import FakeClock, sample_workout


class FlakyStore:
    """A log whose disk is full for the first `fail` writes."""

    def __init__(self, fail: int) -> None:
        self.fail = fail
        self.events: list[tuple[float, str]] = []
        self.finished: dict[str, Any] | None = None

    def _maybe_fail(self) -> None:
        if self.fail > 0:
            self.fail -= 1
            raise OSError(28, "No space left on device")

    def begin_session(self, **kw: Any) -> int:
        self._maybe_fail()
        return 7

    def log_event(self, session_id: int, at_s: float, kind: str, data: Any = None) -> None:
        self._maybe_fail()
        self.events.append((at_s, kind))

    def finish_session(self, session_id: int, **kw: Any) -> None:
        self._maybe_fail()
        self.finished = kw


def _run(store: FlakyStore, threaded: bool) -> LiveSession:
    settings = settings_from_raw({"get_ready": "off"})
    timeline = compile_timeline(sample_workout(), settings)
    clock = FakeClock()
    live = LiveSession(timeline, settings, store=store, clock=clock, log_in_thread=threaded)
    live.start()
    while not live.engine.is_over:
        clock.advance(0.5)
        live.update()
    live.close()
    return live


def test_a_disk_full_for_a_while_loses_nothing_and_keeps_the_order() -> None:
    for threaded in (False, True):
        reference = _run(FlakyStore(fail=0), threaded)
        store = FlakyStore(fail=25)  # begin_session and the first 24 writes fail
        live = _run(store, threaded)
        assert store.events == _run(FlakyStore(fail=0), threaded).store.events  # type: ignore[union-attr]
        assert store.finished is not None and store.finished["status"] == "completed"
        assert live.session_id == 7
        assert len([n for n in live.notices if "cannot be written" in n]) == 1
        assert reference.notices == []


def test_a_disk_full_to_the_end_says_how_much_was_not_saved() -> None:
    store = FlakyStore(fail=10**9)
    live = _run(store, threaded=False)
    assert store.events == []
    assert any("could not be saved" in n for n in live.notices)
    assert live.summary().status == "completed"  # the session itself is whole
