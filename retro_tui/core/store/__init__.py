"""The session log: SQLite in the data dir, every event committed as it happens.

`Store.open(data_dir)` opens (creating if need be) `data_dir/sessions.db`.
Nothing is opened at import time. One `Store` may be shared between threads
(a lock serialises its calls); several processes may write the same file at
once (WAL mode, `BEGIN IMMEDIATE` write transactions and a busy timeout).

The parts: `db` (the file, its connection, pragmas, lock and durability),
`schema` (migrations and the backup before them), `writes`, `queries` and
`recovery` (interrupted sessions); the records it hands out are in
`retro_tui.core.records`.
"""

from __future__ import annotations

from retro_tui.core.records import (
    EventRecord,
    PlannedStep,
    SessionDetail,
    SessionSummary,
    StepRecord,
    planned_steps_from_timeline,
)
from retro_tui.core.store.db import (
    BUSY_TIMEOUT_MS,
    DB_NAME,
    WAL_AUTOCHECKPOINT_PAGES,
    WAL_SIZE_LIMIT_BYTES,
    _hostname,
)
from retro_tui.core.store.queries import Queries
from retro_tui.core.store.recovery import (
    STALE_OTHER_HOST_S,
    STALE_SAME_HOST_S,
    Recovery,
    _boot_time,
    _pid_alive,
)
from retro_tui.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from retro_tui.core.store.writes import FINISH_STATUSES, STATUSES, Writes

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "FINISH_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STALE_OTHER_HOST_S",
    "STALE_SAME_HOST_S",
    "STATUSES",
    "WAL_AUTOCHECKPOINT_PAGES",
    "WAL_SIZE_LIMIT_BYTES",
    "EventRecord",
    "PlannedStep",
    "SessionDetail",
    "SessionSummary",
    "StepRecord",
    "Store",
    "planned_steps_from_timeline",
    # process helpers (who writes a session, whether it still runs) the tests check directly
    "_boot_time",
    "_hostname",
    "_pid_alive",
]


class Store(Writes, Queries, Recovery):
    """The session log. Open with `Store.open(data_dir)`; close with `close()`."""
