"""The real `retro-tui` in a real terminal (tmux): run, pause, stop, and the home screen.

Skipped when tmux is missing; fails instead when CI=true (tests/tools.py).
Every wait polls the screen until what we expect shows up, with a generous
deadline, so a slow machine makes the test slower, never flaky.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tools import require_tool

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
RETRO_TUI = Path(sys.executable).parent / "retro-tui"
DEADLINE_S = 30.0
# A short ladder, so that at x20 the repeats start about a second in.
SHORT_CONFIG = """
[settings]
get_ready = "2s"

[[workouts]]
id = "short-ladder"
name = "Short ladder"
steps = [
  { warmup = "20s" },
  { repeat = 3, steps = [ { run = "1min" }, { rest = "30s" } ] },
  { cooldown = "20s" },
]
"""
DIGITS = re.compile(r"[█▀▄]{2}")  # the half blocks of the live screen's big clock


class Tmux:
    def __init__(
        self, tmux: str, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.tmux = tmux
        self.name = f"retro-{uuid.uuid4().hex[:8]}"
        # The pane stays open after retro-tui exits, showing its exit code.
        shell = " ".join(_quote(a) for a in command) + "; echo RETRO_EXIT=$?; sleep 60"
        subprocess.run(
            [
                tmux,
                "-L",
                self.name,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                "sh",
                "-c",
                shell,
            ],
            check=True,
            env=env,
        )

    def screen(self) -> str:
        out = subprocess.run(
            [self.tmux, "-L", self.name, "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(
            [self.tmux, "-L", self.name, "send-keys", "-t", self.name, *keys], check=True
        )

    def wait_for(self, what: str, test: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + DEADLINE_S
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def kill(self) -> None:
        subprocess.run([self.tmux, "-L", self.name, "kill-server"], capture_output=True)


def _tmux() -> str:
    require_tool("tmux")  # skips (fails under CI=true) when missing
    path = shutil.which("tmux")
    assert path is not None
    return path


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


@pytest.fixture
def tmux_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TERM": "xterm-256color",
            "HOME": str(tmp_path / "home"),  # no user config, no stray sound settings
            "RETRO_TUI_DATA": str(tmp_path / "data"),
            "TEXTUAL_ANIMATIONS": "none",
        }
    )
    env.pop("RETRO_TUI_CONFIG", None)
    env.pop("TMUX", None)
    # Textual believes COLUMNS and LINES over the terminal: a test runner's own
    # (pytest-xdist workers have them) would draw the pane at the wrong size.
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    (tmp_path / "home").mkdir()
    return env


def _session_status(data_dir: Path) -> list[tuple[str, str]]:
    from retro_tui.core.store import Store

    with Store.open(data_dir) as store:
        return [(s.workout, s.status) for s in store.list_sessions()]


def test_run_shows_digits_and_repeat_pauses_and_stops(tmp_path: Path, tmux_env) -> None:
    tmux = _tmux()
    data_dir = tmp_path / "data"
    config = tmp_path / "short.toml"
    config.write_text(SHORT_CONFIG, encoding="utf-8")
    term = Tmux(
        tmux,
        [
            str(RETRO_TUI),
            "run",
            "short-ladder",
            "--speed",
            "20",
            "--config",
            str(config),
            "--data-dir",
            str(data_dir),
        ],
        tmux_env,
    )
    try:
        term.wait_for("the checklist", lambda s: "Before you start" in s)
        term.keys("Enter")
        # get-ready 2 s + warm-up 20 s at x20: the repeats begin ~1 s in
        screen = term.wait_for(
            "big digits and a repeat",
            lambda s: "repeat" in s and DIGITS.search(s) is not None and "RUN BACKWARDS" in s,
        )
        assert re.search(r"repeat \d/3", screen)
        term.keys("Space")
        term.wait_for("the paused state", lambda s: "PAUSED" in s)
        term.keys("q")
        term.wait_for("the stop question", lambda s: "Stop this session?" in s)
        term.keys("y")
        summary = term.wait_for("the summary", lambda s: "Session stopped" in s)
        assert "Planned" in summary and "Actual" in summary
        term.keys("q")  # summary -> home
        term.wait_for("the home screen", lambda s: "Workout" in s and "Backward" in s)
        term.keys("q")  # home -> quit
        term.wait_for("the exit code", lambda s: "RETRO_EXIT=" in s)
        assert "RETRO_EXIT=0" in term.screen()
    finally:
        term.kill()
    assert _session_status(data_dir) == [("short-ladder", "stopped")]


def test_bare_retro_tui_opens_home_and_ctrl_q_quits(tmp_path: Path, tmux_env) -> None:
    tmux = _tmux()
    term = Tmux(tmux, [str(RETRO_TUI), "--data-dir", str(tmp_path / "data")], tmux_env)
    try:
        screen = term.wait_for("the workout list", lambda s: "Retro ladder" in s)
        assert "backwards running coach" in screen
        term.keys("C-q")
        term.wait_for("the exit code", lambda s: "RETRO_EXIT=" in s)
        assert "RETRO_EXIT=0" in term.screen()
    finally:
        term.kill()


@pytest.mark.parametrize(
    ("size", "least_rows"), [((160, 45), 9), ((100, 30), 5), ((60, 20), 3)], ids=str
)
def test_the_clock_grows_with_the_terminal_and_ctrl_q_asks(
    tmp_path: Path, tmux_env, size: tuple[int, int], least_rows: int
) -> None:
    tmux = _tmux()
    data_dir = tmp_path / "data"
    config = tmp_path / "short.toml"
    # a 5 min warm-up: a loaded machine never sees it end while the test looks at it
    config.write_text(SHORT_CONFIG.replace('warmup = "20s"', 'warmup = "5min"'), encoding="utf-8")
    command = [str(RETRO_TUI), "run", "short-ladder", "--config", str(config)]
    term = Tmux(tmux, [*command, "--data-dir", str(data_dir)], tmux_env, size)
    try:
        term.wait_for("the checklist", lambda s: "Before you start" in s)
        term.keys("Enter")

        def big(screen: str) -> bool:
            rows = [line for line in screen.splitlines() if DIGITS.search(line)]
            lines = screen.rstrip("\n").splitlines()
            # the clock at least this tall, and all of it fits: the footer is the last line
            return "WARM-UP" in screen and len(rows) >= least_rows and "Stop" in lines[-1]

        term.wait_for(f"a clock {least_rows} rows tall", big)
        term.keys("C-q")  # a mis-press: it asks, the session goes on
        term.wait_for("the quit question", lambda s: "Quit retro-tui mid-session?" in s)
        term.keys("n")
        term.wait_for("the session again", lambda s: "Quit retro-tui" not in s and "Stop" in s)
        term.keys("C-q")
        term.wait_for("the quit question", lambda s: "Quit retro-tui mid-session?" in s)
        term.keys("y")
        end = term.wait_for("the exit code", lambda s: "RETRO_EXIT=" in s)
        assert "RETRO_EXIT=0" in end
        assert "kept as stopped" in end and "retro-tui show 1" in end.replace("\n", "")
    finally:
        term.kill()
    assert _session_status(data_dir) == [("short-ladder", "stopped")]
