"""Compile a 500-step workout (nested repeats) into its timeline, many times.

Target (PRODUCT.md §11): under 20 ms. These machines are shared and noisy, so the
figure is printed beside baselines taken in the same run: parsing the workout's
TOML text and serialising the compiled timeline with json.dumps.

    .venv/bin/python benchmarks/bench_timeline.py [--runs N] [--no-scan]

Then the largest workouts the limits accept (PRODUCT.md §3: 12 hours, 2,000
steps, cues every 5 s, a 10-beep countdown) must compile in under a second
each; each is printed beside the same run's json.dumps of its result and the
plain cue-by-cue scan the placement replaced (the before figure; --no-scan
skips it, it takes seconds).

Exits 1 when a median is over its target.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from retro_tui.core import timeline as timeline_module
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import parse_workout

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scan_placement import ScanPlaced  # noqa: E402  (the old placement, the tests' reference)

TARGET_MS = 20.0
LARGEST_TARGET_MS = 1000.0

# The largest workouts the limits accept, each 12 hours of backward running.
LARGEST: dict[str, list[object]] = {
    "one 12 h step": [{"run": "12h"}],
    "2,000 steps of 21.6 s": [{"repeat": 20, "steps": [{"repeat": 100, "steps": [{"run": 21.6}]}]}],
    "20 steps of 36 min": [{"repeat": 20, "steps": [{"run": "36min"}]}],
}

# 2 + 6 x 83 = 500 steps: three levels of repeats, times and distances,
# backward and forward, steps of 2 minutes and more (halfway cues).
WORKOUT_TOML = """\
[[workouts]]
id = "bench-500"
name = "Five hundred steps"
steps = [
  { warmup = "10min", note = "Easy forward jog" },
  { repeat = 6, steps = [
    { walk = "1min", note = "Backward walk" },
    { repeat = 20, steps = [
      { run = "100m", note = "Soft landing, hard take-off" },
      { rest = "45s", note = "Walk back" },
    ] },
    { repeat = 4, steps = [
      { repeat = 3, steps = [
        { run = "30s" },
        { walk = "1:30", direction = "forward" },
        { rest = "15s" },
      ] },
    ] },
    { repeat = 3, steps = [
      { run = "2min", shoulder_check_every = "15s" },
      { cooldown = "1min", direction = "backward", form_reminder_every = "off" },
    ] },
  ] },
  { cooldown = "10min" },
]
"""


def _scan_compile(workout: object, settings: Settings) -> object:
    placed = timeline_module._Placed
    timeline_module._Placed = ScanPlaced  # type: ignore[assignment,misc]
    try:
        return compile_timeline(workout, settings)  # type: ignore[arg-type]
    finally:
        timeline_module._Placed = placed  # type: ignore[misc]


def _largest(runs: int, scan: bool) -> bool:
    """Compile each largest accepted workout; True when all are under target."""
    busy = Settings().with_values(shoulder_check_every=5.0, form_reminder_every=5.0, countdown=10)
    print()
    print(
        "largest accepted workouts (12 h; checks and reminders every 5 s, countdown 10); "
        f"{runs} runs each, the scan once"
    )
    print(f"{'':24} {'cues':>7} {'compile ms':>11} {'dumps ms':>9} {'old scan ms':>12}")
    ok = True
    for label, steps in LARGEST.items():
        workout = parse_workout({"id": "largest", "steps": steps}, "")
        timeline = compile_timeline(workout, busy)
        median, _ = _summary(_timings(lambda w=workout: compile_timeline(w, busy), runs))
        dumps, _ = _summary(_timings(lambda t=timeline: json.dumps(t.to_json()), runs))
        old = ""
        if scan:
            start = time.perf_counter()
            same = _scan_compile(workout, busy) == timeline
            old = f"{(time.perf_counter() - start) * 1000:.0f}" + ("" if same else " DIFFERS")
            ok = ok and same
        print(f"{label:24} {len(timeline.cues):7} {median:11.1f} {dumps:9.1f} {old:>12}")
        ok = ok and median < LARGEST_TARGET_MS
    print(f"each under {LARGEST_TARGET_MS:.0f} ms: {'ok' if ok else 'OVER TARGET'}")
    return ok


def _timings(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _summary(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered), p99


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-scan", action="store_true", help="skip the old placement's figure")
    args = parser.parse_args(argv)

    settings = Settings()  # shoulder checks every 20 s, form every 90 s, countdown 3
    busy = settings.with_values(shoulder_check_every=5.0, form_reminder_every=10.0, countdown=10)
    workout = parse_workout(tomllib.loads(WORKOUT_TOML)["workouts"][0], "workouts[0]")
    timeline = compile_timeline(workout, settings)
    assert len(timeline.steps) == 500, len(timeline.steps)
    busy_timeline = compile_timeline(workout, busy)

    rows = [
        (
            "compile, default settings",
            _timings(lambda: compile_timeline(workout, settings), args.runs),
        ),
        ("compile, busy settings", _timings(lambda: compile_timeline(workout, busy), args.runs)),
        (
            "baseline: parse the TOML + validate",
            _timings(
                lambda: parse_workout(tomllib.loads(WORKOUT_TOML)["workouts"][0], "w"), args.runs
            ),
        ),
        (
            "baseline: json.dumps the timeline",
            _timings(lambda: json.dumps(timeline.to_json()), args.runs),
        ),
    ]
    print(
        f"500-step workout: {timeline.total_s / 60:.0f} min, {len(timeline.cues)} cues "
        f"(busy settings: {len(busy_timeline.cues)} cues); {args.runs} runs each"
    )
    print(f"{'':38} {'median ms':>10} {'p99 ms':>10}")
    for label, ms in rows:
        median, p99 = _summary(ms)
        print(f"{label:38} {median:10.2f} {p99:10.2f}")
    median, p99 = _summary(rows[0][1])
    dumps_median, _ = _summary(rows[3][1])
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(
        f"compile median {median:.2f} ms (p99 {p99:.2f}) vs target {TARGET_MS:.0f} ms: {verdict}; "
        f"{median / dumps_median:.1f}x json.dumps of its result"
    )
    largest_ok = _largest(max(1, min(5, args.runs)), scan=not args.no_scan)
    return 0 if median < TARGET_MS and largest_ok else 1


if __name__ == "__main__":
    sys.exit(main())
