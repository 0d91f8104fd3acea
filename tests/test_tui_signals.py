"""SIGTERM, SIGHUP and SIGINT to the real TUI in a real terminal (tmux), mid-session.

Each keeps the session as `stopped` in the log at once, exits 130 and
leaves the terminal as it found it: out of the alternate screen, mouse
reporting off, the cursor shown (tmux's own pane flags say so). Waits poll.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_tmux import DIGITS, RETRO_TUI, SHORT_CONFIG, Tmux, _session_status, _tmux, tmux_env

pytestmark = pytest.mark.slow
__all__ = ["tmux_env"]  # the fixture, shared with test_tmux
FLAGS = "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_sgr_flag}"


def _flags(term: Tmux) -> str:
    done = subprocess.run(
        [term.tmux, "-L", term.name, "display-message", "-p", "-t", term.name, FLAGS],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _app_pid(term: Tmux) -> int:
    """The retro-tui process: the pane's shell's one child."""
    done = subprocess.run(
        [term.tmux, "-L", term.name, "display-message", "-p", "-t", term.name, "#{pane_pid}"],
        check=True,
        capture_output=True,
        text=True,
    )
    shell = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("retro-tui never started in the pane")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_mid_session_keeps_it_stopped_and_restores_the_terminal(
    tmp_path: Path, tmux_env, signum
) -> None:
    tmux = _tmux()
    data_dir = tmp_path / "data"
    config = tmp_path / "short.toml"
    config.write_text(SHORT_CONFIG, encoding="utf-8")
    command = [str(RETRO_TUI), "run", "short-ladder", "--speed", "20"]
    term = Tmux(tmux, [*command, "--config", str(config), "--data-dir", str(data_dir)], tmux_env)
    try:
        term.wait_for("the checklist", lambda s: "Before you start" in s)
        assert _flags(term).split()[0] == "1"  # the app is in the alternate screen
        term.keys("Enter")
        term.wait_for("the repeats", lambda s: "repeat" in s and DIGITS.search(s) is not None)
        os.kill(_app_pid(term), signum)
        term.wait_for("the exit code", lambda s: "RETRO_EXIT=" in s)
        assert "RETRO_EXIT=130" in term.screen()
        assert "Traceback" not in term.screen()
        # out of the alternate screen, cursor shown, no mouse reporting
        assert _flags(term) == "0 1 0 0 0"
    finally:
        term.kill()
    assert _session_status(data_dir) == [("short-ladder", "stopped")]


def test_a_closed_terminal_keeps_the_session_stopped(tmp_path: Path, tmux_env) -> None:
    """The terminal itself goes (an SSH drop): the app gets SIGHUP with no tty left."""
    tmux = _tmux()
    data_dir = tmp_path / "data"
    config = tmp_path / "short.toml"
    config.write_text(SHORT_CONFIG, encoding="utf-8")
    command = [str(RETRO_TUI), "run", "short-ladder", "--speed", "20"]
    term = Tmux(tmux, [*command, "--config", str(config), "--data-dir", str(data_dir)], tmux_env)
    try:
        term.wait_for("the checklist", lambda s: "Before you start" in s)
        term.keys("Enter")
        term.wait_for("the repeats", lambda s: "repeat" in s and DIGITS.search(s) is not None)
        pid = _app_pid(term)
    finally:
        term.kill()  # the pane and its terminal are gone
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "retro-tui outlived its terminal"
    assert _session_status(data_dir) == [("short-ladder", "stopped")]
