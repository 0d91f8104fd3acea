"""The Textual app: one factory, `make_app`, for the CLI, the tests and textual-serve.

`retro-tui` opens the home screen; `retro-tui run WORKOUT` opens the same app
straight on that workout (checklist, then live). Everything a session touches
outside the process is injected: the clock, the audio output, the session
log store and the keep-awake lock, so tests run a session on a fake clock
with a recording player and no files.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from retro_tui.core.config import Config
from retro_tui.core.workout import Workout
from retro_tui.ui.audio import AudioFactory, default_audio_factory, recorder_factory_from_env
from retro_tui.ui.messages import SessionFinished, StartWorkout
from retro_tui.ui.screens import HomeScreen

if TYPE_CHECKING:
    from retro_tui.core.program import PlanStatus, Program
    from retro_tui.ui.live_run import LiveRun

# Home is all the first frame needs: the plan, the session engine and the
# other screens are imported where first used (a start, the plan worker),
# not on the way to the first frame.

StoreFactory = Callable[[Path], Any]  # data dir -> a Store (or None for no log)
KeepAwakeFactory = Callable[[], Any]  # -> acquire() / active / message / release()
NowFactory = Callable[[], datetime]  # -> an aware "now" (wall time, for the local week)
GUIDE_PAGE = 50  # sessions read per page when adding up this week's minutes


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PlanData:
    """What home and the plan screen show, read from the log in one go (a thread worker).

    `sessions` are the log's summaries, newest first; the week's minutes are
    computed from them against a `now` given later, so a day change while
    the app is open moves the week without a new read.
    """

    config: Config
    status: PlanStatus
    sessions: tuple[Any, ...] = ()
    recovered: tuple[int, ...] = ()
    store_error: str | None = None
    read_at: datetime = field(default_factory=utc_now)

    @property
    def program(self) -> Program:
        return self.status.program

    @property
    def guide_min(self) -> float:
        return float(self.config.settings.weekly_backward_minutes)

    def this_week_min(self, now: datetime, tz: tzinfo | None = None) -> float:
        from retro_tui.core.program import backward_minutes_this_week

        return backward_minutes_this_week(self.sessions, now, tz)


def default_store_factory(data_dir: Path) -> Any:
    from retro_tui.core.store import Store

    return Store.open(data_dir)


def default_keep_awake_factory() -> Any:
    from retro_tui.keepawake import KeepAwake

    return KeepAwake()


class RetroApp(App[int]):
    CSS_PATH = "retro.tcss"
    TITLE = "retro-tui"
    SUB_TITLE = "backwards running coach"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path | None = None,
        workout: Workout | None = None,
        speed: float = 1.0,
        muted: bool = False,
        clock: Callable[[], float] = time.monotonic,
        audio_factory: AudioFactory = default_audio_factory,
        store_factory: StoreFactory | None = default_store_factory,
        keep_awake_factory: KeepAwakeFactory | None = default_keep_awake_factory,
        now: NowFactory = utc_now,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.data_dir = data_dir
        self.initial_workout = workout
        self.speed = speed
        self.muted = muted
        self.clock = clock
        self.audio_factory = audio_factory
        self.store_factory = store_factory
        self.keep_awake_factory = keep_awake_factory
        self.current_run: LiveRun | None = None
        self._store: Any = None
        self._store_error: str | None = None
        self.recovered: list[int] = []  # sessions closed as interrupted when the log opened
        self.recovered_told = False  # set by the screen that told the user (home, or live)
        self._ui_thread = threading.get_ident()
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self.summaries: list[Any] = []  # every session of this app run, for the caller
        # Wall time and the user's zone for "this week" (tests pin both).
        self.now = now
        self.tz = tz
        self._store_lock = threading.Lock()  # the log opens once, from whichever thread asks
        self.checking_guide: Workout | None = None  # a start waiting for the guide check

    # --- screens ---------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen(self.config)

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        self._ui_loop = asyncio.get_running_loop()
        if self.initial_workout is not None:
            self.start_workout(self.initial_workout)

    def on_start_workout(self, message: StartWorkout) -> None:
        self.start_workout(message.workout)

    def start_workout(self, workout: Workout) -> None:
        """The weekly-guide question (when this one passes it), the checklist, then live.

        The question needs this week's minutes from the log, so the check runs
        on a thread worker (opening the log may first close crashed sessions):
        SQLite never runs on the UI thread, not even before the first frame of
        `run WORKOUT`. Without a log the check is pure and quick: done at once.
        """
        from retro_tui.ui.screens.plan import ConfirmGuideScreen

        if (
            self.current_run is not None
            or self.checking_guide is not None
            or isinstance(self.screen, ConfirmGuideScreen)
        ):
            return
        if not self.log_is_possible:
            self._guide_checked(workout, self.guide_warning_for(workout))
            return
        self.checking_guide = workout
        self.run_worker(
            partial(self._check_guide, workout),
            thread=True,
            group="guide-check",
            name="weekly guide check",
            exit_on_error=False,
        )

    def _check_guide(self, workout: Workout) -> None:
        """In a thread: open the log (for the session too), ask the guide, answer the UI."""
        warning: str | None = None
        try:
            self.log_store()
            warning = self.guide_warning_for(workout)
        except Exception:  # a question that cannot be asked must not stop a session
            warning = None
        with contextlib.suppress(RuntimeError):  # the app has gone meanwhile
            self.call_from_thread(self._guide_checked, workout, warning)

    def _guide_checked(self, workout: Workout, warning: str | None) -> None:
        """Back on the UI thread: the guide question, or straight on to the checklist."""
        from retro_tui.ui.screens.plan import ConfirmGuideScreen

        self.checking_guide = None
        if self.current_run is not None:
            return
        if warning is None:
            self._checklist_then_live(workout)
            return

        def answered(go: bool | None) -> None:
            if go:
                self._checklist_then_live(workout)

        self.push_screen(ConfirmGuideScreen(warning, workout.name), callback=answered)

    def guide_warning_for(self, workout: Workout) -> str | None:
        """Why starting `workout` now passes the weekly guide, or None (never a block).

        A simulated app (`--speed` other than 1) is not asked: its sessions
        are not training load and never count in the week.
        """
        from retro_tui.core.program import guide_warning
        from retro_tui.core.timeline import timeline_totals

        if self.speed != 1:
            return None
        settings = self.config.settings
        planned_min = timeline_totals(workout, settings)[1] / 60
        return guide_warning(
            self.backward_minutes_this_week(), planned_min, settings.weekly_backward_minutes
        )

    def backward_minutes_this_week(self) -> float:
        """This local week's backward minutes of real sessions, read from the log now.

        Newest sessions first, a page at a time, until one started before
        Monday: one small indexed query in practice, so it is asked at the
        moment of starting (always current, another instance's sessions too).
        """
        from retro_tui.core.program import backward_minutes_this_week, week_bounds

        store = self.log_store()
        if store is None:
            return 0.0
        now = self.now()
        week_start, _ = week_bounds(now, self.tz)
        sessions: list[Any] = []
        offset = 0
        try:
            while True:
                page = store.list_sessions(limit=GUIDE_PAGE, offset=offset)
                sessions.extend(page)
                if len(page) < GUIDE_PAGE or _utc(page[-1].started_at) < week_start:
                    break
                offset += GUIDE_PAGE
        except Exception:  # an unreadable log must not stop a session from starting
            return 0.0
        return backward_minutes_this_week(sessions, now, self.tz)

    def read_plan(self) -> PlanData:
        """The plan from the log (blocking: call it from a thread worker)."""
        from retro_tui.core.program import build_program, latest_program_session, plan_status

        config = self.config
        program = build_program(config)
        store = self.log_store()
        sessions: list[Any] = []
        stumbles = 0
        error = self.store_error
        if store is not None:
            try:
                sessions = store.list_sessions(limit=None)
                latest = latest_program_session(program, sessions)
                detail = store.get_session(latest.id) if latest is not None else None
                stumbles = detail.stumbles if detail is not None else 0
            except Exception as err:  # shown on home; the plan reads as a fresh start
                error = str(err)
                sessions, stumbles = [], 0
        status = plan_status(program, sessions, stumbles=lambda _latest: stumbles)
        return PlanData(config, status, tuple(sessions), tuple(self.recovered), error, self.now())

    @property
    def log_is_possible(self) -> bool:
        """Whether reading the plan may touch a file (else it is pure and quick)."""
        return self.store_factory is not None and self.data_dir is not None

    def _checklist_then_live(self, workout: Workout) -> None:
        from retro_tui.ui.screens.checklist import ChecklistScreen

        if self.current_run is not None:
            return
        if not self.config.settings.checklist:
            self.open_live(workout)
            return

        def checked(go: bool | None) -> None:
            if go:
                self.open_live(workout)

        self.push_screen(ChecklistScreen(self.config.settings, workout), callback=checked)

    def open_live(self, workout: Workout) -> None:
        from retro_tui.ui.screens.live import LiveScreen

        self.current_run = self.new_run(workout)
        self.push_screen(LiveScreen(self.current_run))

    def on_session_finished(self, message: SessionFinished) -> None:
        """The summary takes the live screen's place: [home, summary], so back is home.

        Whatever covers the live screen (the stop question, the command
        palette: the session may end while they are open) goes first, else
        the summary would replace it and leave the dead live screen below.
        """
        from retro_tui.ui.screens.live import LiveScreen
        from retro_tui.ui.screens.summary import SummaryScreen

        self.current_run = None
        self.summaries.append(message.summary)
        if any(isinstance(screen, LiveScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, LiveScreen):
                self.pop_screen()  # a modal: popped, its callback is never called
            self.switch_screen(SummaryScreen(message.summary))
        else:
            self.push_screen(SummaryScreen(message.summary))

    # --- a session and what it holds -----------------------------------------------

    def log_store(self) -> Any:
        """The session log, opened once per app (None when there is none or it failed).

        Opening it closes sessions a crash left open as `interrupted`;
        `self.recovered` lists them and `store_error` says why there is no log.
        """
        with self._store_lock:  # home's plan worker and the UI thread may both ask first
            if self._store is None and self._store_error is None:
                if self.store_factory is None or self.data_dir is None:
                    return None
                try:
                    store = self.store_factory(self.data_dir)
                except Exception as err:  # no log is better than no session
                    self._store_error = str(err)
                    return None
                recover = getattr(store, "recover_interrupted", None)
                if callable(recover):
                    try:
                        self.recovered = list(recover())
                    except Exception:
                        self.recovered = []
                self._store = store
            return self._store

    @property
    def store_error(self) -> str | None:
        return self._store_error

    def new_run(self, workout: Workout) -> LiveRun:
        from retro_tui.core.timeline import compile_timeline
        from retro_tui.live import LiveSession
        from retro_tui.ui.live_run import LiveRun

        settings = self.config.settings
        timeline = compile_timeline(workout, settings)
        early: list[str] = []
        store = self.log_store()
        if store is None and self._store_error:
            early.append(
                f"The session log cannot be opened ({self._store_error}): "
                "this session is not saved."
            )
        if self.recovered and not self.recovered_told:
            self.recovered_told = True
            early.append(
                "Closed unfinished session(s) "
                + ", ".join(str(i) for i in self.recovered)
                + " as interrupted."
            )
        holder: list[LiveRun] = []

        def on_notice(text: str) -> None:  # may be called from an audio thread
            if holder:
                holder[0].notice(text)
            else:
                early.append(text)

        audio = self.audio_factory(
            settings,
            muted=self.muted or settings.voice == "off",
            on_notice=on_notice,
            bell=self.ring_bell,
        )
        session = LiveSession(
            timeline,
            settings,
            audio=audio,
            store=store,
            clock=self.clock,
            speed=self.speed,
            muted=self.muted,
            workout=workout,
        )
        keep_awake = self.keep_awake_factory() if self.keep_awake_factory is not None else None
        run = LiveRun(session, store=store, keep_awake=keep_awake, clock=self.clock)
        holder.append(run)
        for text in early:
            run.notice(text)
        return run

    def ring_bell(self) -> None:
        """The terminal bell, from any thread (the audio chain rings it from its worker)."""
        if threading.get_ident() == self._ui_thread:
            self.bell()
        elif self._ui_loop is not None:
            # Never wait for the UI here: the audio worker may be joined by it.
            with contextlib.suppress(RuntimeError):  # the loop is closed: the app is gone
                self._ui_loop.call_soon_threadsafe(self.bell)

    def close_run(self) -> None:
        """Stop and close a running session (its events are all written first)."""
        run, self.current_run = self.current_run, None
        if run is not None:
            self.summaries.append(run.close())

    # --- quitting --------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q anywhere, q on home: a running session is stopped and kept."""
        self.close_run()
        self.exit(0)

    def on_unmount(self) -> None:
        self.close_run()
        store, self._store = self._store, None
        close = getattr(store, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):
                close()

    # --- command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            for name, help_text, callback in commands():
                yield SystemCommand(name, help_text, callback)
        yield from super().get_system_commands(screen)


def make_app(
    config: Config,
    *,
    data_dir: Path | None = None,
    workout: Workout | None = None,
    speed: float = 1.0,
    muted: bool = False,
    clock: Callable[[], float] = time.monotonic,
    audio_factory: AudioFactory | None = None,
    store_factory: StoreFactory | None = default_store_factory,
    keep_awake_factory: KeepAwakeFactory | None = default_keep_awake_factory,
    now: NowFactory = utc_now,
    tz: tzinfo | None = None,
) -> RetroApp:
    """The app. `workout` opens it straight on that session; the rest is injectable.

    `data_dir=None` or `store_factory=None` runs sessions without a log;
    `audio_factory` defaults to the audio package's chain (or, with
    `$RETRO_TUI_CUE_LOG` set, a recording player for the benchmark).
    `now`/`tz` give the wall time and zone of "this week" (tests pin them).
    """
    if audio_factory is None:
        audio_factory = recorder_factory_from_env() or default_audio_factory
    return RetroApp(
        config,
        data_dir=data_dir,
        workout=workout,
        speed=speed,
        muted=muted,
        clock=clock,
        audio_factory=audio_factory,
        store_factory=store_factory,
        keep_awake_factory=keep_awake_factory,
        now=now,
        tz=tz,
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def run_live_app(
    config: Config, workout: Workout, *, data_dir: Path, speed: float = 1.0, muted: bool = False
) -> int:
    """`retro-tui run WORKOUT`: the TUI on that workout; 0 when it ended or was stopped."""
    app = make_app(config, data_dir=data_dir, workout=workout, speed=speed, muted=muted)
    try:
        app.run()
    finally:
        app.close_run()
    return app.return_code or 0


def run_home_app(config: Config, *, data_dir: Path) -> int:
    """`retro-tui`: the home screen."""
    app = make_app(config, data_dir=data_dir)
    try:
        app.run()
    finally:
        app.close_run()
    return app.return_code or 0
