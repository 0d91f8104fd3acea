"""The log file and its one connection: opening, pragmas, the lock, transactions.

Nothing is opened at import time. One store may be shared between threads
(a lock serialises its calls: `guarded`); several processes may write the
same file at once (WAL mode, `BEGIN IMMEDIATE` write transactions and a busy
timeout). A corrupt file or a file that is not SQLite is refused with a
`DataError` and left untouched.

Durability: WAL with `synchronous=NORMAL` — each committed event is in the
WAL file as soon as `log_event` returns, so a crash or `kill -9` of the
process loses nothing logged before it (only an OS crash or power cut may
lose the last few commits). That keeps one event write well under 2 ms.

Times: `started_at`/`ended_at` are stored as POSIX seconds (REAL) and come
back as aware UTC datetimes (`to_ts`, `from_ts`). A naive datetime passed
in is taken as local time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Concatenate, ParamSpec, Self, TypeVar

from retro_tui.core.store.schema import SCHEMA_VERSION, backup, migrate, read_version
from retro_tui.errors import DataError

DB_NAME = "sessions.db"
BUSY_TIMEOUT_MS = 10_000
WAL_AUTOCHECKPOINT_PAGES = 20_000  # ~80 MB: a safety net; see `_checkpoint`
WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024
_SQLITE_MAGIC = b"SQLite format 3\x00"


def to_ts(moment: datetime) -> float:
    """POSIX seconds of a datetime; a naive one is local time."""
    return moment.timestamp()


def from_ts(ts: float) -> datetime:
    """The aware UTC datetime of stored POSIX seconds."""
    return datetime.fromtimestamp(ts, UTC)


def _hostname() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename  # no `socket` import: `log` starts faster
    import socket

    return socket.gethostname()


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


_S = TypeVar("_S", bound="StoreBase")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def guarded(
    method: Callable[Concatenate[_S, _P], _R],
) -> Callable[Concatenate[_S, _P], _R]:
    """Serialise calls on the store and turn SQLite failures into DataError."""

    @wraps(method)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            if self._conn is None:
                raise DataError(f"{self.path}: the session log is closed")
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise DataError(_describe(self.path, err)) from err

    return wrapper


class StoreBase:
    """One open log: its connection and lock, write transactions, closing.

    The store's halves (writes, queries, recovery) build on this.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._lock = threading.RLock()
        self._batch_depth = 0
        self._host = _hostname()
        self._pid = os.getpid()
        self._own: set[int] = set()  # sessions begun through this object

    @classmethod
    def open(cls, data_dir: Path) -> Self:
        """Open the log in `data_dir`, creating the folder and file if need be.

        Raises DataError when the folder cannot be created or written, the
        file is not a (healthy) retro-tui log, or it comes from a newer
        version; the file is then left untouched.
        """
        conn, path = _connect(Path(data_dir))
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return read_version(self._db, self.path)

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
    def batch(self) -> Iterator[Self]:
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


# --- opening ------------------------------------------------------------------


class _Locked(Exception):
    """Opening met another connection holding a lock: worth another try."""


def _connect(data_dir: Path) -> tuple[sqlite3.Connection, Path]:
    """The prepared connection to `data_dir/sessions.db` (see `StoreBase.open`)."""
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
            return _connect_once(path, data_dir), path
        except _Locked:
            if time.monotonic() > deadline:
                raise DataError(
                    f"{path}: the session log is busy (database is locked): try again"
                ) from None
            time.sleep(0.05)


def _connect_once(path: Path, data_dir: Path) -> sqlite3.Connection:
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
        version = read_version(conn, path)
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
            backup(conn, path, version)
        migrate(conn)
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
    return conn


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
