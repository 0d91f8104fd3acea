"""Live session benchmark: cue timing and CPU of the real TUI in a pseudo-terminal.

Runs, at the same time and each in its own pty (100x30):

* `retro-tui run bench` on a 60-second workout, real clock, with
  `RETRO_TUI_CUE_LOG` set so the app uses a recording player
  (retro_tui/audio/recorder.py: CueRecorder) that writes when each cue was handed
  over. Lateness = handed-over time - (session start + get-ready + cue offset),
  i.e. measured against the plan, not against the engine's own idea of it.
* the baseline: a minimal Textual app showing a `Digits` clock refreshed at
  4 Hz, logging when each tick ran against its own schedule.

CPU is user+system time from /proc/PID/stat over the same window (start-up
excluded), as % of one core. Targets (PRODUCT.md §11, issue 3): cue lateness
p99 <= 20 ms, max <= 50 ms, no drift; CPU <= 1.5x the baseline, under 3 %.

    .venv/bin/python benchmarks/bench_live.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ptyspawn import spawn_in_pty

REPO = Path(__file__).resolve().parents[1]
RETRO_TUI = Path(sys.executable).parent / "retro-tui"
COLUMNS, ROWS = 100, 30
GET_READY_S = 2
WARMUP_S = 4.0  # start-up (imports, first frames) left out of the CPU window

# 58 s of steps after a 2 s get-ready: 60 s in all, cues every few seconds.
BENCH_CONFIG = f"""
[settings]
voice = "beeps"
get_ready = "{GET_READY_S}s"
checklist = false
shoulder_check_every = "5s"
form_reminder_every = "8s"
countdown = 3

[[workouts]]
id = "bench"
name = "Benchmark minute"
steps = [
  {{ warmup = "10s" }},
  {{ repeat = 2, steps = [ {{ run = "12s" }}, {{ rest = "6s", note = "Walk back" }} ] }},
  {{ walk = "12s" }},
]
"""
SESSION_S = GET_READY_S + 10 + 2 * (12 + 6) + 12  # 60

BASELINE_APP = r"""
import sys, time
from textual.app import App, ComposeResult
from textual.widgets import Digits

LOG = open(sys.argv[1], "a")

class Clock(App):
    CSS = "Screen { align: center middle; } Digits { width: auto; }"

    def compose(self) -> ComposeResult:
        yield Digits("")

    def on_mount(self) -> None:
        self.start = time.monotonic()
        LOG.write(f"start {self.start:.6f}\n"); LOG.flush()
        self.tick()
        self.set_interval(1 / 4, self.tick)

    def tick(self) -> None:
        now = time.monotonic()
        LOG.write(f"tick {now:.6f}\n"); LOG.flush()
        t = now - self.start
        self.query_one(Digits).update(f"{int(t // 60):02d}:{int(t % 60):02d}")

Clock().run()
"""


class PtyProcess:
    """A command on the slave side of a pty; its output drained and thrown away."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.proc, master = spawn_in_pty(argv, env, ROWS, COLUMNS)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data[-4096:]
            del self.output[:-8192]

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def cpu_s(self) -> float:
        """User + system CPU seconds so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout: float = 15.0) -> int:
        try:
            self.send(b"\x11")  # ctrl+q
            return self.proc.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.send_signal(signal.SIGTERM)
            return self.proc.wait(5)
        finally:
            os.close(self.master)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def slope_ms_per_min(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of lateness (ms) against plan time (minutes): drift."""
    if len(xs) < 2:
        return float("nan")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def cue_lateness(log: Path) -> tuple[list[float], list[float], int]:
    """(plan times in s from start, lateness in ms, cues) from the recorder's log."""
    start = speed = get_ready = None
    plan, late = [], []
    for line in log.read_text().splitlines():
        parts = line.split()
        if parts[0] == "start":
            start, speed, get_ready = float(parts[1]), float(parts[2]), float(parts[3])
        elif parts[0] == "cue" and start is not None:
            handed, at_s = float(parts[1]), float(parts[2])
            planned = start + (get_ready + at_s) / speed
            plan.append(planned - start)
            late.append((handed - planned) * 1000)
    return plan, late, len(late)


def tick_lateness(log: Path) -> tuple[list[float], list[float]]:
    start = None
    plan, late = [], []
    k = 0
    for line in log.read_text().splitlines():
        kind, value = line.split()
        if kind == "start":
            start = float(value)
        elif start is not None:
            t = float(value)
            if k:  # tick 0 is the immediate first draw
                planned = start + k / 4
                plan.append(planned - start)
                late.append((t - planned) * 1000)
            k += 1
    return plan, late


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="keep the logs in DIR")
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("bench_live: needs Linux /proc for CPU time", file=sys.stderr)
        return 1
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-live-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "config.toml").write_text(BENCH_CONFIG, encoding="utf-8")
    (work / "baseline.py").write_text(BASELINE_APP, encoding="utf-8")
    cue_log, tick_log = work / "cues.log", work / "ticks.log"
    for log in (cue_log, tick_log):
        log.unlink(missing_ok=True)
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        HOME=str(work / "home"),
        RETRO_TUI_CUE_LOG=str(cue_log),
    )
    env.pop("RETRO_TUI_CONFIG", None)
    (work / "home").mkdir(exist_ok=True)

    print(
        f"bench_live: a {SESSION_S}-second live session and a 4 Hz Digits clock, "
        f"side by side in {COLUMNS}x{ROWS} ptys ({os.cpu_count()} CPUs)...",
        flush=True,
    )
    live = PtyProcess(
        [
            str(RETRO_TUI),
            "run",
            "bench",
            "--config",
            str(work / "config.toml"),
            "--data-dir",
            str(work / "data"),
        ],
        env,
    )
    base = PtyProcess([sys.executable, str(work / "baseline.py"), str(tick_log)], env)
    t0 = time.monotonic()
    time.sleep(WARMUP_S)
    cpu0 = (live.cpu_s(), base.cpu_s())
    w0 = time.monotonic()
    # the session ends at ~SESSION_S after start-up; measure until just before
    deadline = t0 + SESSION_S + 1.0
    while time.monotonic() < deadline and live.proc.poll() is None:
        time.sleep(0.25)
    w1 = time.monotonic()
    cpu1 = (live.cpu_s(), base.cpu_s())
    window = w1 - w0
    # wait for the finish cue (the recorder writes it when the session ends)
    end_by = time.monotonic() + 15
    while time.monotonic() < end_by and "finish" not in cue_log.read_text(errors="replace"):
        time.sleep(0.2)
    rc_live, rc_base = live.stop(), base.stop()

    plan, late, n = cue_lateness(cue_log)
    bplan, blate = tick_lateness(tick_log)
    cpu_live = (cpu1[0] - cpu0[0]) / window * 100
    cpu_base = (cpu1[1] - cpu0[1]) / window * 100

    def row(name: str, values: list[float], xs: list[float]) -> str:
        return (
            f"  {name:<22} n={len(values):<4} p50 {percentile(values, 50):6.2f} ms   "
            f"p99 {percentile(values, 99):6.2f} ms   max {max(values, default=float('nan')):6.2f} ms"
            f"   drift {slope_ms_per_min([x / 60 for x in xs], values):+.2f} ms/min"
        )

    print("\nlateness against the plan")
    print(row("retro-tui cues", late, plan))
    print(row("baseline 4 Hz ticks", blate, bplan))
    print(f"\nCPU over {window:.1f} s (start-up excluded), % of one core")
    print(f"  retro-tui live screen   {cpu_live:5.2f} %")
    print(f"  baseline Digits clock   {cpu_base:5.2f} %")
    ratio = cpu_live / cpu_base if cpu_base > 0 else float("inf")
    print(f"  ratio                   {ratio:5.2f}x")

    ok = True
    checks = [
        ("every cue of the plan handed over", n > 0 and "finish" in cue_log.read_text()),
        ("cue lateness p99 <= 20 ms", percentile(late, 99) <= 20),
        ("cue lateness max <= 50 ms", max(late, default=1e9) <= 50),
        ("no cue early", min(late, default=0) >= 0),
        ("CPU <= 1.5x the baseline", ratio <= 1.5),
        ("CPU < 3 % of a core", cpu_live < 3),
        ("both exited cleanly", rc_live == 0 and rc_base == 0),
    ]
    print()
    for name, passed in checks:
        ok &= passed
        print(f"  [{'ok' if passed else 'MISS'}] {name}")
    if args.keep:
        print(f"\nlogs in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
