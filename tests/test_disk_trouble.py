"""A read-only or full disk under the session log: one clear message, or the run goes on.

The folders are real tmpfs mounts (read-only, or a few hundred kilobytes), so
SQLite meets the same errors it would on a runner's laptop. Mounting needs
root; elsewhere these tests skip and say so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

WORKOUT = """
[settings]
get_ready = "off"
checklist = false

[[workouts]]
id = "busy"
steps = [ { repeat = 20, steps = [ { run = "20s" }, { walk = "10s" } ] } ]
"""


def _mount(target: Path, options: str) -> Iterator[Path]:
    target.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "ro", "ro,size=1m")


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "tiny", "size=1m")


def _cli(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retro_tui", *args, "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "busy.toml"
    path.write_text(WORKOUT, encoding="utf-8")
    return path


def test_a_read_only_data_dir_is_one_message_and_exit_2(read_only_dir: Path, config: Path) -> None:
    for args in (["run", "busy", "--plain", "--speed", "500", "--mute"], ["log"]):
        run = _cli(*args, "--data-dir", str(read_only_dir / "data"), config=config)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        assert run.stderr.count("\n") == 1 and str(read_only_dir) in run.stderr


def test_a_disk_that_fills_up_mid_session_does_not_stop_the_run(
    tiny_dir: Path, config: Path
) -> None:
    # Fill the disk to near the brim so the log runs out of room during the session.
    ballast = tiny_dir / "ballast"
    stat = os.statvfs(tiny_dir)
    ballast.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - 300 * 1024))
    data = tiny_dir / "data"
    run = _cli(
        "run", "busy", "--plain", "--speed", "500", "--mute", "--data-dir", str(data), config=config
    )
    assert "Traceback" not in run.stdout + run.stderr
    if run.returncode == 2:  # not even the empty log fitted: refused up front, clearly
        assert run.stderr.count("\n") == 1
        return
    assert run.returncode == 0, run.stderr
    assert "cannot be written" in run.stdout, run.stdout[-2000:]
    assert "Workout complete" in run.stdout  # the session itself went on to the end
    # What was written before the disk filled is still there, and readable.
    ballast.unlink()
    listed = _cli("log", "--json", "--data-dir", str(data), config=config)
    assert listed.returncode == 0, listed.stderr
    sessions = json.loads(listed.stdout)
    assert len(sessions) == 1 and sessions[0]["workout"] == "busy", (listed.stdout, listed.stderr)
