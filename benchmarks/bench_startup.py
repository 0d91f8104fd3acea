"""Start-up time of the light commands against the bare interpreter.

Target (PRODUCT §11): the light commands (`check`, `timeline`, `workouts`,
`log`, `show`, `export`, `import`, `plan`) import no Textual and start within
8x `python -c pass` (the aim, for margin on a busy laptop: 6x), measured here
in the same run. The cases take turns, one run of each in every round, so a
burst of load elsewhere lands on all of them alike.

Two figures each, both beside the baseline's:

* wall: spawn -> exit (what the runner waits for);
* cpu:  the child's user+system time. On a loaded machine a short process
  (the baseline) often finishes inside one time slice while a longer one is
  preempted, so the wall ratio swells with the load; the CPU ratio does not.

The commands run as a newcomer's do: no user config (HOME and XDG dirs are a
temporary folder), a session log of 50 sessions, and bytecode cached. (This
matters: PYTHONDONTWRITEBYTECODE, set in some shells and sandboxes, makes
every start compile retro_tui from source while the standard library and
Rich still load compiled files; the cache goes to a temporary folder here.)

    .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_store import seed

ROOT = Path(__file__).resolve().parents[1]
TARGET, AIM = 8.0, 6.0
BASELINE = "python -c pass (baseline)"

TEXT_WORKOUT = """Hill session
Warm up
- walk 5m
Main set 4x
- run backward 30s
- walk 1m
Cool down
- walk 5m
"""


def newcomer_env(tmp: Path) -> dict[str, str]:
    """No retro-tui settings, no user config, bytecode cached in `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETRO_TUI_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        HOME=str(tmp / "home"),
        XDG_CONFIG_HOME=str(tmp / "home" / ".config"),
        XDG_DATA_HOME=str(tmp / "home" / ".local" / "share"),
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
    )
    return env


def cases(py: str, data: Path, text_file: Path) -> dict[str, list[str]]:
    def cmd(*args: str) -> list[str]:
        return [py, "-m", "retro_tui", *args]

    log = ("--data-dir", str(data))
    return {
        BASELINE: [py, "-c", "pass"],
        "python -c 'import rich.table'": [py, "-c", "import rich.console, rich.table"],
        "python -c 'import textual.app'": [py, "-c", "import textual.app"],
        "check config.toml": cmd("check", str(ROOT / "config.toml")),
        "timeline ladder --json": cmd("timeline", "ladder", "--json"),
        "timeline ladder (table)": cmd("timeline", "ladder"),
        "workouts --json": cmd("workouts", "--json"),
        "workouts (table)": cmd("workouts"),
        "log --limit 50 (to a pipe)": cmd("log", "--limit", "50", *log),
        "log --limit 50 --json": cmd("log", "--limit", "50", "--json", *log),
        "show 1 (table)": cmd("show", "1", *log),
        "show 1 --json": cmd("show", "1", "--json", *log),
        "export 1 (csv)": cmd("export", "1", *log),
        "export 1 --format tcx": cmd("export", "1", "--format", "tcx", *log),
        "import hills.txt --print": cmd("import", str(text_file), "--print"),
        "plan (table)": cmd("plan", *log),
        "plan --json": cmd("plan", "--json", *log),
    }


def once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, child CPU ms) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-800:]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each (default 11)")
    runs = parser.parse_args().runs
    if runs < 1:
        parser.error("--runs must be 1 or more")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "home").mkdir()
        env = newcomer_env(tmp)
        seed(tmp / "data", sessions=50, events=40)
        text_file = tmp / "hills.txt"
        text_file.write_text(TEXT_WORKOUT, encoding="utf-8")
        argvs = cases(sys.executable, tmp / "data", text_file)
        for argv in argvs.values():  # untimed: bytecode written, disk cache warm
            once(argv, env)
        samples: dict[str, tuple[list[float], list[float]]] = {n: ([], []) for n in argvs}
        for _ in range(runs):
            for name, argv in argvs.items():
                wall, cpu = once(argv, env)
                samples[name][0].append(wall)
                samples[name][1].append(cpu)
    wall = {n: statistics.median(w) for n, (w, _) in samples.items()}
    cpu = {n: statistics.median(c) for n, (_, c) in samples.items()}
    base_wall, base_cpu = wall[BASELINE], cpu[BASELINE]
    print(
        f"median of {runs} runs each, taking turns ({os.cpu_count()} CPUs); "
        f"target <= {TARGET:g}x the baseline, aim <= {AIM:g}x"
    )
    print(f"  {'':36s} {'wall':>9s} {'ratio':>6s} {'cpu':>9s} {'ratio':>6s}")
    for name in argvs:
        verdict = ""
        if not name.startswith("python"):
            ratio = wall[name] / base_wall
            verdict = "  aim" if ratio <= AIM else "  meets" if ratio <= TARGET else "  MISSES"
        label = name if name.startswith("python") else f"retro-tui {name}"
        print(
            f"  {label:36s} {wall[name]:6.1f} ms {wall[name] / base_wall:5.1f}x"
            f" {cpu[name]:6.1f} ms {cpu[name] / base_cpu:5.1f}x{verdict}"
        )
    print("  (verdict on the wall ratio: 'aim' <= 6x, 'meets' <= 8x)")


if __name__ == "__main__":
    main()
