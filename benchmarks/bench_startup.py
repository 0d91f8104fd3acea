"""Start-up time of the light commands against the bare interpreter.

Target (PRODUCT §11): `check`, `timeline`, `workouts`, `log` import no
Textual and start within 8x `python -c pass`, measured here in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    py = sys.executable
    with tempfile.TemporaryDirectory() as data:
        cases = {
            "python -c pass (baseline)": [py, "-c", "pass"],
            "python -c 'import rich.table'": [py, "-c", "import rich.console, rich.table"],
            "python -c 'import textual.app'": [py, "-c", "import textual.app"],
            "retro-tui check config.toml": [
                py,
                "-m",
                "retro_tui",
                "check",
                str(ROOT / "config.toml"),
            ],
            "retro-tui timeline ladder --json": [
                py,
                "-m",
                "retro_tui",
                "timeline",
                "ladder",
                "--json",
            ],
            "retro-tui timeline ladder (table)": [py, "-m", "retro_tui", "timeline", "ladder"],
            "retro-tui workouts --json": [py, "-m", "retro_tui", "workouts", "--json"],
            "retro-tui log --limit 50": [
                py,
                "-m",
                "retro_tui",
                "log",
                "--limit",
                "50",
                "--data-dir",
                data,
            ],
        }
        timed(cases["python -c pass (baseline)"], 3)  # warm the disk cache
        results = {name: timed(argv, runs) for name, argv in cases.items()}
    base = results["python -c pass (baseline)"]
    print(f"median of {runs} runs each; target: retro-tui commands <= 8x the baseline")
    for name, ms in results.items():
        verdict = ""
        if name.startswith("retro-tui"):
            verdict = "  meets" if ms <= 8 * base else "  MISSES"
        print(f"  {name:36s} {ms:7.1f} ms  {ms / base:5.1f}x{verdict}")


if __name__ == "__main__":
    main()
