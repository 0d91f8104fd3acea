"""Helpers for tests that need programs outside Python (espeak-ng, sox, aplay).

Absent, such a test skips and says why; under CI=true it fails instead, so
a CI machine missing a package cannot go green by skipping.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_tool(*names: str) -> None:
    """Skip (or, with CI=true, fail) unless every program in `names` is on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} on PATH (Debian: apt-get install espeak-ng sox alsa-utils mpg123)"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; with CI=true fail instead (for data and tools CI must have)."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sample_workout(rounds: int = 3):  # type: ignore[no-untyped-def]
    """A warm-up, `rounds` x (100 m, 30 s rest) and a 150 s walk."""
    from retro_tui.core.amounts import Amount
    from retro_tui.core.workout import Repeat, Step, Workout

    return Workout(
        id="t",
        name="Test",
        steps=(
            Step("warmup", Amount(seconds=60), "forward"),
            Repeat(
                rounds,
                (
                    Step("run", Amount(metres=100), "backward"),
                    Step("rest", Amount(seconds=30), "forward"),
                ),
            ),
            Step("walk", Amount(seconds=150), "backward"),
        ),
    )


# --- the CLI as a user runs it -------------------------------------------------

# PRODUCT.md §5, `timeline --json`: the contract's field names, in order.
TIMELINE_KEYS = ["workout", "name", "total_s", "backward_s", "steps", "cues"]
TIMELINE_STEP_KEYS = [
    "index",
    "kind",
    "direction",
    "start_s",
    "duration_s",
    "distance_m",
    "round",
    "rounds",
    "note",
]
TIMELINE_CUE_KEYS = ["at_s", "kind", "side", "text", "step"]


def clean_env(tmp) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """This environment with no retro-tui settings and HOME, config and data under `tmp`."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("RETRO_TUI_")}
    env.update(HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "xdg"), RETRO_TUI_DATA=str(tmp / "data"))
    return env


def run_all(commands, cwd, env, python_flags=()):  # type: ignore[no-untyped-def]
    """Start every `retro-tui` command at once, then collect (exit code, stdout, stderr)."""
    import subprocess
    import sys

    procs = {
        name: subprocess.Popen(
            [sys.executable, *python_flags, "-m", "retro_tui", *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, argv in commands.items()
    }
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        results[name] = (proc.returncode, out, err)
    return results
