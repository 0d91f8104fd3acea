"""Two processes writing the log at once: both sessions complete and intact."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from retro_tui.core.store import DB_NAME, Store

N_EVENTS = 600

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, UTC
    from pathlib import Path
    from retro_tui.core.store import PlannedStep, Store

    data_dir, sync, name, n = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

    def barrier(stage):
        # both writers reach `stage` before either goes on, so their writes overlap
        (sync / f"{name}.{stage}").touch()
        deadline = time.monotonic() + 60
        while len(list(sync.glob(f"*.{stage}"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.001)

    barrier("start")
    store = Store.open(data_dir)  # both may create the file and migrate it at once
    steps = [PlannedStep(i, "run", "backward", 10.0) for i in range(n // 10)]
    session_id = store.begin_session(workout=name, name=name, planned_s=10.0 * len(steps),
                                     backward_planned_s=10.0 * len(steps), simulated=True,
                                     started_at=datetime.now(UTC), steps=steps)
    barrier("begun")
    for i in range(n):
        if i == n // 2:
            barrier("half")
        # A live session writes a few events a second; a short pause between writes keeps
        # the overlap without letting one writer starve the other on a loaded machine.
        time.sleep(0.0005)
        step = i // 10
        if i % 10 == 9:
            store.log_event(session_id, step * 10 + 10.0, "step_end",
                            {"step": step, "actual_s": 10.0, "skipped": False})
        elif i % 10 == 5:
            store.log_event(session_id, step * 10 + 5.0, "lap", {"step": step, "lap_s": 5.0})
        else:
            store.log_event(session_id, step * 10 + (i % 10), "cue",
                            {"kind": "shoulder", "side": "left", "text": name + str(i),
                             "step": step})
    store.finish_session(session_id, status="completed", ended_at=datetime.now(UTC),
                         active_s=10.0 * len(steps), paused_s=0.0,
                         backward_s=10.0 * len(steps))
    store.close()
    print(session_id)
    """
)


def test_two_processes_writing_sessions_at_once_both_complete_intact(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    sync = tmp_path / "sync"
    sync.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), str(sync), name, str(N_EVENTS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    results = []
    for proc in procs:
        try:
            results.append(proc.communicate(timeout=240))
        except subprocess.TimeoutExpired:
            for other in procs:
                other.kill()
            raise AssertionError(
                "writers hung: " + " | ".join((o.communicate()[1] or "")[-500:] for o in procs)
            ) from None
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    ids = sorted(int(out) for out, _ in results)
    assert len(set(ids)) == 2

    with Store.open(data_dir) as store:
        assert store.recover_interrupted() == []
        sessions = {s.workout: s for s in store.list_sessions()}
        assert set(sessions) == {"alpha", "beta"}
        for name, summary in sessions.items():
            assert summary.status == "completed"
            detail = store.get_session(summary.id)
            assert detail is not None
            assert len(detail.events) == N_EVENTS
            texts = [e.data["text"] for e in detail.events if e.kind == "cue"]
            expected = [f"{name}{i}" for i in range(N_EVENTS) if i % 10 not in (5, 9)]
            assert texts == expected  # all of its own, none of the other's, in order
            assert all(s.actual_s == 10.0 and s.laps == (5.0,) for s in detail.steps)
            assert [e.at_s for e in detail.events] == sorted(e.at_s for e in detail.events)
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 2
    # the writes really overlapped: each session's event rows interleave with the other's
    (a_lo, a_hi), (b_lo, b_hi) = conn.execute(
        "SELECT MIN(id), MAX(id) FROM events GROUP BY session_id ORDER BY session_id"
    ).fetchall()
    assert a_lo < b_hi and b_lo < a_hi
