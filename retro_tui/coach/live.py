"""One live session: the engine, wired to the session log, audio and keep-awake.

Every shell (the TUI, `--plain`, the phone remote) drives the same
`LiveSession`: `update()` when the engine says something is due, `act()` for
the runner's keys or taps. It logs every event through one ordered writer,
hands each due cue to audio, holds the keep-awake lock while it runs and
collects notices (fallbacks) from any thread. Listeners hear every batch of
events, so a change made by one shell (a tap on the phone) reaches the others.
It is not the engine: it computes no times.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from retro_tui.audio.base import AudioOutput, VisualOnly
from retro_tui.coach.results import StepResult, Summary
from retro_tui.coach.writer import OrderedLogWriter
from retro_tui.core.phrases import distance_split_text, time_split_text
from retro_tui.core.session import FINISHED, Event, SessionEngine, cue_data
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, Timeline

if TYPE_CHECKING:
    from retro_tui.core.store import Store

ACTIONS = ("toggle_pause", "skip", "back", "lap", "stumble", "mute", "stop")
# The events an action itself makes (not the cues that fell due on the way):
# these carry the action's source in the log when it is not the laptop's keys.
ACTION_EVENTS = frozenset(
    {"pause", "resume", "skip", "back", "lap", "stumble", "stumble_undone", "mute", "stop"}
)
KEYS = "keys"
REMOTE = "remote"

Listener = Callable[["list[Event]", str], None]  # (events, source) after every change


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
        keep_awake: Any = None,
    ) -> None:
        self.timeline = timeline
        self.settings = settings
        self.audio: AudioOutput = audio or VisualOnly()
        self.store = store
        self.clock = clock
        self.speed = speed
        self.simulated = speed != 1.0
        # The engine's `muted` is the one truth; audio is only told of it.
        self.engine = SessionEngine(timeline, clock, speed)
        self.engine.muted = muted
        self.audio.set_muted(muted)
        self.workout = workout
        self.keep_awake = keep_awake
        self.notices: list[str] = []
        self.session_id: int | None = None
        self.cue_counts: Counter[str] = Counter()
        self.started_at: datetime | None = None
        self.started_clock: float | None = None
        self.last_cue: Event | None = None  # the last cue fired (not dropped)
        # One lock for every driver: the TUI's loop, `--plain`'s loop and the
        # remote's thread never interleave inside the engine.
        self.lock = threading.RLock()
        self._notice_lock = threading.Lock()
        self._listeners: list[Listener] = []
        self.start_requested: Callable[[], None] | None = None  # the shell's start, if any
        self._awake_checked = False
        self._summary: Summary | None = None
        self._last_split: dict[float, float] = {}  # distance -> its last lap, for "faster"
        self._writer = OrderedLogWriter(self.notice, log_in_thread) if store is not None else None
        self.audio_dropped: list[Event] = []  # cues the audio dropped: too late behind another
        if hasattr(self.audio, "on_dropped"):  # the chain tells, from its own thread
            self.audio.on_dropped = self._audio_dropped

    # --- notices (from any thread: audio and the log writer fall back on theirs) ---

    def notice(self, text: str) -> None:
        """Tell the runner once about a fallback (audio, keep-awake, log)."""
        with self._notice_lock:
            if text not in self.notices:
                self.notices.append(text)

    def poll_notices(self) -> list[str]:
        """The notices to show, with the keep-awake lock's state checked first."""
        awake = self.keep_awake
        if awake is not None and not self._awake_checked:
            active = bool(awake.active)  # sets `message` when the lock is gone
            if not active:
                self._awake_checked = True
                if awake.message:
                    self.notice(awake.message)
        with self._notice_lock:
            return list(self.notices)

    # --- listeners ---------------------------------------------------------------

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Hear every batch of events (and the close, as an empty batch); returns
        the function that stops listening. Called on the thread that drove it."""
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def _tell(self, events: list[Event], source: str) -> None:
        for listener in list(self._listeners):
            listener(events, source)

    # --- driving -----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._summary is not None

    def start(self) -> list[Event]:
        with self.lock:
            if self.keep_awake is not None:
                try:
                    self.keep_awake.acquire()
                except Exception as err:  # never let keep-awake stop a session
                    self.notice(f"Could not keep the laptop awake ({err}).")
                    self._awake_checked = True
            self.started_clock = self.clock()
            hook = getattr(self.audio, "session_started", None)
            if callable(hook):  # the benchmark's recording player wants the plan's origin
                hook(self.started_clock, self.speed, self.timeline.get_ready_s)
            self.started_at = datetime.now(UTC)
            prepare = getattr(self.audio, "prepare", None)
            if prepare is not None:  # render spoken announcements ahead, off this thread
                prepare(self.timeline.steps, self.timeline.cues)
            if self.store is not None and self._writer is not None:
                self._begin_in_store()
            return self._handle(self.engine.start(), KEYS)

    def update(self) -> list[Event]:
        with self.lock:
            if self.closed:
                return []
            if self._writer is not None:
                self._writer.poll()  # inline: writes that failed are tried again meanwhile
            return self._handle(self.engine.update(), KEYS)

    def act(self, name: str, source: str = KEYS) -> list[Event]:
        """One of the runner's actions; `source` other than the keys is logged with it."""
        if name not in ACTIONS:
            raise ValueError(f"unknown action {name!r}")
        with self.lock:
            if self.closed:
                return []
            engine = self.engine
            if name == "mute":
                events = engine.set_muted(not engine.muted)
                self.audio.set_muted(engine.muted)
            else:
                events = getattr(engine, name)()
            if name == "lap" and self.settings.splits:
                events = self._with_splits(events)
            if source != KEYS:
                events = [
                    replace(e, data={**e.data, "source": source}) if e.kind in ACTION_EVENTS else e
                    for e in events
                ]
            return self._handle(events, source)

    def close(self) -> Summary:
        """End the session in the log (completed or stopped), release audio and keep-awake."""
        with self.lock:
            if self._summary is not None:
                return self._summary
            try:
                if not self.engine.is_over:
                    self._handle(self.engine.stop(), KEYS)
                self._finish_in_store()
                if self._writer is not None:
                    self._writer.close()
                self.audio.close()
            finally:
                if self.keep_awake is not None:
                    with contextlib.suppress(Exception):
                        self.keep_awake.release()
            self._summary = self.summary()
            self._tell([], KEYS)
            return self._summary

    def retry_log(self) -> Summary:
        """After the close: try the log writes that failed again (`r` on the summary)."""
        with self.lock:
            if self._writer is not None:
                self._writer.retry()
            self._summary = self.summary()
            return self._summary

    # --- the phone remote's face (retro_tui.remote's RemoteTarget) ------------------

    def state(self) -> dict[str, Any]:
        """What the phone shows (PRODUCT.md §12), from any thread."""
        from retro_tui.coach.state import session_state

        return session_state(self)

    def perform(self, action: str) -> dict[str, Any]:
        """A tap on the phone: the same action as the key, logged with source remote.

        Before the start, the phone's play button asks the shell to start
        (the checklist is the shell's to leave), when the shell lets it.
        """
        if self.started_at is None:  # before the start only Start means anything
            if action == "toggle_pause" and self.start_requested is not None and not self.closed:
                self.start_requested()
            elif action not in ACTIONS:
                raise ValueError(f"unknown action {action!r}")
            return self.state()
        self.act(action, source=REMOTE)
        return self.state()

    def subscribe(self, on_change: Callable[[], None]) -> Callable[[], None]:
        return self.add_listener(lambda _events, _source: on_change())

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
            **self._log_state(),
        )

    def _log_state(self) -> dict[str, Any]:
        writer = self._writer
        if writer is None or not writer.unsaved:
            return {}
        fault = writer.fault
        why = f"{fault.what} ({fault.detail}): {fault.remedy}" if fault else ""
        return {"unsaved": writer.unsaved, "saved": writer.written, "log_problem": why}

    # --- internals ---------------------------------------------------------

    def _with_splits(self, events: list[Event]) -> list[Event]:
        """Each lap followed by its spoken split, a cue like any other (logged, shown, said)."""
        out: list[Event] = []
        for event in events:
            out.append(event)
            if event.kind != "lap":
                continue
            step = self.timeline.steps[event.data["step"]]
            lap_s = float(event.data["lap_s"])
            if step.distance_m is not None:
                previous = self._last_split.get(step.distance_m)
                self._last_split[step.distance_m] = lap_s
                text = distance_split_text(step.distance_m, lap_s, previous)
            else:
                text = time_split_text(len(self.engine.laps[step.index]), lap_s)
            cue = Cue(event.at_s, "split", text, step.index)
            data = {**cue_data(cue), "lap_s": event.data["lap_s"]}
            out.append(Event(event.at_s, "cue", data, cue))
        return out

    def _audio_dropped(self, cue: Cue, late_s: float) -> None:
        """A cue the audio dropped because, behind the phrase playing, it would
        start more than 1 s late: logged as a dropped cue at its session time."""
        if self.closed:
            return
        data = {
            **cue_data(cue, dropped=True),
            "late_s": round(late_s, 3),
            "reason": "another cue was playing",
        }
        event = Event(cue.at_s, "cue", data, cue, late_s)
        self.audio_dropped.append(event)
        with contextlib.suppress(Exception):  # a closing log must not stop the audio thread
            self._log(event)

    def _handle(self, events: list[Event], source: str) -> list[Event]:
        for event in events:
            if event.kind == "cue" and event.cue is not None and not event.dropped:
                self.cue_counts[event.cue.kind] += 1
                self.last_cue = event
                if not self.engine.muted:
                    step = self.timeline.steps[event.cue.step]
                    self.audio.cue(event.cue, step, event.late_s)
            elif event.kind == "get_ready" and event.cue is not None and not self.engine.muted:
                self.audio.cue(event.cue, self.timeline.steps[0])
            self._log(event)
        if events:
            self._tell(events, source)
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
