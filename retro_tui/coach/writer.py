"""The session log's writer: every job in order, never raising into the session."""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable

from retro_tui.coach.log_fault import (
    WRITTEN_AGAIN,
    LogFault,
    describe,
    failing_notice,
    lost_notice,
)

RETRY_S = 2.0  # how often writes that failed are tried again while nothing new comes


class OrderedLogWriter:
    """Writes to the store in order; never raises into the session.

    Threaded (the TUI: SQLite never blocks the screen or a cue) or inline
    (`--plain`: a line is printed only once its event is committed, so a
    `kill -9` never loses an event the runner saw). A job that fails (full or
    read-only disk) waits in memory with every later one behind it, and the
    backlog is tried again with each new job and every `RETRY_S` meanwhile
    (`poll()` inline), then once more at `close()` and on `retry()`.
    """

    def __init__(
        self,
        on_error: Callable[[str], None],
        threaded: bool = True,
        retry_s: float = RETRY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._on_error = on_error
        self._retry_s = retry_s
        self._clock = clock
        self._last_try = clock()
        self._failed = False
        self.fault: LogFault | None = None  # why the backlog waits (None: all written)
        self.written = 0  # jobs written, for the summary's "what was saved"
        self._backlog: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()  # the writer thread and a shell's retry()
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="session-log", daemon=True)
            self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            self._do(job)
        else:
            self._jobs.put(job)

    def _do(self, job: Callable[[], None] | None) -> None:
        with self._lock:
            if job is not None:
                self._backlog.append(job)
            self._drain()

    def _drain(self) -> None:
        # Later jobs wait behind a failed one, so the log keeps its order and
        # loses nothing if room comes back before the session ends.
        self._last_try = self._clock()
        while self._backlog:
            try:
                self._backlog[0]()
            except Exception as err:  # the disk must never end the run
                self.fault = describe(err)
                if not self._failed:
                    self._failed = True
                    self._on_error(failing_notice(self.fault))
                return
            self._backlog.popleft()
            self.written += 1
        if self._failed:
            self._failed = False
            self.fault = None
            self._on_error(WRITTEN_AGAIN)

    def _run(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self._retry_s if self._backlog else None)
            except queue.Empty:  # nothing new for a while: try the backlog again
                self._do(None)
                continue
            if job is None:
                return
            self._do(job)

    def poll(self) -> None:
        """Inline: try the backlog again when `RETRY_S` has passed since the last try."""
        due = self._clock() - self._last_try >= self._retry_s
        if self._thread is None and self._backlog and due:
            self._do(None)

    def retry(self) -> int:
        """Try the backlog now (after `close()` too); returns what still waits."""
        self._do(None)
        return self.unsaved

    @property
    def unsaved(self) -> int:
        """Jobs that could not be written (yet)."""
        return len(self._backlog)

    def close(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None  # from here on every try is inline (`retry()`)
        if self._backlog:  # one last try, then say plainly what is lost
            self._do(None)
            if self.unsaved:
                self._on_error(lost_notice(self.unsaved, self.fault))
