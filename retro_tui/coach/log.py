"""The session log as the app sees it: opened once, from whichever thread asks first.

`SessionLog` wraps the store for one app run (the TUI, or one `--plain`
session): opening it closes the sessions a crash left open as `interrupted`
(`recovered` lists them), and when it can't be opened `error` says why and
sessions run unsaved. It answers the questions every shell asks of the log:
this week's backward minutes (for the weekly guide) and the plan's data.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retro_tui.core.config import Config

if TYPE_CHECKING:
    from retro_tui.core.program import PlanStatus, Program

StoreFactory = Callable[[Path], Any]  # data dir -> a Store


def utc_now() -> datetime:
    return datetime.now(UTC)


def open_store(data_dir: Path) -> Any:
    from retro_tui.core.store import Store

    return Store.open(data_dir)


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
        from retro_tui.core.week import backward_minutes_this_week

        return backward_minutes_this_week(self.sessions, now, tz)


class SessionLog:
    """The store for one app run; None-safe: with no data dir there is no log."""

    def __init__(
        self, data_dir: Path | None, store_factory: StoreFactory | None = open_store
    ) -> None:
        self.data_dir = data_dir
        self.store_factory = store_factory
        self.recovered: list[int] = []  # sessions closed as interrupted when the log opened
        self.recovered_told = False  # set by the shell that told the runner
        self._store: Any = None
        self._error: str | None = None
        self._lock = threading.Lock()  # home's plan worker and a start may both ask first

    @property
    def possible(self) -> bool:
        """Whether reading the log may touch a file (else every answer is quick)."""
        return self.store_factory is not None and self.data_dir is not None

    @property
    def error(self) -> str | None:
        """Why there is no log (it could not be opened), or None."""
        return self._error

    def store(self) -> Any:
        """The store, opened on first use (None when there is none or it failed)."""
        with self._lock:
            if self._store is None and self._error is None:
                if self.store_factory is None or self.data_dir is None:
                    return None
                try:
                    store = self.store_factory(self.data_dir)
                except Exception as err:  # no log is better than no session
                    self._error = str(err)
                    return None
                recover = getattr(store, "recover_interrupted", None)
                if callable(recover):
                    try:
                        self.recovered = list(recover())
                    except Exception:
                        self.recovered = []
                self._store = store
            return self._store

    def untold_recovered(self) -> list[int]:
        """The recovered sessions, once: the first shell to ask tells the runner."""
        if self.recovered_told or not self.recovered:
            return []
        self.recovered_told = True
        return list(self.recovered)

    def minutes_this_week(self, now: datetime, tz: tzinfo | None = None) -> float:
        """This local week's backward minutes of real sessions, read now (0 without a log)."""
        from retro_tui.core.week import logged_minutes_this_week

        store = self.store()
        if store is None:
            return 0.0
        try:
            return logged_minutes_this_week(store, now, tz)
        except Exception:  # an unreadable log must not stop a session from starting
            return 0.0

    def read_plan(self, config: Config, now: datetime) -> PlanData:
        """The plan from the log (blocking: call it from a thread worker)."""
        from retro_tui.core.program import build_program, latest_program_session, plan_status

        program = build_program(config)
        store = self.store()
        sessions: list[Any] = []
        stumbles = 0
        error = self.error
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
        return PlanData(config, status, tuple(sessions), tuple(self.recovered), error, now)

    def close(self) -> None:
        store, self._store = self._store, None
        close = getattr(store, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):
                close()
