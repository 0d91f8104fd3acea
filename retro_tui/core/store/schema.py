"""The log's schema: forward migrations, the version a file is at, a backup first.

A `schema_version` table holds one row per applied migration;
`MIGRATIONS[n - 1]` takes the file from version n-1 to n, each in its own
transaction. Version 1 is the base schema (sessions, steps, events, laps);
version 2 adds the review (`rpe`, `notes`) and the indexes that keep `log`
and the history screen fast with many sessions. A file from a newer version
or a file that is not a retro-tui log is refused with a `DataError` and left
untouched; before migrating an existing log, a copy is kept beside it
(`sessions.v1.bak`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from retro_tui.errors import DataError

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


def read_version(conn: sqlite3.Connection, path: Path) -> int:
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


def backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
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


def migrate(conn: sqlite3.Connection) -> None:
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
