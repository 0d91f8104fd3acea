"""TCX of a 1-hour session, and `export --all` of 1,000 sessions (PRODUCT.md §11, §13).

    .venv/bin/python benchmarks/bench_export.py [--sessions N] [--repeats N]

Makes a fresh log in a temp folder: a 1-hour workout really run through the
coach's session on a fake clock (its events are what a live run logs), and
N sessions (default 1,000) replaying a really-run 15-minute session's
events. Then measures, each beside a baseline taken in the same run (these
machines are shared and noisy):

- the TCX of the 1-hour session in-process (read from the log + rendered),
  against `json.dumps` of the same session's `show --json` (target ≤ 200 ms);
- `retro-tui export ID --format tcx -o FILE` of it as a subprocess, against
  `python -c pass` (target ≤ 200 ms);
- `retro-tui export --all --format tcx -o DIR` of the N sessions as a
  subprocess, against `--format json` of the same (target ≤ 10 s).

The targets are judged on CPU time (the process's user + system seconds),
printed beside the wall time: on these shared 2-core machines another
job's load can stretch the wall time of a run several times over while
its CPU time stays what a runner's quiet laptop would take.

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_startup import newcomer_env

from retro_tui.coach.live import LiveSession
from retro_tui.core.amounts import Amount
from retro_tui.core.records import EventRecord
from retro_tui.core.report import session_to_json
from retro_tui.core.settings import settings_from_raw
from retro_tui.core.store import Store, planned_steps_from_timeline
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import Repeat, Step, Workout
from retro_tui.formats.session_laps import planned_steps, step_distances
from retro_tui.formats.tcx import session_tcx

TCX_TARGET_S = 0.200
ALL_TARGET_S = 10.0
SETTINGS = settings_from_raw({"get_ready": "10s"})


def _workout(minutes: int) -> Workout:
    """`minutes` long: warm-up, 4-minute backward rounds (100 m, 1 min, rests), cool-down."""
    rounds = max(1, (minutes * 60 - 600) // 240)  # a round: 50 s (100 m) + 40 + 60 + 90
    warmup = minutes * 60 - 300 - rounds * 240
    return Workout(
        id=f"bench-{minutes}",
        name=f"Bench {minutes} min",
        steps=(
            Step("warmup", Amount(seconds=warmup), "forward"),
            Repeat(
                rounds,
                (
                    Step("run", Amount(metres=100), "backward"),
                    Step("rest", Amount(seconds=40), "forward"),
                    Step("run", Amount(seconds=60), "backward"),
                    Step("rest", Amount(seconds=90), "forward"),
                ),
            ),
            Step("cooldown", Amount(seconds=300), "forward"),
        ),
    )


def _run(data_dir: Path, workout: Workout) -> int:
    """Run `workout` through the coach on a fake clock, a lap pressed now and then."""
    timeline = compile_timeline(workout, SETTINGS)
    now = [0.0]
    with Store.open(data_dir) as store:
        live = LiveSession(
            timeline, SETTINGS, store=store, clock=lambda: now[0], log_in_thread=False
        )
        live.start()
        tick = 0
        while not live.engine.is_over:
            now[0] += 0.5
            tick += 1
            live.update()
            if tick % 487 == 0:  # now and then the runner presses lap
                live.act("lap")
        live.close()
        assert live.session_id is not None
        return live.session_id


def seed(data_dir: Path, sessions: int) -> tuple[int, float]:
    """The 1-hour session, then `sessions` copies of a 15-minute one; (hour id, seconds)."""
    t0 = time.perf_counter()
    hour = _run(data_dir, _workout(60))
    template_dir = data_dir / "template"
    short = _workout(15)
    with Store.open(template_dir) as store:
        detail = store.get_session(_run(template_dir, short))
    assert detail is not None
    events: tuple[EventRecord, ...] = detail.events
    steps = planned_steps_from_timeline(compile_timeline(short, SETTINGS))
    start = datetime.now(UTC) - timedelta(hours=8 * sessions)
    with Store.open(data_dir) as store, store.batch():
        for i in range(sessions):
            started = start + timedelta(hours=8 * i)
            sid = store.begin_session(
                workout=short.id,
                name=short.name,
                planned_s=detail.planned_s,
                backward_planned_s=detail.backward_planned_s,
                simulated=False,
                started_at=started,
                steps=steps,
            )
            for event in events:
                store.log_event(sid, event.at_s, event.kind, event.data)
            store.finish_session(
                sid,
                status="completed",
                ended_at=started + timedelta(seconds=detail.active_s + 10),
                active_s=detail.active_s,
                paused_s=0.0,
                backward_s=detail.backward_s,
            )
    shutil.rmtree(template_dir)
    return hour, time.perf_counter() - t0


ENV: dict[str, str] = {}  # a newcomer's environment, bytecode cached (see bench_startup)


def _timed(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `argv`: CPU is the child's user + system time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV or None
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def bench_tcx_in_process(data_dir: Path, session_id: int, repeats: int) -> tuple[float, float, int]:
    """CPU seconds to read + render the TCX, and to read + json.dumps the same session."""
    plan = planned_steps(_workout(60), SETTINGS)
    tcx_times, json_times = [], []
    size = 0
    with Store.open(data_dir) as store:
        for _ in range(repeats):
            t0 = time.process_time()
            detail = store.get_session(session_id)
            assert detail is not None
            text = session_tcx(detail, step_distances(detail.steps, plan))
            tcx_times.append(time.process_time() - t0)
            size = text.count("<Trackpoint>")
            t0 = time.process_time()
            detail = store.get_session(session_id)
            assert detail is not None
            json.dumps(session_to_json(detail), indent=2, ensure_ascii=False)
            json_times.append(time.process_time() - t0)
    return statistics.median(tcx_times), statistics.median(json_times), size


def bench_tcx_cli(
    data_dir: Path, session_id: int, out: Path, repeats: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    export = [
        sys.executable, "-m", "retro_tui", "export", str(session_id), "--format", "tcx",
        "-o", str(out), "--data-dir", str(data_dir),
    ]  # fmt: skip
    bare = [sys.executable, "-c", "pass"]
    _timed(export), _timed(bare)  # warm the OS caches and the bytecode
    exports, bares = [], []
    for _ in range(repeats):  # interleaved, so noise hits both alike
        exports.append(_timed(export))
        bares.append(_timed(bare))
    return _median(exports), _median(bares)


def bench_all(data_dir: Path, out: Path) -> tuple[tuple[float, float], tuple[float, float], int]:
    def export_all(fmt: str) -> tuple[float, float]:
        target = out / fmt
        shutil.rmtree(target, ignore_errors=True)
        return _timed(
            [
                sys.executable, "-m", "retro_tui", "export", "--all", "--format", fmt,
                "-o", str(target), "--data-dir", str(data_dir),
            ]
        )  # fmt: skip

    export_all("csv")  # warm the OS caches and the bytecode
    tcx, as_json = export_all("tcx"), export_all("json")
    return tcx, as_json, len(list((out / "tcx").iterdir()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        ENV.update(newcomer_env(root))
        data_dir = root / "data"
        hour, seeding = seed(data_dir, args.sessions)
        print(f"seeded a 1-hour session and {args.sessions} 15-minute ones in {seeding:.1f} s")

        tcx_s, json_s, points = bench_tcx_in_process(data_dir, hour, args.repeats)
        print(
            f"TCX of the 1-hour session ({points} trackpoints), read + render: "
            f"{tcx_s * 1000:.1f} ms CPU (json.dumps of the same session: {json_s * 1000:.1f} ms;"
            f" target <= {TCX_TARGET_S * 1000:.0f} ms)"
        )
        (cli_wall, cli_s), (bare_wall, bare_s) = bench_tcx_cli(
            data_dir, hour, root / "hour.tcx", args.repeats
        )
        print(
            f"`export {hour} --format tcx -o FILE`: {cli_s * 1000:.0f} ms CPU, "
            f"{cli_wall * 1000:.0f} ms wall (python -c pass: {bare_s * 1000:.0f} ms CPU, "
            f"{bare_wall * 1000:.0f} ms wall; target <= {TCX_TARGET_S * 1000:.0f} ms)"
        )
        (all_wall, all_s), (json_wall, json_cpu), files = bench_all(data_dir, root / "out")
        print(
            f"`export --all --format tcx` of {files} sessions: {all_s:.2f} s CPU, "
            f"{all_wall:.2f} s wall (--format json of the same: {json_cpu:.2f} s CPU, "
            f"{json_wall:.2f} s wall; target <= {ALL_TARGET_S:.0f} s)"
        )
    missed = [
        name
        for name, value, target in (
            ("tcx in-process", tcx_s, TCX_TARGET_S),
            ("tcx command", cli_s, TCX_TARGET_S),
            ("export --all", all_s, ALL_TARGET_S),
        )
        if value > target
    ]
    if missed:
        print("missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
