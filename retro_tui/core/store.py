"""The session log: SQLite in the data dir, every event committed as it happens.

`Store.open(data_dir)` opens (creating if need be) `data_dir/sessions.db`.
Nothing is opened at import time. One `Store` may be shared between threads
(a lock serialises its calls); several processes may write the same file at
once (WAL mode, `BEGIN IMMEDIATE` write transactions and a busy timeout).

Durability: WAL with `synchronous=NORMAL` — each committed event is in the
WAL file as soon as `log_event` returns, so a crash or `kill -9` of the
process loses nothing logged before it (only an OS crash or power cut may
lose the last few commits). That keeps one event write well under 2 ms.

Schema and migrations: a `schema_version` table holds one row per applied
migration; `MIGRATIONS[n - 1]` takes the file from version n-1 to n, each in
its own transaction. Version 1 is the base schema (sessions, steps, events,
laps); version 2 adds the review (`rpe`, `notes`) and the indexes that keep
`log` and the history screen fast with many sessions. A file from a newer
version, a corrupt file or a file that is not a retro-tui log is refused
with a `DataError` and left untouched; before migrating an existing log, a
copy is kept beside it (`sessions.v1.bak`).

Times: `started_at`/`ended_at` are stored as POSIX seconds (REAL) and come
back as aware UTC datetimes. Session positions (`at_s`, `last_event_s`) are
the engine's session seconds (0 = the first step's start, negative in the
get-ready lead-in). A naive datetime passed in is taken as local time.

Recovery: each session records the pid and host of the process writing it.
`recover_interrupted()` closes an open session (no `ended_at`) as
`interrupted` when that process is gone: same host and pid not alive (a
zombie counts as gone), or another host and no event for `STALE_OTHER_HOST_S`.
It ends at the wall time of its last logged event; `active_s`/`backward_s`
come from the steps' logged times plus the step that was under way up to
the last event, `paused_s` from the wall time between pause and resume
events (session seconds and wall seconds differ for `--speed` runs; for a
simulated session that part is an estimate).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from retro_tui.errors import DataError

if TYPE_CHECKING:
    from retro_tui.core.timeline import Timeline

DB_NAME = "sessions.db"
BUSY_TIMEOUT_MS = 10_000
WAL_AUTOCHECKPOINT_PAGES = 20_000  # ~80 MB: a safety net; see `_checkpoint`
WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024
STALE_SAME_HOST_S = 12 * 3600.0
STALE_OTHER_HOST_S = 24 * 3600.0
STATUSES = ("running", "completed", "stopped", "interrupted")
FINISH_STATUSES = ("completed", "stopped")
_SQLITE_MAGIC = b"SQLite format 3\x00"

_MIGRATION_1 = """
CREATE TABLE sessions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    workout            TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    started_at         REAL    NOT NULL,
    ended_at           REAL,
    status             TEXT    NOT NULL DEFAULT 'running',
    simulated          INTEGER NOT NULL DEFAULT 0,
    planned_s          REAL    NOT NULL,
    backward_planned_s REAL    NOT NULL,
    active_s           REAL    NOT NULL DEFAULT 0,
    paused_s           REAL    NOT NULL DEFAULT 0,
    backward_s         REAL    NOT NULL DEFAULT 0,
    pid                INTEGER,
    host               TEXT,
    last_event_s       REAL,
    updated_at         REAL    NOT NULL
);
CREATE TABLE steps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    direction  TEXT    NOT NULL,
    planned_s  REAL    NOT NULL,
    actual_s   REAL,
    skipped    INTEGER NOT NULL DEFAULT 0,
    laps       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at_s       REAL    NOT NULL,
    kind       TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',
    logged_at  REAL    NOT NULL
);
CREATE INDEX events_session ON events(session_id, id);
CREATE TABLE laps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    step       INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    lap_s      REAL    NOT NULL,
    at_s       REAL    NOT NULL,
    PRIMARY KEY (session_id, step, n)
) WITHOUT ROWID;
"""

_MIGRATION_2 = """
ALTER TABLE sessions ADD COLUMN rpe INTEGER;
ALTER TABLE sessions ADD COLUMN notes TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_started ON sessions(started_at, id);
CREATE INDEX sessions_open ON sessions(id) WHERE ended_at IS NULL;
"""

MIGRATIONS: tuple[str, ...] = (_MIGRATION_1, _MIGRATION_2)
SCHEMA_VERSION = len(MIGRATIONS)


# --- records ----------------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    """One step of the timeline as the log keeps it."""

    index: int
    kind: str
    direction: str
    planned_s: float


def planned_steps_from_timeline(timeline: Timeline) -> list[PlannedStep]:
    return [PlannedStep(s.index, s.kind, s.direction, s.duration_s) for s in timeline.steps]


@dataclass(frozen=True)
class SessionSummary:
    """One row of the log: what `log` and the history table show."""

    id: int
    workout: str
    name: str
    started_at: datetime  # aware, UTC
    ended_at: datetime | None  # None while the session is open
    status: str  # running | completed | stopped | interrupted
    simulated: bool
    planned_s: float
    backward_planned_s: float
    active_s: float
    paused_s: float
    backward_s: float
    rpe: int | None
    notes: str
    last_event_s: float | None


@dataclass(frozen=True)
class StepRecord:
    index: int
    kind: str
    direction: str
    planned_s: float
    actual_s: float | None  # None: the step never ended (not reached, or cut off)
    skipped: bool
    laps: tuple[float, ...]  # lap times in session seconds, in order

    @property
    def backward(self) -> bool:
        return self.direction == "backward"


@dataclass(frozen=True)
class EventRecord:
    at_s: float
    kind: str
    data: Mapping[str, Any]
    logged_at: datetime  # wall time the event was written, UTC


@dataclass(frozen=True)
class SessionDetail(SessionSummary):
    """One session with its steps and events: what `show` and the detail view show."""

    steps: tuple[StepRecord, ...]
    events: tuple[EventRecord, ...]
    cue_counts: Mapping[str, int]  # fired (not dropped) cues by cue kind
    dropped_cues: int
    stumbles: int

    @property
    def laps(self) -> int:
        return sum(len(s.laps) for s in self.steps)


# --- helpers ------------------------------------------------------------------


def _ts(moment: datetime) -> float:
    """POSIX seconds of a datetime; a naive one is local time."""
    return moment.timestamp()


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _hostname() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename  # no `socket` import: `log` starts faster
    import socket

    return socket.gethostname()


def _pid_alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine (a zombie does not)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    try:  # Linux: a killed child not yet reaped by its parent is a zombie
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2 :][:1] not in ("Z", "X")
    except (OSError, ValueError):
        return True


def _boot_time() -> float:
    """When this machine booted (epoch seconds; 0 where unknown)."""
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(
    method: Callable[Concatenate[Store, _P], _R],
) -> Callable[Concatenate[Store, _P], _R]:
    """Serialise calls on the store and turn SQLite failures into DataError."""

    @wraps(method)
    def wrapper(self: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            if self._conn is None:
                raise DataError(f"{self.path}: the session log is closed")
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise DataError(_describe(self.path, err)) from err

    return wrapper


def _describe(path: Path, err: sqlite3.Error) -> str:
    text = str(err)
    if isinstance(err, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return (
            f"{path}: the session log is damaged ({text}); it was left as it is: "
            f"move it away to start a new log"
        )
    if "readonly" in text or "read-only" in text:
        return f"{path}: the session log cannot be written ({text}): check the folder's permissions"
    if "locked" in text or "busy" in text:
        return f"{path}: the session log is busy ({text}): try again"
    return f"{path}: the session log cannot be used ({text})"


def _read_version(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version of an opened file; 0 for a new, empty file."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" in tables:
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)
    if tables:
        raise DataError(
            f"{path}: is not a retro-tui session log (it has no schema_version table); "
            f"it was left as it is: use another --data-dir"
        )
    return 0


# --- the store ----------------------------------------------------------------


class _Locked(Exception):
    """Opening met another connection holding a lock: worth another try."""


class Store:
    """The session log. Open with `Store.open(data_dir)`; close with `close()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._lock = threading.RLock()
        self._batch_depth = 0
        self._host = _hostname()
        self._pid = os.getpid()
        self._own: set[int] = set()  # sessions begun through this object

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open the log in `data_dir`, creating the folder and file if need be.

        Raises DataError when the folder cannot be created or written, the
        file is not a (healthy) retro-tui log, or it comes from a newer
        version; the file is then left untouched.
        """
        data_dir = Path(data_dir)
        path = data_dir / DB_NAME
        if data_dir.exists() and not data_dir.is_dir():
            raise DataError(
                f"{data_dir}: is not a folder: use --data-dir or $RETRO_TUI_DATA to choose another"
            )
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            reason = err.strerror or str(err)
            raise DataError(
                f"{data_dir}: the data folder cannot be created ({reason}): "
                f"use --data-dir or $RETRO_TUI_DATA to choose another"
            ) from None
        _check_header(path)
        # Two instances opening a new log at once race to switch it to WAL, and
        # SQLite answers that switch with "locked" without waiting: try again.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return cls._open_once(path, data_dir)
            except _Locked:
                if time.monotonic() > deadline:
                    raise DataError(
                        f"{path}: the session log is busy (database is locked): try again"
                    ) from None
                time.sleep(0.05)

    @classmethod
    def _open_once(cls, path: Path, data_dir: Path) -> Store:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise DataError(
                f"{path}: the session log cannot be opened ({err}): "
                f"check that {data_dir} is writable, or use --data-dir"
            ) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = _read_version(conn, path)
            if version > SCHEMA_VERSION:
                raise DataError(
                    f"{path}: the session log was written by a newer retro-tui "
                    f"(schema version {version}; this one reads up to {SCHEMA_VERSION}): "
                    f"upgrade retro-tui; the file was left as it is"
                )
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise DataError(f"{path}: cannot use write-ahead logging (journal mode {mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            # Checkpoints (which fsync) happen at the end of a session and on
            # close, not in the middle of one: an event write stays cheap.
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
            conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES}")
            conn.execute("PRAGMA foreign_keys = ON")
            if 0 < version < SCHEMA_VERSION:
                _backup(conn, path, version)
            _migrate(conn)
        except DataError:
            conn.close()
            raise
        except sqlite3.OperationalError as err:
            conn.close()
            if "locked" in str(err) or "busy" in str(err):
                raise _Locked from None
            raise DataError(_describe(path, err)) from None
        except sqlite3.Error as err:
            conn.close()
            raise DataError(_describe(path, err)) from None
        except OSError as err:  # the backup before a migration
            conn.close()
            raise DataError(
                f"{path}: the session log cannot be prepared ({err.strerror or err}): "
                f"check the free space and permissions of {data_dir}"
            ) from None
        return cls(conn, path)

    def _checkpoint(self) -> None:
        """Copy the WAL into the file, without waiting for readers (never raises)."""
        if self._conn is not None and not self._batch_depth:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._checkpoint()
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA optimize")
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return _read_version(self._db, self.path)

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise DataError(f"{self.path}: the session log is closed")
        return self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (or a part of the enclosing `batch()`)."""
        conn = self._db
        if self._batch_depth:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[Store]:
        """Group many writes into one transaction (imports, benchmarks, tests).

        Inside it nothing is committed until the block ends; other processes
        wait for the file meanwhile. Not for live sessions.
        """
        with self._lock:
            conn = self._db
            if self._batch_depth == 0:
                conn.execute("BEGIN IMMEDIATE")
            self._batch_depth += 1
            try:
                yield self
            except BaseException:
                self._batch_depth -= 1
                if self._batch_depth == 0:
                    conn.execute("ROLLBACK")
                raise
            self._batch_depth -= 1
            if self._batch_depth == 0:
                conn.execute("COMMIT")

    # --- writing a session -------------------------------------------------------

    @_guarded
    def begin_session(
        self,
        *,
        workout: str,
        name: str,
        planned_s: float,
        backward_planned_s: float,
        simulated: bool,
        started_at: datetime,
        steps: Sequence[PlannedStep],
    ) -> int:
        """Open a session (status `running`) with its planned steps; its id."""
        now = time.time()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (workout, name, started_at, status, simulated, planned_s,"
                " backward_planned_s, pid, host, updated_at)"
                " VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
                (
                    workout,
                    name,
                    _ts(started_at),
                    int(simulated),
                    float(planned_s),
                    float(backward_planned_s),
                    self._pid,
                    self._host,
                    now,
                ),
            )
            session_id = cur.lastrowid
            assert session_id is not None
            conn.executemany(
                "INSERT INTO steps (session_id, idx, kind, direction, planned_s)"
                " VALUES (?, ?, ?, ?, ?)",
                [(session_id, s.index, s.kind, s.direction, float(s.planned_s)) for s in steps],
            )
        self._own.add(session_id)
        return session_id

    @_guarded
    def log_event(
        self,
        session_id: int,
        at_s: float,
        kind: str,
        data: Mapping[str, object] | None = None,
    ) -> None:
        """Record one event, committed before this returns.

        A `step_end` event ({step, actual_s, skipped}) also updates that
        step; a `lap` ({step, lap_s}) adds a lap to it. Raises ValueError for
        an unknown session or data that is not JSON.
        """
        payload = dict(data or {})
        try:
            text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"event {kind!r}: data is not JSON ({err})") from None
        at = float(at_s)
        if not math.isfinite(at):
            raise ValueError(f"event {kind!r}: at_s must be a finite number, not {at_s!r}")
        now = time.time()
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET last_event_s = ?, updated_at = ? WHERE id = ?",
                (at, now, session_id),
            )
            if cur.rowcount == 0:
                raise ValueError(f"no session {session_id}")
            conn.execute(
                "INSERT INTO events (session_id, at_s, kind, data, logged_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, at, kind, text, now),
            )
            step = payload.get("step")
            if isinstance(step, int) and not isinstance(step, bool):
                if kind == "step_end":
                    actual = payload.get("actual_s")
                    conn.execute(
                        "UPDATE steps SET actual_s = ?, skipped = ? WHERE session_id = ? AND idx = ?",
                        (
                            float(actual) if isinstance(actual, int | float) else None,
                            int(bool(payload.get("skipped"))),
                            session_id,
                            step,
                        ),
                    )
                elif kind == "lap":
                    lap_s = payload.get("lap_s")
                    conn.execute(
                        "UPDATE steps SET laps = laps + 1 WHERE session_id = ? AND idx = ?",
                        (session_id, step),
                    )
                    row = conn.execute(
                        "SELECT laps FROM steps WHERE session_id = ? AND idx = ?",
                        (session_id, step),
                    ).fetchone()
                    if row is not None and isinstance(lap_s, int | float):
                        conn.execute(
                            "INSERT INTO laps (session_id, step, n, lap_s, at_s)"
                            " VALUES (?, ?, ?, ?, ?)",
                            (session_id, step, row[0], float(lap_s), at),
                        )

    @_guarded
    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        ended_at: datetime,
        active_s: float,
        paused_s: float,
        backward_s: float,
    ) -> None:
        """Close a session as `completed` or `stopped` with its totals."""
        if status not in FINISH_STATUSES:
            raise ValueError(f"status {status!r}: use one of {', '.join(FINISH_STATUSES)}")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_s = ?, paused_s = ?,"
                " backward_s = ?, updated_at = ? WHERE id = ?",
                (
                    status,
                    _ts(ended_at),
                    float(active_s),
                    float(paused_s),
                    float(backward_s),
                    time.time(),
                    session_id,
                ),
            )
            if cur.rowcount == 0:
                raise ValueError(f"no session {session_id}")
        self._own.discard(session_id)
        self._checkpoint()

    @_guarded
    def recover_interrupted(self) -> list[int]:
        """Close open sessions whose process is gone as `interrupted`; their ids."""
        conn = self._db
        rows = conn.execute(
            "SELECT id, pid, host, updated_at FROM sessions WHERE ended_at IS NULL ORDER BY id"
        ).fetchall()
        now = time.time()
        gone: list[int] = []
        for session_id, pid, host, updated_at in rows:
            if session_id in self._own:
                continue
            if host == self._host:
                # A pid from before the last boot, or one silent for half a day,
                # is another process by now (pids are reused).
                stale = (
                    float(updated_at) < _boot_time() or now - float(updated_at) > STALE_SAME_HOST_S
                )
                if pid is not None and not stale and _pid_alive(int(pid)):
                    continue
            elif now - float(updated_at) < STALE_OTHER_HOST_S:
                continue
            gone.append(int(session_id))
        closed: list[int] = []
        for session_id in gone:
            with self._write() as conn:
                if self._close_interrupted(conn, session_id):
                    closed.append(session_id)
        return closed

    def _close_interrupted(self, conn: sqlite3.Connection, session_id: int) -> bool:
        row = conn.execute(
            "SELECT started_at, updated_at, ended_at, last_event_s FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        if row is None or row[2] is not None:
            return False  # closed meanwhile by another process
        started_at, updated_at, _, last_event_s = row
        steps = {
            idx: [direction, actual]
            for idx, direction, actual in conn.execute(
                "SELECT idx, direction, actual_s FROM steps WHERE session_id = ?", (session_id,)
            )
        }
        open_step: int | None = None
        open_from = 0.0
        paused_wall = 0.0
        paused_since: float | None = None
        last_logged: float | None = None
        for at_s, kind, data, logged_at in conn.execute(
            "SELECT at_s, kind, data, logged_at FROM events WHERE session_id = ? ORDER BY id",
            (session_id,),
        ):
            last_logged = logged_at
            payload = json.loads(data)
            if kind == "step_start":
                open_step, open_from = payload.get("step"), at_s
            elif kind == "step_end" and payload.get("step") == open_step:
                open_step = None
            elif kind == "pause" and paused_since is None:
                paused_since = logged_at
            elif kind == "resume" and paused_since is not None:
                paused_wall += logged_at - paused_since
                paused_since = None
        if open_step in steps and last_event_s is not None:
            done = steps[open_step][1] or 0.0
            steps[open_step][1] = done + max(0.0, float(last_event_s) - open_from)
            conn.execute(
                "UPDATE steps SET actual_s = ? WHERE session_id = ? AND idx = ?",
                (steps[open_step][1], session_id, open_step),
            )
        active = sum(actual or 0.0 for _, actual in steps.values())
        backward = sum(actual or 0.0 for d, actual in steps.values() if d == "backward")
        ended = last_logged if last_logged is not None else float(started_at)
        conn.execute(
            "UPDATE sessions SET status = 'interrupted', ended_at = ?, active_s = ?,"
            " paused_s = ?, backward_s = ?, updated_at = ? WHERE id = ? AND ended_at IS NULL",
            (
                max(ended, float(started_at)),
                round(active, 3),
                round(paused_wall, 3),
                round(backward, 3),
                max(float(updated_at), time.time()),
                session_id,
            ),
        )
        return True

    # --- review -------------------------------------------------------------------

    @_guarded
    def set_review(self, session_id: int, rpe: int | None, notes: str) -> bool:
        """Save the runner's RPE (1–10, or None) and notes; False for an unknown id."""
        if rpe is not None and (
            isinstance(rpe, bool) or not isinstance(rpe, int) or not 1 <= rpe <= 10
        ):
            raise ValueError(f"RPE {rpe!r}: use a whole number from 1 to 10, or none")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET rpe = ?, notes = ? WHERE id = ?", (rpe, notes, session_id)
            )
            return cur.rowcount > 0

    @_guarded
    def delete_session(self, session_id: int) -> bool:
        """Delete a session with its steps, events and laps; False for an unknown id."""
        with self._write() as conn:
            for table in ("events", "laps", "steps"):
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            cur = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            return cur.rowcount > 0

    # --- reading ------------------------------------------------------------------

    _SUMMARY_COLUMNS = (
        "id, workout, name, started_at, ended_at, status, simulated, planned_s,"
        " backward_planned_s, active_s, paused_s, backward_s, rpe, notes, last_event_s"
    )

    @staticmethod
    def _summary_fields(row: Sequence[Any]) -> dict[str, Any]:
        return {
            "id": int(row[0]),
            "workout": row[1],
            "name": row[2],
            "started_at": _utc(row[3]),
            "ended_at": None if row[4] is None else _utc(row[4]),
            "status": row[5],
            "simulated": bool(row[6]),
            "planned_s": float(row[7]),
            "backward_planned_s": float(row[8]),
            "active_s": float(row[9]),
            "paused_s": float(row[10]),
            "backward_s": float(row[11]),
            "rpe": row[12],
            "notes": row[13] or "",
            "last_event_s": row[14],
        }

    @_guarded
    def list_sessions(self, limit: int | None = 50, offset: int = 0) -> list[SessionSummary]:
        """Sessions newest first (by start time); `limit=None` for all."""
        rows = self._db.execute(
            f"SELECT {self._SUMMARY_COLUMNS} FROM sessions"
            " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset)),
        ).fetchall()
        return [SessionSummary(**self._summary_fields(row)) for row in rows]

    @_guarded
    def count_sessions(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    @_guarded
    def get_session(self, session_id: int) -> SessionDetail | None:
        """One session with steps, events, laps and cue counts; None if unknown."""
        conn = self._db
        row = conn.execute(
            f"SELECT {self._SUMMARY_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            return None
        laps: dict[int, list[float]] = {}
        for step, lap_s in conn.execute(
            "SELECT step, lap_s FROM laps WHERE session_id = ? ORDER BY step, n", (session_id,)
        ):
            laps.setdefault(step, []).append(float(lap_s))
        steps = tuple(
            StepRecord(
                idx,
                kind,
                direction,
                float(planned),
                actual,
                bool(skipped),
                tuple(laps.get(idx, ())),
            )
            for idx, kind, direction, planned, actual, skipped in conn.execute(
                "SELECT idx, kind, direction, planned_s, actual_s, skipped FROM steps"
                " WHERE session_id = ? ORDER BY idx",
                (session_id,),
            )
        )
        events = tuple(
            EventRecord(float(at_s), kind, json.loads(data), _utc(logged_at))
            for at_s, kind, data, logged_at in conn.execute(
                "SELECT at_s, kind, data, logged_at FROM events WHERE session_id = ? ORDER BY id",
                (session_id,),
            )
        )
        cues: Counter[str] = Counter()
        dropped = 0
        for e in events:
            if e.kind == "cue":
                if e.data.get("dropped"):
                    dropped += 1
                else:
                    cues[str(e.data.get("kind", "?"))] += 1
        return SessionDetail(
            **self._summary_fields(row),
            steps=steps,
            events=events,
            cue_counts=dict(cues),
            dropped_cues=dropped,
            stumbles=sum(1 for e in events if e.kind == "stumble"),
        )

    @_guarded
    def weekly_backward_minutes(
        self, weeks: int = 12, today: date | None = None, include_simulated: bool = False
    ) -> list[tuple[date, float]]:
        """Backward minutes per local week (Monday first), oldest first, ending this week."""
        if weeks < 1:
            return []
        today = today or date.today()
        this_monday = today - timedelta(days=today.weekday())
        first = this_monday - timedelta(weeks=weeks - 1)
        start_ts = datetime.combine(first, datetime.min.time()).timestamp()
        end_ts = datetime.combine(this_monday + timedelta(weeks=1), datetime.min.time()).timestamp()
        sql = "SELECT started_at, backward_s FROM sessions WHERE started_at >= ? AND started_at < ?"
        if not include_simulated:
            sql += " AND simulated = 0"
        totals = [0.0] * weeks
        for started_at, backward_s in self._db.execute(sql, (start_ts, end_ts)):
            day = datetime.fromtimestamp(started_at).date()
            week = (day - first).days // 7
            if 0 <= week < weeks:
                totals[week] += float(backward_s) / 60.0
        return [(first + timedelta(weeks=i), round(totals[i], 3)) for i in range(weeks)]


# --- opening helpers ----------------------------------------------------------


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a session log: move it away") from None
    except OSError as err:
        raise DataError(f"{path}: the session log cannot be read ({err.strerror or err})") from None
    if head and head != _SQLITE_MAGIC:
        raise DataError(
            f"{path}: is not an SQLite database (damaged, or another file); "
            f"it was left as it is: move it away to start a new log"
        )


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Keep a copy of a log before migrating it (once per version)."""
    target = path.with_name(f"{path.stem}.v{version}.bak")
    if target.exists():
        return
    tmp = target.with_suffix(".tmp")
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.replace(tmp, target)


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, each in its own transaction."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version"
                " (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)"
            )
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            version = int(row[0] or 0)
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version + 1, time.time()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a migration script (no semicolons inside its statements)."""
    return [s.strip() for s in script.split(";") if s.strip()]
