"""One live session: the engine, wired to the session log and to audio.

Both runners (`--plain` and the TUI) drive a `LiveSession`: they call
`update()` when the engine says something is due and `act()` for the
runner's keys, then show the returned events. This object logs every event
(on a writer thread, so SQLite never blocks a screen or a cue) and hands
each due cue to audio. It is not the engine: it computes no times.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from retro_tui.audio.base import AudioOutput, VisualOnly
from retro_tui.core.session import FINISHED, SessionEngine
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, Timeline

if TYPE_CHECKING:
    from retro_tui.core.session import Event
    from retro_tui.core.store import Store

ACTIONS = ("toggle_pause", "skip", "back", "lap", "stumble", "mute", "stop")


class _StoreWriter:
    """Writes to the store in order; never raises into the session.

    Threaded (the TUI: SQLite never blocks the screen or a cue) or inline
    (`--plain`: a line is printed only once its event is committed, so a
    `kill -9` never loses an event the runner saw).
    """

    def __init__(self, on_error: Callable[[str], None], threaded: bool = True) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._on_error = on_error
        self._failed = False
        self._backlog: deque[Callable[[], None]] = deque()
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="session-log", daemon=True)
            self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            self._do(job)
        else:
            self._jobs.put(job)

    def _do(self, job: Callable[[], None]) -> None:
        # A job that fails (full or read-only disk) waits in the backlog, and every
        # later job waits behind it, so the log keeps its order and loses nothing
        # if room comes back before the session ends.
        self._backlog.append(job)
        while self._backlog:
            try:
                self._backlog[0]()
            except Exception as err:  # the disk must never end the run
                if not self._failed:
                    self._failed = True
                    self._on_error(
                        f"The session log cannot be written ({err}); the session goes on "
                        "and its events are kept until they can be."
                    )
                return
            self._backlog.popleft()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            self._do(job)

    @property
    def unsaved(self) -> int:
        """Jobs that could not be written (yet)."""
        return len(self._backlog)

    def close(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
        if self._backlog:  # one last try, then say plainly what is lost
            self._do(lambda: None)
            if self.unsaved > 1:
                self._on_error(
                    f"{self.unsaved - 1} session log writes could not be saved: "
                    "free some disk space before the next session."
                )


@dataclass(frozen=True)
class StepResult:
    index: int
    label: str
    planned_s: float
    actual_s: float
    skipped: bool
    laps: tuple[float, ...]


@dataclass(frozen=True)
class Summary:
    workout: str
    name: str
    status: str
    simulated: bool
    planned_s: float
    active_s: float
    paused_s: float
    backward_s: float
    steps: tuple[StepResult, ...]
    cue_counts: dict[str, int] = field(default_factory=dict)
    stumbles: int = 0
    session_id: int | None = None

    @property
    def shoulder_checks(self) -> int:
        return self.cue_counts.get("shoulder", 0)

    @property
    def form_cues(self) -> int:
        return self.cue_counts.get("form", 0)

    @property
    def laps(self) -> int:
        return sum(len(s.laps) for s in self.steps)


class LiveSession:
    def __init__(
        self,
        timeline: Timeline,
        settings: Settings,
        *,
        audio: AudioOutput | None = None,
        store: Store | None = None,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        muted: bool = False,
        workout: Any = None,
        log_in_thread: bool = True,
    ) -> None:
        self.timeline = timeline
        self.settings = settings
        self.audio: AudioOutput = audio or VisualOnly()
        self.store = store
        self.speed = speed
        self.simulated = speed != 1.0
        self.engine = SessionEngine(timeline, clock, speed)
        self.engine.muted = muted
        self.audio.set_muted(muted)
        self.workout = workout
        self.notices: list[str] = []
        self.session_id: int | None = None
        self.cue_counts: Counter[str] = Counter()
        self.started_at: datetime | None = None
        self._closed = False
        self._writer = _StoreWriter(self.notice, log_in_thread) if store is not None else None

    # --- notices -----------------------------------------------------------

    def notice(self, text: str) -> None:
        """Tell the runner once about a fallback (audio, keep-awake, log)."""
        if text not in self.notices:
            self.notices.append(text)

    # --- driving -----------------------------------------------------------

    def start(self) -> list[Event]:
        self.started_at = datetime.now(UTC)
        prepare = getattr(self.audio, "prepare", None)
        if prepare is not None:  # render spoken announcements ahead, off this thread
            prepare(self.timeline.steps, self.timeline.cues)
        if self.store is not None and self._writer is not None:
            self._begin_in_store()
        return self._handle(self.engine.start())

    def update(self) -> list[Event]:
        return self._handle(self.engine.update())

    def act(self, name: str) -> list[Event]:
        engine = self.engine
        if name == "mute":
            events = engine.set_muted(not engine.muted)
            self.audio.set_muted(engine.muted)
        elif name in ACTIONS:
            events = getattr(engine, name)()
        else:
            raise ValueError(f"unknown action {name!r}")
        return self._handle(events)

    def close(self) -> Summary:
        """End the session in the log (completed or stopped) and release audio."""
        if not self._closed:
            self._closed = True
            if not self.engine.is_over:
                self._handle(self.engine.stop())
            self._finish_in_store()
            if self._writer is not None:
                self._writer.close()
            self.audio.close()
        return self.summary()

    # --- results -----------------------------------------------------------

    @property
    def status(self) -> str:
        return "completed" if self.engine.state == FINISHED else "stopped"

    def summary(self) -> Summary:
        e = self.engine
        steps = tuple(
            StepResult(
                s.index,
                s.label,
                s.duration_s,
                round(e.step_time[s.index], 3),
                e.skipped[s.index],
                tuple(e.laps[s.index]),
            )
            for s in self.timeline.steps
        )
        return Summary(
            workout=self.timeline.workout,
            name=self.timeline.name,
            status=self.status if e.is_over else e.state,
            simulated=self.simulated,
            planned_s=self.timeline.total_s,
            active_s=round(e.active_s(), 3),
            paused_s=round(e.paused_s, 3),
            backward_s=round(e.backward_s(), 3),
            steps=steps,
            cue_counts=dict(self.cue_counts),
            stumbles=e.stumbles,
            session_id=self.session_id,
        )

    # --- internals ---------------------------------------------------------

    def _handle(self, events: list[Event]) -> list[Event]:
        for event in events:
            if event.kind == "cue" and event.cue is not None and not event.dropped:
                self.cue_counts[event.cue.kind] += 1
                if not self.engine.muted:
                    step = self.timeline.steps[event.cue.step]
                    self.audio.cue(event.cue, step, event.late_s)
            elif event.kind == "get_ready" and not self.engine.muted:
                cue = Cue(event.at_s, "get_ready", event.data["text"], 0)
                self.audio.cue(cue, self.timeline.steps[0])
            self._log(event)
        return events

    def _begin_in_store(self) -> None:
        from retro_tui.core.store import planned_steps_from_timeline

        store, timeline = self.store, self.timeline
        assert store is not None and self._writer is not None and self.started_at is not None
        started_at = self.started_at
        # begin_session runs before any event on the same ordered writer, so
        # nothing here waits for it: the screen never stalls on a busy log.

        def begin() -> None:
            self.session_id = store.begin_session(
                workout=timeline.workout,
                name=timeline.name,
                planned_s=timeline.total_s,
                backward_planned_s=timeline.backward_s,
                simulated=self.simulated,
                started_at=started_at,
                steps=planned_steps_from_timeline(timeline),
            )

        self._writer.submit(begin)

    def _log(self, event: Event) -> None:
        if self.store is None or self._writer is None:
            return
        store = self.store

        def write() -> None:
            if self.session_id is not None:
                store.log_event(self.session_id, event.at_s, event.kind, event.data)

        self._writer.submit(write)

    def _finish_in_store(self) -> None:
        if self.store is None or self._writer is None:
            return
        store, summary, status = self.store, self.summary(), self.status

        def finish() -> None:
            if self.session_id is not None:
                store.finish_session(
                    self.session_id,
                    status=status,
                    ended_at=datetime.now(UTC),
                    active_s=summary.active_s,
                    paused_s=summary.paused_s,
                    backward_s=summary.backward_s,
                )

        self._writer.submit(finish)
