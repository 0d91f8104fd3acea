"""The session log: every API round-trips, migrations, refusals, recovery."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from retro_tui.core import store as store_module
from retro_tui.core.store import (
    DB_NAME,
    SCHEMA_VERSION,
    PlannedStep,
    SessionDetail,
    Store,
    planned_steps_from_timeline,
)
from retro_tui.errors import DataError

REPO_ROOT = Path(__file__).resolve().parent.parent

STEPS = [
    PlannedStep(0, "warmup", "forward", 60.0),
    PlannedStep(1, "run", "backward", 30.0),
    PlannedStep(2, "rest", "forward", 30.0),
    PlannedStep(3, "walk", "backward", 120.0),
]
T0 = datetime(2026, 11, 23, 16, 40, tzinfo=UTC)

# A realistic run through STEPS: what the engine logs.
EVENTS: list[tuple[float, str, dict[str, object] | None]] = [
    (-10.0, "get_ready", {"text": "Get ready", "seconds": 10.0}),
    (0.0, "step_start", {"step": 0}),
    (0.0, "cue", {"kind": "step_start", "side": None, "text": "Warm-up, 1 minute.", "step": 0}),
    (60.0, "step_end", {"step": 0, "actual_s": 60.0, "skipped": False}),
    (60.0, "step_start", {"step": 1}),
    (
        80.0,
        "cue",
        {"kind": "shoulder", "side": "left", "text": "Check over your left shoulder", "step": 1},
    ),
    (84.25, "lap", {"step": 1, "lap_s": 24.25}),
    (86.0, "stumble", {"step": 1}),
    (86.0, "pause", {"step": 1}),
    (86.0, "resume", {"step": 1}),
    (88.5, "lap", {"step": 1, "lap_s": 4.25}),
    (90.0, "step_end", {"step": 1, "actual_s": 30.0, "skipped": False}),
    (90.0, "step_start", {"step": 2}),
    (95.0, "mute", {"muted": True}),
    (100.0, "skip", {"step": 2}),
    (100.0, "step_end", {"step": 2, "actual_s": 10.0, "skipped": True}),
    (100.0, "step_start", {"step": 3}),
    (
        120.0,
        "cue",
        {
            "kind": "shoulder",
            "side": "right",
            "text": "Check over your right shoulder",
            "step": 3,
            "dropped": True,
        },
    ),
    (130.0, "back", {"step": 3, "to_step": 3}),
    (130.0, "step_end", {"step": 3, "actual_s": 30.0, "skipped": False}),
    (100.0, "step_start", {"step": 3}),
    (140.0, "cue", {"kind": "form", "side": None, "text": "Engage your core", "step": 3}),
]


def begin(
    store: Store,
    *,
    started_at: datetime = T0,
    simulated: bool = False,
    workout: str = "ladder",
    name: str = "Retro ladder",
) -> int:
    return store.begin_session(
        workout=workout,
        name=name,
        planned_s=sum(s.planned_s for s in STEPS),
        backward_planned_s=sum(s.planned_s for s in STEPS if s.direction == "backward"),
        simulated=simulated,
        started_at=started_at,
        steps=STEPS,
    )


def seed_session(
    store: Store,
    *,
    started_at: datetime = T0,
    simulated: bool = False,
    finish: bool = True,
    backward_s: float = 150.0,
    **kw: str,
) -> int:
    """A whole session as a live run leaves it: begun, every event, finished."""
    session_id = begin(store, started_at=started_at, simulated=simulated, **kw)
    for at_s, kind, data in EVENTS:
        store.log_event(session_id, at_s, kind, data)
    if finish:
        store.log_event(
            session_id, 220.0, "step_end", {"step": 3, "actual_s": 150.0, "skipped": False}
        )
        store.log_event(
            session_id,
            220.0,
            "cue",
            {"kind": "finish", "side": None, "text": "Workout complete. Well done!", "step": 3},
        )
        store.finish_session(
            session_id,
            status="completed",
            ended_at=started_at + timedelta(seconds=240),
            active_s=250.0,
            paused_s=12.5,
            backward_s=backward_s,
        )
    return session_id


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "data") as s:
        yield s


# --- opening --------------------------------------------------------------


def test_open_creates_the_folder_the_file_and_the_current_schema(tmp_path: Path) -> None:
    data_dir = tmp_path / "deep" / "er" / "data"
    with Store.open(data_dir) as store:
        assert store.path == data_dir / DB_NAME
        assert store.schema_version == SCHEMA_VERSION == 2
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [1, 2]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_open_twice_is_harmless(tmp_path: Path) -> None:
    with Store.open(tmp_path) as a:
        seed_session(a)
    with Store.open(tmp_path) as b:
        assert len(b.list_sessions()) == 1
        assert b.schema_version == SCHEMA_VERSION


def test_nothing_is_opened_at_import(tmp_path: Path) -> None:
    code = (
        "import os, retro_tui.core.store, retro_tui.core.report, retro_tui.commands.log;"
        "print(sorted(os.listdir('.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_closed_store_refuses_clearly(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(DataError, match="closed"):
        store.list_sessions()


# --- writing and reading a session ------------------------------------------


def test_a_session_round_trips_with_steps_events_laps_and_cue_counts(store: Store) -> None:
    session_id = seed_session(store)
    detail = store.get_session(session_id)
    assert isinstance(detail, SessionDetail)
    assert detail.id == session_id
    assert (detail.workout, detail.name, detail.status) == ("ladder", "Retro ladder", "completed")
    assert detail.started_at == T0
    assert detail.ended_at == T0 + timedelta(seconds=240)
    assert detail.simulated is False
    assert (detail.planned_s, detail.backward_planned_s) == (240.0, 150.0)
    assert (detail.active_s, detail.paused_s, detail.backward_s) == (250.0, 12.5, 150.0)
    assert (detail.rpe, detail.notes) == (None, "")
    assert detail.last_event_s == 220.0

    steps = [
        (s.index, s.kind, s.direction, s.planned_s, s.actual_s, s.skipped, s.laps)
        for s in detail.steps
    ]
    assert steps == [
        (0, "warmup", "forward", 60.0, 60.0, False, ()),
        (1, "run", "backward", 30.0, 30.0, False, (24.25, 4.25)),
        (2, "rest", "forward", 30.0, 10.0, True, ()),
        (3, "walk", "backward", 120.0, 150.0, False, ()),
    ]
    assert detail.laps == 2
    # every event, in the order logged, with its data as given
    expected = [(at, kind, data or {}) for at, kind, data in EVENTS]
    expected += [
        (220.0, "step_end", {"step": 3, "actual_s": 150.0, "skipped": False}),
        (
            220.0,
            "cue",
            {"kind": "finish", "side": None, "text": "Workout complete. Well done!", "step": 3},
        ),
    ]
    assert [(e.at_s, e.kind, dict(e.data)) for e in detail.events] == expected
    assert all(e.logged_at.tzinfo is not None for e in detail.events)
    assert detail.cue_counts == {"step_start": 1, "shoulder": 1, "form": 1, "finish": 1}
    assert detail.dropped_cues == 1
    assert detail.stumbles == 1


def test_a_back_then_step_end_keeps_the_latest_actual_time(store: Store) -> None:
    session_id = begin(store)
    store.log_event(session_id, 0, "step_start", {"step": 0})
    store.log_event(session_id, 10, "step_end", {"step": 0, "actual_s": 10.0, "skipped": True})
    store.log_event(session_id, 0, "step_start", {"step": 0})
    store.log_event(session_id, 60, "step_end", {"step": 0, "actual_s": 70.0, "skipped": False})
    step = store.get_session(session_id).steps[0]  # type: ignore[union-attr]
    assert (step.actual_s, step.skipped) == (70.0, False)


def test_an_open_session_is_running_and_knows_where_it_stopped(store: Store) -> None:
    session_id = begin(store)
    store.log_event(session_id, 0.0, "step_start", {"step": 0})
    store.log_event(session_id, 42.5, "cue", {"kind": "form", "side": None, "text": "x", "step": 0})
    summary = store.list_sessions()[0]
    assert (summary.status, summary.ended_at, summary.last_event_s) == ("running", None, 42.5)
    assert store.get_session(session_id).steps[1].actual_s is None  # type: ignore[union-attr]


def test_log_event_refuses_an_unknown_session_and_non_json_data(store: Store) -> None:
    with pytest.raises(ValueError, match="no session 99"):
        store.log_event(99, 1.0, "pause")
    session_id = begin(store)
    with pytest.raises(ValueError, match="not JSON"):
        store.log_event(session_id, 1.0, "cue", {"when": object()})
    with pytest.raises(ValueError, match="finite"):
        store.log_event(session_id, float("nan"), "pause")
    # a refused event leaves nothing behind
    assert store.get_session(session_id).events == ()  # type: ignore[union-attr]
    store.log_event(session_id, 1.0, "pause")  # no data is fine
    assert store.get_session(session_id).events[0].data == {}  # type: ignore[union-attr]


def test_finish_refuses_an_unknown_status_or_session(store: Store) -> None:
    session_id = begin(store)
    with pytest.raises(ValueError, match="completed, stopped"):
        store.finish_session(
            session_id, status="interrupted", ended_at=T0, active_s=0, paused_s=0, backward_s=0
        )
    with pytest.raises(ValueError, match="no session 99"):
        store.finish_session(
            99, status="stopped", ended_at=T0, active_s=0, paused_s=0, backward_s=0
        )


def test_a_naive_start_time_is_local_time(store: Store) -> None:
    local = datetime(2026, 3, 1, 9, 30)
    session_id = begin(store, started_at=local)
    assert store.get_session(session_id).started_at == local.astimezone()  # type: ignore[union-attr]


def test_planned_steps_from_a_compiled_timeline() -> None:
    from retro_tui.core.amounts import Amount
    from retro_tui.core.settings import settings_from_raw
    from retro_tui.core.timeline import compile_timeline
    from retro_tui.core.workout import Repeat, Step, Workout

    workout = Workout(
        id="t",
        name="T",
        steps=(
            Step("warmup", Amount(seconds=60), "forward"),
            Repeat(
                2,
                (
                    Step("run", Amount(seconds=30), "backward"),
                    Step("rest", Amount(seconds=20), "forward"),
                ),
            ),
        ),
    )
    timeline = compile_timeline(workout, settings_from_raw({}))
    assert planned_steps_from_timeline(timeline) == [
        PlannedStep(0, "warmup", "forward", 60.0),
        PlannedStep(1, "run", "backward", 30.0),
        PlannedStep(2, "rest", "forward", 20.0),
        PlannedStep(3, "run", "backward", 30.0),
        PlannedStep(4, "rest", "forward", 20.0),
    ]


# --- listing, review, delete ------------------------------------------------


def test_list_sessions_newest_first_with_limit_and_offset(store: Store) -> None:
    ids = [
        seed_session(store, started_at=T0 + timedelta(days=d), name=f"s{d}")
        for d in (3, 1, 4, 2, 0)
    ]
    by_day = dict(zip((3, 1, 4, 2, 0), ids, strict=True))
    assert [s.id for s in store.list_sessions()] == [by_day[d] for d in (4, 3, 2, 1, 0)]
    assert [s.name for s in store.list_sessions(2)] == ["s4", "s3"]
    assert [s.name for s in store.list_sessions(2, offset=2)] == ["s2", "s1"]
    assert len(store.list_sessions(None)) == 5
    assert store.count_sessions() == 5
    summary = store.list_sessions(1)[0]
    assert not hasattr(summary, "events")


def test_review_round_trips_and_is_validated(store: Store) -> None:
    session_id = seed_session(store)
    assert store.set_review(session_id, 7, "Calves tight — whole-foot landings helped.\nWindy.")
    detail = store.get_session(session_id)
    assert detail is not None
    assert (detail.rpe, detail.notes) == (7, "Calves tight — whole-foot landings helped.\nWindy.")
    assert store.list_sessions()[0].rpe == 7
    assert store.set_review(session_id, None, "")
    assert (store.get_session(session_id).rpe, store.get_session(session_id).notes) == (None, "")  # type: ignore[union-attr]
    for bad in (0, 11, True, 5.5, "7"):
        with pytest.raises(ValueError, match="1 to 10"):
            store.set_review(session_id, bad, "")  # type: ignore[arg-type]
    assert store.set_review(999, 5, "x") is False


def test_delete_removes_the_session_and_all_its_rows(store: Store) -> None:
    keep = seed_session(store)
    gone = seed_session(store, started_at=T0 + timedelta(days=1))
    assert store.delete_session(gone) is True
    assert store.get_session(gone) is None
    assert [s.id for s in store.list_sessions()] == [keep]
    conn = sqlite3.connect(store.path)
    for table in ("events", "steps", "laps"):
        n = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE session_id = ?", (gone,)).fetchone()
        assert n[0] == 0, table
    assert store.get_session(keep).events  # type: ignore[union-attr]
    assert store.delete_session(gone) is False


# --- weekly backward minutes ------------------------------------------------


def _local(y: int, m: int, d: int, h: int = 12, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute).astimezone()


def test_weekly_backward_minutes_local_weeks_from_monday(store: Store) -> None:
    today = date(2026, 11, 25)  # a Wednesday; its week starts Monday 23rd
    seed_session(store, started_at=_local(2026, 11, 23, 0, 30), backward_s=600)  # Monday
    seed_session(store, started_at=_local(2026, 11, 25, 18), backward_s=300)
    seed_session(store, started_at=_local(2026, 11, 22, 23, 30), backward_s=120)  # Sunday
    seed_session(store, started_at=_local(2026, 9, 7), backward_s=60)  # 12 weeks back
    seed_session(store, started_at=_local(2026, 8, 31), backward_s=999)  # 13 weeks: out
    seed_session(store, started_at=_local(2026, 11, 30), backward_s=999)  # next week: out
    seed_session(store, started_at=_local(2026, 11, 24), backward_s=900, simulated=True)

    weeks = store.weekly_backward_minutes(12, today=today)
    assert len(weeks) == 12
    assert [w for w, _ in weeks] == [date(2026, 9, 7) + timedelta(weeks=i) for i in range(12)]
    assert all(w.weekday() == 0 for w, _ in weeks)
    minutes = dict(weeks)
    assert minutes[date(2026, 11, 23)] == 15.0  # 10 + 5, not the simulated 15
    assert minutes[date(2026, 11, 16)] == 2.0  # Sunday 23:30 is the week before
    assert minutes[date(2026, 9, 7)] == 1.0
    assert sum(minutes.values()) == 18.0

    with_sim = dict(store.weekly_backward_minutes(12, today=today, include_simulated=True))
    assert with_sim[date(2026, 11, 23)] == 30.0
    assert store.weekly_backward_minutes(1, today=today) == [(date(2026, 11, 23), 15.0)]
    assert store.weekly_backward_minutes(0, today=today) == []
    assert len(store.weekly_backward_minutes()) == 12  # today by default


# --- threads ----------------------------------------------------------------


def test_a_writer_thread_may_use_the_store(store: Store) -> None:
    """The live session writes from its own thread, as live.py does."""
    result: list[int] = []

    def write() -> None:
        result.append(seed_session(store))

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    assert store.get_session(result[0]).status == "completed"  # type: ignore[union-attr]


def test_batch_commits_once_and_rolls_back_on_error(store: Store) -> None:
    with store.batch():
        first = seed_session(store)
        with store.batch():  # nests
            second = seed_session(store)
    assert {s.id for s in store.list_sessions()} == {first, second}
    with pytest.raises(RuntimeError), store.batch():
        seed_session(store)
        raise RuntimeError("boom")
    assert store.count_sessions() == 2


# --- migrations -------------------------------------------------------------

# Version 1 exactly as it shipped: kept here so that an edit to the released
# migration (which would skip existing users) fails this test.
V1_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, workout TEXT NOT NULL, name TEXT NOT NULL,
    started_at REAL NOT NULL, ended_at REAL, status TEXT NOT NULL DEFAULT 'running',
    simulated INTEGER NOT NULL DEFAULT 0, planned_s REAL NOT NULL,
    backward_planned_s REAL NOT NULL, active_s REAL NOT NULL DEFAULT 0,
    paused_s REAL NOT NULL DEFAULT 0, backward_s REAL NOT NULL DEFAULT 0, pid INTEGER,
    host TEXT, last_event_s REAL, updated_at REAL NOT NULL);
CREATE TABLE steps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL,
    planned_s REAL NOT NULL, actual_s REAL, skipped INTEGER NOT NULL DEFAULT 0,
    laps INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (session_id, idx)) WITHOUT ROWID;
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at_s REAL NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}',
    logged_at REAL NOT NULL);
CREATE INDEX events_session ON events(session_id, id);
CREATE TABLE laps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    step INTEGER NOT NULL, n INTEGER NOT NULL, lap_s REAL NOT NULL, at_s REAL NOT NULL,
    PRIMARY KEY (session_id, step, n)) WITHOUT ROWID;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL);
INSERT INTO schema_version VALUES (1, 1700000000.0);
"""


def _columns(sql: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    return [
        (t, c[1])
        for t in ("sessions", "steps", "events", "laps")
        for c in conn.execute(f"PRAGMA table_info({t})")
    ]


def test_the_released_v1_migration_is_unchanged() -> None:
    assert _columns(store_module.MIGRATIONS[0]) == _columns(
        V1_SCHEMA.split("CREATE TABLE schema")[0]
    )


def _build_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    started = T0.timestamp()
    conn.execute(
        "INSERT INTO sessions (workout, name, started_at, ended_at, status, simulated, planned_s,"
        " backward_planned_s, active_s, paused_s, backward_s, pid, host, last_event_s, updated_at)"
        " VALUES ('ladder', 'Retro ladder', ?, ?, 'completed', 0, 240, 150, 240, 0, 150, 1,"
        " 'old-laptop', 240, ?)",
        (started, started + 250, started + 250),
    )
    conn.execute("INSERT INTO steps VALUES (1, 0, 'run', 'backward', 240, 240, 0, 1)")
    conn.execute(
        "INSERT INTO events (session_id, at_s, kind, data, logged_at) VALUES"
        " (1, 0, 'step_start', '{\"step\": 0}', ?)",
        (started,),
    )
    conn.execute(
        "INSERT INTO events (session_id, at_s, kind, data, logged_at) VALUES"
        " (1, 100, 'lap', '{\"step\": 0, \"lap_s\": 100.0}', ?)",
        (started + 100,),
    )
    conn.execute("INSERT INTO laps VALUES (1, 0, 1, 100.0, 100.0)")
    conn.commit()
    conn.close()


def test_a_version_1_log_migrates_to_the_current_schema_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    _build_v1(path)
    v1_bytes = path.read_bytes()
    with Store.open(tmp_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        detail = store.get_session(1)
        assert detail is not None
        assert (detail.status, detail.rpe, detail.notes) == ("completed", None, "")
        assert [(s.actual_s, s.laps) for s in detail.steps] == [(240.0, (100.0,))]
        assert [e.kind for e in detail.events] == ["step_start", "lap"]
        # the v2 features work on the migrated file
        assert store.set_review(1, 4, "migrated")
        new = seed_session(store, started_at=T0 + timedelta(days=1))
        assert [s.id for s in store.list_sessions()] == [new, 1]
    # a copy of the v1 file was kept before migrating
    backup = tmp_path / "sessions.v1.bak"
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2
    assert len(v1_bytes) > 0
    indexes = {
        r[0]
        for r in sqlite3.connect(path).execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
    }
    assert {"sessions_started", "sessions_open", "events_session"} <= indexes


# --- refusals: the user's file is never touched ---------------------------------


def test_a_log_from_a_newer_version_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        seed_session(store)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("INSERT INTO schema_version VALUES (?, 0)", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(
        DataError, match=r"newer retro-tui \(schema version 3; this one reads up to 2\)"
    ):
        Store.open(tmp_path)
    assert (tmp_path / DB_NAME).read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [
        b"this is my shopping list, not a database\n" * 100,
        b"SQLite format 3\x00" + os.urandom(4080),  # right header, garbage after it
        b"\x00" * 8192,
        b"SQ",
    ],
    ids=["text", "garbage-after-header", "zeros", "truncated"],
)
def test_a_corrupt_log_is_refused_and_left_byte_identical(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(content)
    with pytest.raises(DataError, match=r"sessions\.db.*(damaged|not an SQLite)"):
        Store.open(tmp_path)
    assert path.read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == [DB_NAME]  # no -wal, -shm or backup left behind


def test_a_damaged_page_inside_a_good_log_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for day in range(30):
            seed_session(store, started_at=T0 + timedelta(days=day))
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : 4 * page] = b"\xff" * (3 * page)  # smash the pages after the schema
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(DataError, match="damaged|cannot be used"), Store.open(tmp_path) as store:
        for s in store.list_sessions(None):
            store.get_session(s.id)
    assert path.read_bytes() == before


def test_a_sqlite_file_that_is_not_a_session_log_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DataError, match="not a retro-tui session log"):
        Store.open(tmp_path)
    assert path.read_bytes() == before


def test_a_data_dir_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    # root ignores chmod, so make the folder impossible: it would sit under a file
    with pytest.raises(DataError, match=r"a-file/data: the data folder cannot be created") as err:
        Store.open(blocker / "data")
    assert "--data-dir" in str(err.value)
    with pytest.raises(DataError, match="is not a folder"):
        Store.open(blocker)
    assert blocker.read_text() == "not a folder"


def test_a_folder_in_place_of_the_log_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).mkdir()
    with pytest.raises(DataError, match="is a folder"):
        Store.open(tmp_path)


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores file permissions"
)
def test_a_read_only_data_dir_is_a_clear_error(tmp_path: Path) -> None:  # pragma: no cover
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(DataError):
            Store.open(tmp_path)
    finally:
        tmp_path.chmod(0o700)


# --- recovery ----------------------------------------------------------------

CRASHER = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime, UTC
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from test_store import begin, EVENTS
    from retro_tui.core.store import Store
    store = Store.open(Path(sys.argv[1]))
    session_id = begin(store, started_at=datetime(2026, 11, 23, 16, 40, tzinfo=UTC))
    for at_s, kind, data in EVENTS[:int(sys.argv[3])]:
        store.log_event(session_id, at_s, kind, data)
    print(session_id, flush=True)
    os._exit(0)  # like kill -9: no finish, no close
    """
)


def _crash(
    data_dir: Path, n_events: int, *, reap: bool = True
) -> tuple[int, subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, str(data_dir), str(Path(__file__).parent), str(n_events)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert proc.stdout is not None
    session_id = int(proc.stdout.readline())
    if reap:
        proc.wait(10)
    return session_id, proc


def test_a_session_whose_process_died_is_closed_as_interrupted_at_its_last_event(
    tmp_path: Path,
) -> None:
    n = 17  # up to and including the step 3 start after the skip: step 3 under way
    session_id, _ = _crash(tmp_path, n)
    with Store.open(tmp_path) as store:
        assert store.list_sessions()[0].status == "running"
        assert store.recover_interrupted() == [session_id]
        assert store.recover_interrupted() == []  # once
        detail = store.get_session(session_id)
    assert detail is not None
    assert detail.status == "interrupted"
    # every event logged before the crash is there
    assert [(e.at_s, e.kind, dict(e.data)) for e in detail.events] == [
        (at, kind, data or {}) for at, kind, data in EVENTS[:n]
    ]
    # ended at the wall time of its last event
    assert detail.ended_at is not None
    assert abs((detail.ended_at - detail.events[-1].logged_at).total_seconds()) < 1e-3
    # steps 0-2 as logged; step 3 started at 100 and the last event was at 100
    assert [s.actual_s for s in detail.steps] == [60.0, 30.0, 10.0, 0.0]
    assert detail.active_s == 100.0
    assert detail.backward_s == 30.0
    assert detail.last_event_s == 100.0


def test_recovery_counts_the_step_under_way_and_the_pauses(tmp_path: Path) -> None:
    session_id, _ = _crash(tmp_path, 7)  # ... 80 s shoulder cue, 84.25 lap in step 1
    with Store.open(tmp_path) as store:
        assert store.recover_interrupted() == [session_id]
        detail = store.get_session(session_id)
    assert detail is not None
    assert [s.actual_s for s in detail.steps] == [60.0, 24.25, None, None]
    assert detail.active_s == 84.25
    assert detail.backward_s == 24.25
    assert detail.laps == 1


def test_a_zombie_process_does_not_keep_its_session_open(tmp_path: Path) -> None:
    """`kill -9` of a child not yet reaped by its parent leaves a zombie pid."""
    session_id, proc = _crash(tmp_path, 3, reap=False)
    try:
        deadline = time.monotonic() + 10
        with Store.open(tmp_path) as store:
            while True:
                closed = store.recover_interrupted()
                if closed or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
        assert closed == [session_id]
    finally:
        proc.wait(10)


def test_live_sessions_are_not_recovered(tmp_path: Path) -> None:
    with Store.open(tmp_path) as mine:
        session_id = begin(mine)
        mine.log_event(session_id, 0, "step_start", {"step": 0})
        assert mine.recover_interrupted() == []
        # another Store in this same (alive) process: still not recovered
        with Store.open(tmp_path) as other:
            assert other.recover_interrupted() == []
        # a session of another live process on this host (our parent) is left alone
        conn = sqlite3.connect(tmp_path / DB_NAME)
        other_id = begin(mine)
        conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (os.getppid(), other_id))
        conn.commit()
        with Store.open(tmp_path) as other:
            assert other.recover_interrupted() == []
            assert other.get_session(session_id).status == "running"  # type: ignore[union-attr]


def test_a_session_of_another_host_is_recovered_only_when_stale(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session_id = begin(store)
        store.log_event(session_id, 0, "step_start", {"step": 0})
    conn = sqlite3.connect(tmp_path / DB_NAME)
    host = store_module._hostname() + "-elsewhere"
    conn.execute("UPDATE sessions SET host = ?, pid = 1 WHERE id = ?", (host, session_id))
    conn.commit()
    with Store.open(tmp_path) as store:
        assert store.recover_interrupted() == []
    stale = time.time() - store_module.STALE_OTHER_HOST_S - 60
    conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (stale, session_id))
    conn.commit()
    with Store.open(tmp_path) as store:
        assert store.recover_interrupted() == [session_id]


def test_a_live_pid_from_before_the_last_boot_is_another_process(tmp_path: Path) -> None:
    """After a reboot the old pid may belong to someone else: the session is recovered."""
    with Store.open(tmp_path) as store:
        session_id = begin(store)
        store.log_event(session_id, 0, "step_start", {"step": 0})
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (os.getppid(), session_id))
    conn.commit()
    with Store.open(tmp_path) as store:
        assert store.recover_interrupted() == []  # alive, and recent: left alone
    before_boot = store_module._boot_time() - 60 if store_module._boot_time() else 0.0
    stale = min(before_boot, time.time() - store_module.STALE_SAME_HOST_S - 60)
    conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (stale, session_id))
    conn.commit()
    with Store.open(tmp_path) as store:
        assert store.recover_interrupted() == [session_id]


def test_pid_alive() -> None:
    assert store_module._pid_alive(os.getpid())
    assert store_module._pid_alive(os.getppid())
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not store_module._pid_alive(proc.pid)
    assert not store_module._pid_alive(0)
    assert not store_module._pid_alive(-5)


def test_events_are_json_text_in_the_file(store: Store) -> None:
    """The file stays readable by other tools: one JSON object per event."""
    session_id = seed_session(store)
    conn = sqlite3.connect(store.path)
    rows = conn.execute("SELECT data FROM events WHERE session_id = ?", (session_id,)).fetchall()
    assert all(isinstance(json.loads(r[0]), dict) for r in rows)
