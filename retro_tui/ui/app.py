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
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from retro_tui.core.config import Config
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import Workout
from retro_tui.live import LiveSession
from retro_tui.ui.audio import AudioFactory, default_audio_factory, recorder_factory_from_env
from retro_tui.ui.live_run import LiveRun
from retro_tui.ui.messages import SessionFinished, StartWorkout
from retro_tui.ui.screens import ChecklistScreen, HomeScreen, LiveScreen, SummaryScreen

StoreFactory = Callable[[Path], Any]  # data dir -> a Store (or None for no log)
KeepAwakeFactory = Callable[[], Any]  # -> acquire() / active / message / release()


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
        self._ui_thread = threading.get_ident()
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self.summaries: list[Any] = []  # every session of this app run, for the caller

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
        """The checklist (unless turned off), then the live screen."""
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
        self.current_run = self.new_run(workout)
        self.push_screen(LiveScreen(self.current_run))

    def on_session_finished(self, message: SessionFinished) -> None:
        self.current_run = None
        self.summaries.append(message.summary)
        self.switch_screen(SummaryScreen(message.summary))

    # --- a session and what it holds -----------------------------------------------

    def log_store(self) -> Any:
        """The session log, opened once per app (None when there is none or it failed).

        Opening it closes sessions a crash left open as `interrupted`;
        `self.recovered` lists them and `store_error` says why there is no log.
        """
        if self._store is None and self._store_error is None:
            if self.store_factory is None or self.data_dir is None:
                return None
            try:
                self._store = self.store_factory(self.data_dir)
            except Exception as err:  # no log is better than no session
                self._store_error = str(err)
                return None
            recover = getattr(self._store, "recover_interrupted", None)
            if callable(recover):
                try:
                    self.recovered = list(recover())
                except Exception:
                    self.recovered = []
        return self._store

    @property
    def store_error(self) -> str | None:
        return self._store_error

    def new_run(self, workout: Workout) -> LiveRun:
        settings = self.config.settings
        timeline = compile_timeline(workout, settings)
        early: list[str] = []
        already_told = bool(self._store is not None or self._store_error)
        store = self.log_store()
        if store is None and self._store_error:
            early.append(
                f"The session log cannot be opened ({self._store_error}): "
                "this session is not saved."
            )
        if self.recovered and not already_told:
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
) -> RetroApp:
    """The app. `workout` opens it straight on that session; the rest is injectable.

    `data_dir=None` or `store_factory=None` runs sessions without a log;
    `audio_factory` defaults to the audio package's chain (or, with
    `$RETRO_TUI_CUE_LOG` set, a recording player for the benchmark).
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
    )


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
