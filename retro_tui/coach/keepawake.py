"""Keep the laptop awake while a session runs, where the OS allows it.

Linux: `systemd-inhibit` holding a lock for as long as a helper process
lives; the helper waits on our pid, so the lock goes when we die too.
macOS: `caffeinate -i -w PID`. Windows: SetThreadExecutionState. When none
works, `message` says so and the session runs anyway.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

Spawn = Callable[[Sequence[str]], Any]  # returns a Popen-like object (poll/terminate/wait)


def inhibit_command(
    platform: str, pid: int, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The command line that holds the machine awake for as long as `pid` lives."""
    if platform.startswith("linux") and which("systemd-inhibit"):
        return [
            "systemd-inhibit",
            "--what=idle:sleep",
            "--who=retro-tui",
            "--why=A retro running session is under way",
            "--mode=block",
            "tail",
            f"--pid={pid}",
            "-f",
            "/dev/null",
        ]
    if platform == "darwin" and which("caffeinate"):
        return ["caffeinate", "-i", "-w", str(pid)]
    return None


def _spawn(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    # Its own process group, so that releasing ends the inhibitor *and* its waiting child.
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _close_stderr(process: Any) -> None:
    stderr = getattr(process, "stderr", None)
    close = getattr(stderr, "close", None)
    if callable(close):
        with contextlib.suppress(OSError):
            close()


class KeepAwake:
    def __init__(
        self,
        platform: str = sys.platform,
        spawn: Spawn = _spawn,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self.platform = platform
        self._spawn = spawn
        self._which = which
        self._process: Any = None
        self._windows = False
        self.message: str | None = None

    def acquire(self) -> None:
        if self.platform == "win32":
            self._windows = self._set_windows_state(True)
            if not self._windows:
                self.message = "Could not keep the laptop awake: keep the screen on yourself."
            return
        argv = inhibit_command(self.platform, os.getpid(), self._which)
        if argv is None:
            self.message = "No way to keep the laptop awake here: keep the screen on yourself."
            return
        try:
            self._process = self._spawn(argv)
        except OSError as err:
            self.message = f"Could not keep the laptop awake ({err}): keep the screen on yourself."

    @property
    def active(self) -> bool:
        """True while the lock is held; on failure sets `message` (checked lazily)."""
        if self._windows:
            return True
        if self._process is None:
            return False
        code = self._process.poll()
        if code is None:
            return True
        if self.message is None:
            detail = ""
            stderr = getattr(self._process, "stderr", None)
            if stderr is not None:
                try:
                    detail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-1]
                except (OSError, ValueError, IndexError):
                    detail = ""
            self.message = (
                "Could not keep the laptop awake"
                + (f" ({detail})" if detail else "")
                + ": keep the screen on yourself."
            )
        _close_stderr(self._process)
        self._process = None
        return False

    def release(self) -> None:
        if self._windows:
            self._set_windows_state(False)
            self._windows = False
        if self._process is not None:
            process, self._process = self._process, None
            try:
                pid = getattr(process, "pid", None)
                if isinstance(pid, int) and hasattr(os, "killpg"):
                    os.killpg(pid, signal.SIGTERM)
                else:
                    process.terminate()
                process.wait(timeout=2)
            except Exception:
                pass
            _close_stderr(process)

    @staticmethod
    def _set_windows_state(on: bool) -> bool:
        try:
            import ctypes

            es_continuous, es_system_required = 0x80000000, 0x00000001
            flags = es_continuous | (es_system_required if on else 0)
            return bool(ctypes.windll.kernel32.SetThreadExecutionState(flags))  # type: ignore[attr-defined]
        except Exception:
            return False
