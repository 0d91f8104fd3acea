"""The session log with 10,000 sessions: `log`, the history screen, one event write.

    .venv/bin/python benchmarks/bench_store.py [--sessions N] [--events N] [--data-dir DIR]

Seeds a fresh log (N sessions × 40 events, one every ~8 hours back from now,
in one transaction through the store's own API), then measures, each beside
a baseline taken in the same run (these machines are shared and noisy):

- `retro-tui log --limit 50` as a subprocess, against `python -c pass`
  (target ≤ 300 ms);
- what the history screen loads, in-process: open the store, recover,
  `list_sessions(50)` and `weekly_backward_minutes(12)` (target ≤ 500 ms);
- the real history screen: the app (`make_app`) on that data folder in
  `App.run_test()`, home settled, then from pushing `HistoryScreen` until its
  worker is done and the table holds its rows (target ≤ 500 ms);
- one `log_event` into a session of that log, median and p99 over 1000
  (target ≤ 2 ms).

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from retro_tui.core.store import PlannedStep, Store

STEPS = [
    PlannedStep(0, "warmup", "forward", 300.0),
    *(
        PlannedStep(i, "run" if i % 2 else "rest", "backward" if i % 2 else "forward", 30.0)
        for i in range(1, 9)
    ),
    PlannedStep(9, "cooldown", "forward", 300.0),
]


def _events(n: int) -> list[tuple[float, str, dict[str, object]]]:
    """A plausible session's events: step starts/ends, cues, a lap or two."""
    out: list[tuple[float, str, dict[str, object]]] = []
    t = 0.0
    step = 0
    while len(out) < n:
        s = STEPS[step % len(STEPS)]
        out.append((t, "step_start", {"step": s.index}))
        out.append(
            (
                t + 20,
                "cue",
                {
                    "kind": "shoulder",
                    "side": "left",
                    "text": "Check over your left shoulder",
                    "step": s.index,
                },
            )
        )
        out.append((t + 25, "lap", {"step": s.index, "lap_s": 25.0}))
        t += s.planned_s
        out.append((t, "step_end", {"step": s.index, "actual_s": s.planned_s, "skipped": False}))
        step += 1
    return out[:n]


def seed(data_dir: Path, sessions: int, events: int) -> float:
    now = datetime.now(UTC)
    template = _events(events)
    t0 = time.perf_counter()
    with Store.open(data_dir) as store, store.batch():
        for i in range(sessions):
            started = now - timedelta(hours=8 * (sessions - i))
            sid = store.begin_session(
                workout=f"w{i % 7}",
                name=f"Workout {i % 7}",
                planned_s=840.0,
                backward_planned_s=120.0,
                simulated=i % 10 == 0,
                started_at=started,
                steps=STEPS,
            )
            for at_s, kind, data in template:
                store.log_event(sid, at_s, kind, data)
            store.finish_session(
                sid,
                status="completed",
                ended_at=started + timedelta(minutes=15),
                active_s=840.0,
                paused_s=0.0,
                backward_s=120.0,
            )
    return time.perf_counter() - t0


def _run(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def bench_log(data_dir: Path, repeats: int) -> tuple[float, float]:
    log = [sys.executable, "-m", "retro_tui", "log", "--limit", "50", "--data-dir", str(data_dir)]
    bare = [sys.executable, "-c", "pass"]
    _run(log), _run(bare)  # warm the OS caches
    logs, bares = [], []
    for _ in range(repeats):  # interleaved, so noise hits both alike
        logs.append(_run(log))
        bares.append(_run(bare))
    return statistics.median(logs), statistics.median(bares)


def bench_history(data_dir: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with Store.open(data_dir) as store:
            store.recover_interrupted()
            sessions = store.list_sessions(50)
            weeks = store.weekly_backward_minutes(12)
        times.append(time.perf_counter() - t0)
        assert len(sessions) == 50 and len(weeks) == 12
    return statistics.median(times)


def bench_history_screen(data_dir: Path, repeats: int) -> tuple[float, int]:
    """Push the real HistoryScreen in a headless app; seconds until its table is filled.

    Each repeat is a new app (a new store connection), with home's own plan read
    finished first, as when the runner presses `h` on home. Returns the median
    and the table's row count.
    """
    import asyncio

    from textual.widgets import DataTable

    from retro_tui.core.config import load_config
    from retro_tui.ui.app import make_app
    from retro_tui.ui.screens.history import HistoryScreen

    config = load_config()

    async def once() -> tuple[float, int]:
        app = make_app(config, data_dir=data_dir, keep_awake_factory=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()  # home's plan read
            await pilot.pause()
            screen = HistoryScreen(app.screen_context)
            t0 = time.perf_counter()
            app.push_screen(screen)
            while True:
                await app.workers.wait_for_complete()
                await pilot.pause()
                if screen.loaded:
                    table = screen.query_one("#history-table", DataTable)
                    if table.row_count or screen.error:
                        break
            took = time.perf_counter() - t0
            if screen.error:
                raise RuntimeError(f"the history screen failed: {screen.error}")
            return took, table.row_count

    results = [asyncio.run(once()) for _ in range(repeats)]
    return statistics.median(t for t, _ in results), results[0][1]


def bench_event(data_dir: Path, n: int) -> tuple[float, float]:
    with Store.open(data_dir) as store:
        sid = store.begin_session(
            workout="bench",
            name="Bench",
            planned_s=60.0,
            backward_planned_s=60.0,
            simulated=True,
            started_at=datetime.now(UTC),
            steps=STEPS,
        )
        data = {
            "kind": "shoulder",
            "side": "left",
            "text": "Check over your left shoulder",
            "step": 1,
        }
        times = []
        for i in range(n):
            kind, payload = (
                ("lap", {"step": 1, "lap_s": 5.0})
                if i % 10 == 0
                else ("step_end", {"step": 2, "actual_s": 30.0, "skipped": False})
                if i % 10 == 1
                else ("cue", data)
            )
            t0 = time.perf_counter()
            store.log_event(sid, float(i), kind, payload)
            times.append(time.perf_counter() - t0)
        store.delete_session(sid)
    return _median_p99(times)


def _median_p99(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def bench_baseline_write(n: int) -> tuple[float, float]:
    """The same-sized commit to an in-memory database: no file, only CPU and scheduling.

    On a loaded machine its p99 shows the scheduler's share of the event's.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE e (id INTEGER PRIMARY KEY, at_s REAL, kind TEXT, data TEXT)")
    data = {"kind": "shoulder", "side": "left", "text": "Check over your left shoulder", "step": 1}
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO e (at_s, kind, data) VALUES (?, 'cue', ?)", (float(i), json.dumps(data))
        )
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return _median_p99(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, help="default: a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        took = seed(data_dir, args.sessions, args.events)
        size = (data_dir / "sessions.db").stat().st_size / 1e6
        print(
            f"seeded {args.sessions} sessions x {args.events} events in {took:.1f} s "
            f"({size:.0f} MB)"
        )

        log_s, bare_s = bench_log(data_dir, args.repeats)
        history_s = bench_history(data_dir, args.repeats)
        screen_s, screen_rows = bench_history_screen(data_dir, max(3, args.repeats // 2))
        median_s, p99_s = bench_event(data_dir, 1000)
        base_median_s, base_p99_s = bench_baseline_write(1000)

    ok = True

    def report(label: str, value_s: float, target_s: float, extra: str = "") -> None:
        nonlocal ok
        good = value_s <= target_s
        ok &= good
        print(
            f"{label:<34} {value_s * 1000:8.2f} ms  (target {target_s * 1000:g} ms)"
            f"{extra}  {'ok' if good else 'MISSED'}"
        )

    report(
        "retro-tui log --limit 50",
        log_s,
        0.300,
        f"  [python -c pass: {bare_s * 1000:.1f} ms, x{log_s / bare_s:.1f}]",
    )
    report("history screen data", history_s, 0.500)
    report(
        "history screen, push to rows",
        screen_s,
        0.500,
        f"  [HistoryScreen in App.run_test(), {screen_rows} rows]",
    )
    report(
        "one event write, median",
        median_s,
        0.002,
        f"  [in-memory commit: {base_median_s * 1000:.3f} ms]",
    )
    report(
        "one event write, p99", p99_s, 0.002, f"  [in-memory commit: {base_p99_s * 1000:.3f} ms]"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"(load average {load:.1f} on {os.cpu_count()} CPUs: a p99 near 4 ms on both lines "
        f"is the scheduler's tick on a busy machine, not the disk)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
