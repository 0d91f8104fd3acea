"""One live session in the app, with what it holds while it runs.

`LiveRun` bundles the `LiveSession` (engine, log writer, audio) with the
session log store and the keep-awake lock, so that however the session ends
(finished, stopped with q, ctrl+q, an error) everything is closed exactly
once and no logged event is lost.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from retro_tui.live import LiveSession, Summary


class LiveRun:
    def __init__(
        self,
        session: LiveSession,
        *,
        store: Any = None,
        keep_awake: Any = None,
        clock: Callable[[], float],
    ) -> None:
        self.session = session
        self.store = store
        self.keep_awake = keep_awake
        self.clock = clock
        self.started_clock: float | None = None
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._summary: Summary | None = None
        self._awake_checked = False

    # --- notices (audio falls back on its own thread: queue, then merge) ----

    def notice(self, text: str) -> None:
        """Thread-safe: record a fallback notice to show on the live screen."""
        with self._lock:
            self._pending.append(text)

    def poll_notices(self) -> list[str]:
        """Merge queued notices and the keep-awake state; the notices to show."""
        with self._lock:
            pending, self._pending = self._pending, []
        for text in pending:
            self.session.notice(text)
        awake = self.keep_awake
        if awake is not None and not self._awake_checked:
            active = bool(awake.active)  # sets `message` when the lock is gone
            if not active:
                self._awake_checked = True
                if awake.message:
                    self.session.notice(awake.message)
        return list(self.session.notices)

    # --- life ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._summary is not None

    def start(self) -> list[Any]:
        if self.keep_awake is not None:
            try:
                self.keep_awake.acquire()
            except Exception as err:  # never let keep-awake stop a session
                self.session.notice(f"Could not keep the laptop awake ({err}).")
                self._awake_checked = True
        self.started_clock = self.clock()
        hook = getattr(self.session.audio, "session_started", None)
        if callable(hook):  # the benchmark's recording player wants the plan's origin
            hook(self.started_clock, self.session.speed, self.session.timeline.get_ready_s)
        return self.session.start()

    def close(self) -> Summary:
        """Stop the session if it still runs, write its end, release everything."""
        if self._summary is not None:
            return self._summary
        try:
            summary = self.session.close()
        finally:
            if self.keep_awake is not None:
                with contextlib.suppress(Exception):
                    self.keep_awake.release()
        self._summary = summary
        return summary
