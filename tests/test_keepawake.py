"""Keep-awake: the command lines we would run, and the notice when we can't."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from retro_tui.coach.keepawake import KeepAwake, inhibit_command


class FakeProcess:
    def __init__(self, code: int | None = None, stderr: bytes = b"") -> None:
        self.code = code
        self.terminated = False
        self.stderr = _Reader(stderr)

    def poll(self) -> int | None:
        return self.code

    def terminate(self) -> None:
        self.terminated = True
        self.code = -15

    def wait(self, timeout: float | None = None) -> int:
        return self.code or 0


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self) -> bytes:
        return self.data


def test_linux_holds_an_inhibitor_lock_tied_to_our_pid() -> None:
    argv = inhibit_command("linux", 4242, which=lambda name: f"/usr/bin/{name}")
    assert argv is not None
    assert argv[0] == "systemd-inhibit"
    assert "--what=idle:sleep" in argv
    assert argv[-4:] == ["tail", "--pid=4242", "-f", "/dev/null"]


def test_macos_uses_caffeinate_waiting_on_our_pid() -> None:
    argv = inhibit_command("darwin", 4242, which=lambda name: f"/usr/bin/{name}")
    assert argv == ["caffeinate", "-i", "-w", "4242"]


def test_no_tool_means_a_clear_notice() -> None:
    awake = KeepAwake(platform="linux", which=lambda name: None)
    awake.acquire()
    assert not awake.active
    assert awake.message and "keep the screen on yourself" in awake.message


def test_a_running_lock_is_active_and_released() -> None:
    spawned: list[list[str]] = []
    process = FakeProcess()

    def spawn(argv):  # type: ignore[no-untyped-def]
        spawned.append(list(argv))
        return process

    awake = KeepAwake(platform="linux", spawn=spawn, which=lambda n: "/usr/bin/" + n)
    awake.acquire()
    assert spawned and spawned[0][0] == "systemd-inhibit"
    assert awake.active and awake.message is None
    awake.release()
    assert process.terminated


def test_a_lock_that_dies_at_once_says_why() -> None:
    process = FakeProcess(code=1, stderr=b"Failed to inhibit: Failed to connect to bus\n")
    awake = KeepAwake(platform="linux", spawn=lambda argv: process, which=lambda n: "/x/" + n)
    awake.acquire()
    assert not awake.active
    assert awake.message is not None and "Failed to connect to bus" in awake.message


def test_windows_failure_is_a_notice_not_an_error() -> None:
    awake = KeepAwake(platform="win32")
    awake.acquire()  # no windll here: must fall back quietly
    if sys.platform != "win32":
        assert not awake.active and awake.message


@pytest.mark.skipif(shutil.which("systemd-inhibit") is None, reason="systemd-inhibit not installed")
def test_the_real_systemd_inhibit_either_holds_or_explains() -> None:
    awake = KeepAwake()
    awake.acquire()
    try:
        proc = awake._process
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        # Here (no D-Bus) it fails; on a laptop it holds. Either way: no exception, and a
        # message exactly when it is not active.
        active = awake.active
        assert active or (awake.message and os.getpid())
    finally:
        awake.release()


def test_release_ends_the_lock_and_the_child_it_waits_with(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """systemd-inhibit runs `tail --pid`: releasing must not leave that child behind."""
    import time

    from retro_tui.coach.keepawake import _spawn

    child_pid = tmp_path / "child.pid"
    script = f"sleep 300 & echo $! > {child_pid}; wait"
    awake = KeepAwake(
        platform="linux",
        spawn=lambda argv: _spawn(["sh", "-c", script]),
        which=lambda name: "/usr/bin/" + name,
    )
    awake.acquire()
    deadline = time.monotonic() + 10
    while not child_pid.exists() or not child_pid.read_text().strip():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.01)
    pid = int(child_pid.read_text())
    assert awake.active
    awake.release()
    deadline = time.monotonic() + 10
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        stat = Path(f"/proc/{pid}/stat")
        state = stat.read_text().split(") ")[1][:1] if stat.exists() else "X"
        if state in ("Z", "X"):
            break
        assert time.monotonic() < deadline, "the waiting child outlived the lock"
        time.sleep(0.01)
