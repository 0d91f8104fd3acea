"""`run --plain` on a real terminal (a pty): single keys drive the session.

The process gets a pty as stdin and stdout, as on SSH or a phone's terminal;
the test types keys and waits for the lines that say what each did (polling
the output, never sleeping blind), then checks the log and that the
terminal's mode is what it was before the run.
"""

from __future__ import annotations

import os
import select
import sqlite3
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from ptyspawn import spawn_in_pty  # noqa: E402

from retro_tui.commands.plain_keys import time_left_line  # noqa: E402

WORKOUT = """
[settings]
get_ready = "off"
checklist = false

[[workouts]]
id = "keys"
name = "Keys test"
steps = [ { warmup = "2min" }, { run = "1min" }, { rest = "1min" } ]
"""


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.proc, self.fd = spawn_in_pty(argv, env, 24, 80)
        self.out = ""

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.out:
            left = deadline - time.monotonic()
            if left <= 0:
                self.proc.kill()
                pytest.fail(f"{needle!r} never printed:\n{self.out}")
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                try:
                    self.out += os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:  # the child closed the pty
                    if self.proc.poll() is not None and needle not in self.out:
                        pytest.fail(f"{needle!r} never printed:\n{self.out}")
        return self.out

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())


def test_keys_drive_a_plain_run_on_a_terminal(tmp_path: Path) -> None:
    config = tmp_path / "keys.toml"
    config.write_text(WORKOUT, encoding="utf-8")
    data = tmp_path / "data"
    argv = [
        sys.executable,
        "-c",
        # the mode the terminal is in before and after the run, for the check below
        "import sys, termios, runpy;"
        "before = termios.tcgetattr(0);"
        "sys.argv = ['retro-tui'] + sys.argv[1:];"
        "code = 0\n"
        "try:\n runpy.run_module('retro_tui', run_name='__main__')\n"
        "except SystemExit as e:\n code = e.code\n"
        "print('mode restored' if termios.tcgetattr(0) == before else 'mode changed');"
        "sys.exit(code)",
        "run",
        "keys",
        "--plain",
        "--speed",
        "10",
        "--mute",
        "--data-dir",
        str(data),
        "--config",
        str(config),
    ]
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"}
    term = Pty(argv, env)
    try:
        term.wait_for("keys: space pause")
        term.wait_for("left  1:30 of this step")  # 30 s of the 2 min warm-up (3 s at x10)
        term.type(" ")
        term.wait_for("pause  paused")
        term.type(" ")
        term.wait_for("resume  resumed")
        term.type("s")
        term.wait_for("s again within 3 s: undo")
        term.type("s")
        term.wait_for("stumble_undone")
        term.type("n")
        term.wait_for("b within 3 s: undo")
        term.wait_for("step  2/3")
        term.type("b")
        term.wait_for("back  to step 1")
        term.type("q")
        term.wait_for("stop the session? y")
        term.type("x")
        term.wait_for("going on")
        term.type("q")
        term.wait_for("stop the session? y")
        term.type("y")
        out = term.wait_for("mode restored")
        assert term.proc.wait(timeout=30) == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
        os.close(term.fd)
    assert "session stopped" in out
    with sqlite3.connect(data / "sessions.db") as db:
        status = db.execute("SELECT status FROM sessions").fetchone()[0]
        kinds = [
            r[0]
            for r in db.execute("SELECT kind FROM events ORDER BY id").fetchall()
            if r[0] in ("stumble", "stumble_undone", "skip", "back", "stop")
        ]
    assert status == "stopped"
    assert kinds == ["stumble", "stumble_undone", "skip", "back", "stop"]


def test_time_left_every_30_s_of_a_step_and_afresh_after_a_restart() -> None:
    from retro_tui.core.amounts import Amount
    from retro_tui.core.session import SessionEngine
    from retro_tui.core.settings import settings_from_raw
    from retro_tui.core.timeline import compile_timeline
    from retro_tui.core.workout import Step, Workout
    from tools import FakeClock

    steps = (
        Step("run", Amount(seconds=70), "backward"),
        Step("rest", Amount(seconds=60), "forward"),
    )
    workout = Workout("w", "W", steps)
    timeline = compile_timeline(workout, settings_from_raw({"get_ready": "off"}))
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    engine.start()
    said: list[object] = []
    lines = []
    for _ in range(65):
        clock.advance(1)
        engine.update()
        line = time_left_line(engine, said)
        if line:
            lines.append(line)
    assert lines == [
        "left  0:40 of this step, 1:40 of the session",
        "left  0:10 of this step, 1:10 of the session",
    ]
    engine.back()  # the step again: its 30 s count afresh
    assert time_left_line(engine, said) is None
