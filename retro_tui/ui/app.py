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
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from retro_tui.audio.recorder import recorder_factory_from_env
from retro_tui.coach.log import PlanData, SessionLog, StoreFactory, open_store, utc_now
from retro_tui.coach.parts import AudioFactory, KeepAwakeFactory, chain_audio, os_keep_awake
from retro_tui.core.config import Config
from retro_tui.core.workout import Workout
from retro_tui.ui import stop_signals, theme_memory
from retro_tui.ui.context import ScreenContext, Shared
from retro_tui.ui.messages import SessionFinished, StartWorkout
from retro_tui.ui.remote_keys import RemoteKeys
from retro_tui.ui.screens import HomeScreen

if TYPE_CHECKING:
    from retro_tui.coach.live import LiveSession
    from retro_tui.coach.remote import RemoteOptions
    from retro_tui.ui.remote_link import RemoteLink

# Home is all the first frame needs: the plan, the session engine and the
# other screens are imported where first used (a start, the plan worker),
# not on the way to the first frame.

NowFactory = Callable[[], datetime]  # -> an aware "now" (wall time, for the local week)


class RetroApp(RemoteKeys, App[int]):
    CSS_PATH = "retro.tcss"
    TITLE = "retro-tui"
    SUB_TITLE = "backwards running coach"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]
    # The screens' shared context holds these (the settings screen replaces the config).
    config = Shared[Config]()
    now = Shared[NowFactory]()  # wall time for "this week" (tests pin it)
    tz = Shared[tzinfo | None]()  # the user's zone for "this week"

    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path | None = None,
        workout: Workout | None = None,
        speed: float = 1.0,
        muted: bool = False,
        clock: Callable[[], float] = time.monotonic,
        audio_factory: AudioFactory = chain_audio,
        store_factory: StoreFactory | None = open_store,
        keep_awake_factory: KeepAwakeFactory | None = os_keep_awake,
        now: NowFactory = utc_now,
        tz: tzinfo | None = None,
        remote: RemoteOptions | None = None,
    ) -> None:
        super().__init__()
        # What the screens are given: the log, the current config, now and tz.
        self.screen_context = ScreenContext(SessionLog(data_dir, store_factory), config, now, tz)
        self.data_dir = data_dir
        self.initial_workout = workout
        self.speed = speed
        self.muted = muted
        self.clock = clock
        self.audio_factory = audio_factory
        self.keep_awake_factory = keep_awake_factory
        self.remote_options = remote
        if remote is None and config.settings.remote:
            from retro_tui.coach.remote import RemoteOptions

            self.remote_options = RemoteOptions.from_settings(config.settings)
        self.remote_link: RemoteLink | None = None
        self.session_log = self.screen_context.log  # opened once, on first use
        self.current_run: LiveSession | None = None
        self._ui_thread = threading.get_ident()
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self.summaries: list[Any] = []  # every session of this app run, for the caller
        self.checking_guide: Workout | None = None  # a start waiting for the guide check

    # --- screens ---------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen(self.screen_context)

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        self._ui_loop = asyncio.get_running_loop()
        theme_memory.apply(self)  # the theme picked last time (the `theme` setting)
        if not self.is_headless:  # a real terminal: kill, hang-up and ^C stop the session
            stop_signals.install(self._ui_loop, self.stop_on_signal)
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
        from retro_tui.core.timeline import timeline_totals
        from retro_tui.core.week import guide_warning

        if self.speed != 1:
            return None
        settings = self.config.settings
        planned_min = timeline_totals(workout, settings)[1] / 60
        return guide_warning(
            self.backward_minutes_this_week(), planned_min, settings.weekly_backward_minutes
        )

    def backward_minutes_this_week(self) -> float:
        """This local week's backward minutes, read from the log at the moment of asking
        (always current, another instance's sessions too)."""
        return self.session_log.minutes_this_week(self.now(), self.tz)

    def read_plan(self) -> PlanData:
        """The plan from the log (blocking: call it from a thread worker)."""
        return self.screen_context.read_plan()

    @property
    def log_is_possible(self) -> bool:
        """Whether reading the plan may touch a file (else it is pure and quick)."""
        return self.session_log.possible

    def _checklist_then_live(self, workout: Workout) -> None:
        from retro_tui.ui.screens.checklist import ChecklistScreen

        if self.current_run is not None:
            return
        if self.remote_options is not None:
            # The phone must be able to scan the code before the start: the
            # session (not started yet) and its remote come with the checklist.
            self.current_run = self.new_run(workout)
            self.start_remote()
        if not self.config.settings.checklist:
            self.open_live(workout)
            return

        def checked(go: bool | None) -> None:
            if go:
                self.open_live(workout)
                screen.apply_stereo(self.current_run)  # sides swapped by the sound check's x
            else:
                self.close_run()  # a session never started is not logged

        screen = ChecklistScreen(self.config.settings, workout, remote=self.remote_link)
        self.push_screen(screen, callback=checked)

    def open_live(self, workout: Workout) -> None:
        from retro_tui.ui.screens.live import LiveScreen

        if self.current_run is None:
            self.current_run = self.new_run(workout)
        self.push_screen(LiveScreen(self.current_run, remote=self.remote_link))

    def on_session_finished(self, message: SessionFinished) -> None:
        """The summary takes the live screen's place: [home, summary], so back is home.

        Whatever covers the live screen (the stop question, the command
        palette: the session may end while they are open) goes first, else
        the summary would replace it and leave the dead live screen below.
        """
        from retro_tui.ui.screens.live import LiveScreen
        from retro_tui.ui.screens.summary import SummaryScreen

        run, self.current_run = self.current_run, None
        self.stop_remote()  # the session is closed: the phone's last push is its summary
        self.summaries.append(message.summary)
        retry = run.retry_log if run is not None else None  # `r`: the log writes that failed
        summary = SummaryScreen(self.screen_context, message.summary, retry=retry)
        if any(isinstance(screen, LiveScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, LiveScreen):
                self.pop_screen()  # a modal: popped, its callback is never called
            self.switch_screen(summary)
        else:
            self.push_screen(summary)

    # --- a session and what it holds -----------------------------------------------

    def log_store(self) -> Any:
        """The session log's store (None when there is none or it failed to open)."""
        return self.session_log.store()

    @property
    def store_factory(self) -> StoreFactory | None:
        return self.session_log.store_factory

    @store_factory.setter
    def store_factory(self, factory: StoreFactory | None) -> None:  # tests swap it in
        self.session_log.store_factory = factory

    @property
    def store_error(self) -> str | None:
        return self.session_log.error

    @property
    def recovered(self) -> list[int]:
        return self.session_log.recovered

    @property
    def recovered_told(self) -> bool:
        return self.session_log.recovered_told

    @recovered_told.setter
    def recovered_told(self, told: bool) -> None:
        self.session_log.recovered_told = told

    def new_run(self, workout: Workout) -> LiveSession:
        from retro_tui.coach.start import start_session

        recovered = (
            self.session_log.untold_recovered() if self.session_log.store() is not None else []
        )
        notices = []
        if recovered:
            ids = ", ".join(str(i) for i in recovered)
            notices.append(f"Closed unfinished session(s) {ids} as interrupted.")
        return start_session(
            self.config,
            workout,
            log=self.session_log,
            speed=self.speed,
            muted=self.muted,
            clock=self.clock,
            audio_factory=self.audio_factory,
            keep_awake_factory=self.keep_awake_factory,
            bell=self.ring_bell,
            notices=notices,
        )

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
            started = run.started_at is not None
            summary = run.close()
            if started:
                self.summaries.append(summary)
        self.stop_remote()

    # --- quitting --------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q anywhere, q on home: while a session runs it asks first (kept as stopped)."""
        from retro_tui.ui.quitting import ConfirmQuitScreen, session_running

        if session_running(self.current_run):
            if not isinstance(self.screen, ConfirmQuitScreen):
                self.push_screen(ConfirmQuitScreen(), self._quit_answered)
            return
        await self._quit()

    async def _quit(self, message: str | None = None) -> None:
        link = self.remote_link
        self.close_run()
        if link is not None:
            await link.stop()
        self.exit(0, message=message)

    async def _quit_answered(self, quit_now: bool | None) -> None:
        from retro_tui.ui.quitting import review_hint, session_running

        if quit_now and session_running(self.current_run):
            self.close_run()
            await self._quit(review_hint(self.summaries[-1]) if self.summaries else None)

    def stop_on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP or SIGINT: the session kept as stopped now, the terminal restored."""
        self.close_run()
        self.exit(return_code=stop_signals.SIGNAL_EXIT)

    def on_unmount(self) -> None:
        self.close_run()
        self.session_log.close()

    # --- command palette ---------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """A theme picked from the palette is saved as the `theme` setting."""
        theme_memory.remember(self, theme)

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
    store_factory: StoreFactory | None = open_store,
    keep_awake_factory: KeepAwakeFactory | None = os_keep_awake,
    now: NowFactory = utc_now,
    tz: tzinfo | None = None,
    remote: RemoteOptions | None = None,
) -> RetroApp:
    """The app. `workout` opens it straight on that session; the rest is injectable.

    `data_dir=None` or `store_factory=None` runs sessions without a log;
    `audio_factory` defaults to the audio package's chain (or, with
    `$RETRO_TUI_CUE_LOG` set, a recording player for the benchmark).
    `now`/`tz` give the wall time and zone of "this week" (tests pin them).
    """
    if audio_factory is None:
        audio_factory = recorder_factory_from_env() or chain_audio
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
        remote=remote,
    )


def run_live_app(
    config: Config,
    workout: Workout,
    *,
    data_dir: Path,
    speed: float = 1.0,
    muted: bool = False,
    remote: RemoteOptions | None = None,
) -> int:
    """`retro-tui run WORKOUT`: the TUI on that workout; 0 when it ended or was stopped."""
    app = make_app(
        config, data_dir=data_dir, workout=workout, speed=speed, muted=muted, remote=remote
    )
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
