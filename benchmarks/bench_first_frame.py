"""First frame of the home screen, and of `run --remote`, against a minimal Textual app's.

Spawns each program in a 100x30 pseudo-terminal (empty data dir, HOME
pointed at a temp dir so no user config is read; bytecode cached in a temp
dir, as a newcomer's Python writes it even where PYTHONDONTWRITEBYTECODE is
set) and times spawn -> its text on the terminal:

* `retro-tui` (home);
* `retro-tui run ladder --remote --remote-port 0`: the screen before the
  start with the phone remote's link (its server up: the remote-on case);
* the baseline, a minimal Textual app (one `Static("ready")` and a `Footer`).

They take turns, N runs each; each process is killed once its frame is
complete. Two moments are timed in each, from the bytes written to the pty:

* body:  the screen's own text ("Workout", the table header / "Before you
  start" / "ready")
* frame: everything the first screen shows: the body, home's "Up next" line
  (read from the log on a worker) or the remote's link, and the footer's
  keys ("Quit" / "palette"); Textual fills a `Footer` in a later refresh than
  the body, in every app.

Target (PRODUCT.md §11): home's first frame <= 1.3x the baseline's (the aim,
for margin: 1.2x), judged on the median "frame" time; `run --remote` is
printed beside the same baseline; the "body" ratios beside them.

    .venv/bin/python benchmarks/bench_first_frame.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import select
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ptyspawn import spawn_in_pty

COLUMNS, ROWS = 100, 30
TARGET_RATIO = 1.3
AIM_RATIO = 1.2
TIMEOUT_S = 30.0

BASELINE_APP = r"""
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self) -> ComposeResult:
        yield Static("ready")
        yield Footer()

Minimal().run()
"""

# (body marker, more markers...) for each program: the frame is complete once all are out
HOME_MARKERS = (b"Workout", b"Up next", b"Quit")
REMOTE_MARKERS = (b"Before you start", b"Phone remote http", b"palette")
BASELINE_MARKERS = (b"ready", b"palette")
HOME, REMOTE, BASELINE = "retro-tui home", "run ladder --remote", "minimal Textual app"

# CSI / OSC / other escape sequences: dropped so styling inside a word can't hide it
ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def cpu_ms(pid: int) -> float:
    """User+system CPU time a running process has used so far (Linux /proc; 10 ms ticks)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def first_frame_ms(
    argv: list[str], env: dict[str, str], markers: tuple[bytes, ...]
) -> tuple[list[float], float]:
    """Spawn argv on a pty; ms from spawn until each marker had been written, and
    the CPU time the process had used once they all were."""
    start = time.perf_counter()
    proc, master = spawn_in_pty(argv, env, ROWS, COLUMNS)
    output = bytearray()
    seen: dict[bytes, float] = {}
    try:
        deadline = start + TIMEOUT_S
        while len(seen) < len(markers) and (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the pty (it exited)
                break
            if not data:
                break
            now = time.perf_counter()
            output += data
            text = ESCAPES.sub(b"", bytes(output))
            for marker in markers:
                if marker not in seen and marker in text:
                    seen[marker] = (now - start) * 1000
        used = cpu_ms(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: setsid above
        proc.wait(10)
        os.close(master)
    if len(seen) < len(markers):
        tail = ESCAPES.sub(b"", bytes(output[-2000:])).decode(errors="replace")
        missing = [m.decode() for m in markers if m not in seen]
        raise RuntimeError(
            f"no {missing} within {TIMEOUT_S:.0f} s from {' '.join(argv)} "
            f"(exit {proc.returncode}); output ended:\n{tail}"
        )
    return [seen[m] for m in markers], used


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each (default 10)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="bench-first-frame-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        (work / "baseline.py").write_text(BASELINE_APP, encoding="utf-8")
        env = dict(
            os.environ,
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(ROWS),
            HOME=str(work / "home"),
            PYTHONPYCACHEPREFIX=str(work / "pycache"),
        )
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        for name in [k for k in env if k.startswith("RETRO_TUI_")]:
            env.pop(name)
        retro = [sys.executable, "-m", "retro_tui"]
        cases = {
            HOME: ([*retro, "--data-dir", str(work / "data")], HOME_MARKERS),
            REMOTE: (
                [*retro, "run", "ladder", "--remote", "--remote-port", "0"]
                + ["--data-dir", str(work / "data-remote")],
                REMOTE_MARKERS,
            ),
            BASELINE: ([sys.executable, str(work / "baseline.py")], BASELINE_MARKERS),
        }
        print(
            f"bench_first_frame: spawn -> first frame in a {COLUMNS}x{ROWS} pty, "
            f"{args.runs} runs each, alternating ({os.cpu_count()} CPUs)...",
            flush=True,
        )
        # one untimed run of each: .pyc files written, disk cache warm
        for argv, markers in cases.values():
            first_frame_ms(argv, env, markers)
        # samples[name] = ([body ms], [frame ms], [cpu ms]); frame: every marker out
        samples: dict[str, tuple[list[float], ...]] = {n: ([], [], []) for n in cases}
        for _ in range(args.runs):
            for name, (argv, markers) in cases.items():
                times, used = first_frame_ms(argv, env, markers)
                samples[name][0].append(times[0])
                samples[name][1].append(max(times))
                samples[name][2].append(used)

    medians: dict[tuple[str, int], float] = {}
    stages = (
        "body (screen text)",
        "frame (all of the first screen)",
        "cpu (the process's CPU time once its frame was out: steadier than wall under load)",
    )
    for stage, label in enumerate(stages):
        print(f"\n{label}")
        for name, by_stage in samples.items():
            values = by_stage[stage]
            medians[name, stage] = statistics.median(values)
            print(
                f"  {name:<20} median {medians[name, stage]:6.1f} ms   "
                f"p90 {percentile(values, 90):6.1f} ms   "
                f"min {min(values):6.1f} ms   max {max(values):6.1f} ms"
            )
    base = medians[BASELINE, 1]
    print()
    for name in (HOME, REMOTE):
        body_ratio = medians[name, 0] / medians[BASELINE, 0]
        cpu_ratio = medians[name, 2] / medians[BASELINE, 2]
        ratio = medians[name, 1] / base
        if name == HOME:
            verdict = (
                "PASS (aim met)"
                if ratio <= AIM_RATIO
                else "PASS"
                if ratio <= TARGET_RATIO
                else f"MISS by {(ratio / TARGET_RATIO - 1):.0%}"
            )
            goal = f"target <= {TARGET_RATIO}x, aim <= {AIM_RATIO}x (<= {base * AIM_RATIO:.0f} ms here)"
        else:
            verdict, goal = "", "(no target of its own)"
        print(
            f"  {name:<20} first frame {ratio:.2f}x the baseline   body only {body_ratio:.2f}x"
            f"   cpu {cpu_ratio:.2f}x   {goal}   {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
