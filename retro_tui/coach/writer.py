"""The session log's writer: every job in order, never raising into the session."""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable


class OrderedLogWriter:
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
