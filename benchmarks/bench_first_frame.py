"""First frame of the home screen against a minimal Textual app's, in a pty.

Spawns `python -m retro_tui` (the home screen; empty data dir, HOME pointed
at a temp dir so no user config is read) in a 100x30 pseudo-terminal and
times spawn -> the home screen's text on the terminal. The baseline is a
minimal Textual app (one `Static("ready")` and a `Footer`). The two
alternate, N runs each; each process is killed once its frame is complete.

Two moments are timed in each, from the bytes written to the pty:

* body:  the screen's own text ("Workout", the table header / "ready")
* frame: the body and the footer's keys ("Up next" / "palette"); Textual
  fills a `Footer` in a later refresh than the body, in both apps, so this is
  when the first complete screen is on the terminal.

Target (PRODUCT.md §11): retro-tui's first frame <= 1.3x the baseline's,
judged on the median "frame" time; the "body" ratio is printed beside it.

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

# (body marker, footer marker) for each program
HOME_MARKERS = (b"Workout", b"Up next")
BASELINE_MARKERS = (b"ready", b"palette")

# CSI / OSC / other escape sequences: dropped so styling inside a word can't hide it
ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def first_frame_ms(argv: list[str], env: dict[str, str], markers: tuple[bytes, ...]) -> list[float]:
    """Spawn argv on a pty; ms from spawn until each marker had been written."""
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
    return [seen[m] for m in markers]


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
        )
        for name in ("RETRO_TUI_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "TEXTUAL"):
            env.pop(name, None)
        cases = {
            "retro-tui home": (
                [sys.executable, "-m", "retro_tui", "--data-dir", str(work / "data")],
                HOME_MARKERS,
            ),
            "minimal Textual app": ([sys.executable, str(work / "baseline.py")], BASELINE_MARKERS),
        }
        print(
            f"bench_first_frame: spawn -> first frame in a {COLUMNS}x{ROWS} pty, "
            f"{args.runs} runs each, alternating ({os.cpu_count()} CPUs)...",
            flush=True,
        )
        # one untimed run of each: .pyc files written, disk cache warm
        for argv, markers in cases.values():
            first_frame_ms(argv, env, markers)
        # samples[name] = ([body ms], [frame ms]); frame = body and footer both drawn
        samples: dict[str, tuple[list[float], list[float]]] = {n: ([], []) for n in cases}
        for _ in range(args.runs):
            for name, (argv, markers) in cases.items():
                times = first_frame_ms(argv, env, markers)
                samples[name][0].append(times[0])
                samples[name][1].append(max(times))

    medians: dict[tuple[str, int], float] = {}
    for stage, label in enumerate(("body", "frame")):
        print(f"\n{label} ({'screen text' if stage == 0 else 'screen text and footer keys'})")
        for name, by_stage in samples.items():
            values = by_stage[stage]
            medians[name, stage] = statistics.median(values)
            print(
                f"  {name:<20} median {medians[name, stage]:6.1f} ms   "
                f"p90 {percentile(values, 90):6.1f} ms   "
                f"min {min(values):6.1f} ms   max {max(values):6.1f} ms"
            )
    body_ratio = medians["retro-tui home", 0] / medians["minimal Textual app", 0]
    base = medians["minimal Textual app", 1]
    ratio = medians["retro-tui home", 1] / base
    verdict = "PASS" if ratio <= TARGET_RATIO else f"MISS by {(ratio / TARGET_RATIO - 1):.0%}"
    print(
        f"\n  first frame ratio (medians) {ratio:.2f}x   target <= {TARGET_RATIO}x "
        f"(<= {base * TARGET_RATIO:.0f} ms here)   {verdict}"
        f"\n  body-only ratio             {body_ratio:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
