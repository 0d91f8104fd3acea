"""Starting one clip and seeing it through to the end.

A *player* is any callable `player(path) -> Handle` that starts playback
and returns at once; the handle is polled for the exit status. The real one
wraps `playsound3` (which does not raise when its player process fails, so
the exit status is what tells); tests pass a recording fake.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class PlaybackError(Exception):
    """Playback could not start."""


class Handle(Protocol):
    def poll(self) -> int | None:
        """The exit status once playback has ended, else None."""

    def stop(self) -> None:
        """End playback and reap the process (no zombie left)."""


PlayerFn = Callable[[Path], Handle]


class _SoundHandle:
    def __init__(self, sound: Any) -> None:
        self.sound = sound

    def poll(self) -> int | None:
        rc = self.sound.subprocess.poll()
        return None if rc is None else int(rc)

    def stop(self) -> None:
        proc = self.sound.subprocess
        try:
            if proc.poll() is None:
                self.sound.stop()
            proc.wait()  # stop() alone leaves a zombie
        except Exception:  # noqa: BLE001 - already gone
            pass


class Playsound3Player:
    """`playsound3.playsound(path, block=False)`, imported lazily (its import
    probes every backend by running programs, and may raise or log)."""

    def __init__(self, backend: str | None = None) -> None:
        self.backend = backend
        self._module: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._module is None:
                # No backend -> playsound3 logs a warning; with no handler anywhere
                # logging would print it to stderr and corrupt the TUI.
                logging.getLogger("playsound3").addHandler(logging.NullHandler())
                try:
                    import playsound3
                except Exception as err:  # noqa: BLE001 - e.g. a broken gstreamer
                    raise PlaybackError(f"playsound3 failed to load: {err}") from None
                self._module = playsound3
            return self._module

    @property
    def backend_name(self) -> str | None:
        module = self._load()
        return self.backend or module.playsound3.DEFAULT_BACKEND

    def available_backends(self) -> list[str]:
        """The backends playsound3 found on this machine."""
        return list(self._load().playsound3.AVAILABLE_BACKENDS)

    def warm(self) -> None:
        """Load playsound3 now; raises PlaybackError when nothing can play."""
        if self.backend_name is None:
            raise PlaybackError("no audio backend (playsound3 found no player program)")

    def __call__(self, path: Path) -> Handle:
        module = self._load()
        try:
            sound = module.playsound(str(path), block=False, backend=self.backend)
        except Exception as err:  # noqa: BLE001 - PlaysoundException, OSError...
            raise PlaybackError(str(err) or type(err).__name__) from None
        return _SoundHandle(sound)


@dataclass(frozen=True)
class PlayResult:
    ok: bool
    detail: str = ""
    interrupted: bool = False


def play_through(
    player: PlayerFn,
    path: Path,
    *,
    should_stop: Callable[[], bool],
    wait: Callable[[float], object],
    timeout_s: float,
    poll_s: float = 0.005,
    clock: Callable[[], float] = time.monotonic,
    on_started: Callable[[Path], None] | None = None,
) -> PlayResult:
    """Play `path` to its end; `should_stop()` ends it early (interrupted).
    Never raises: a player that raises or exits non-zero is a failed result."""
    try:
        handle = player(path)
    except Exception as err:  # noqa: BLE001
        return PlayResult(False, str(err) or type(err).__name__)
    if on_started is not None:
        on_started(path)
    started = clock()
    try:
        while True:
            rc = handle.poll()
            if rc is not None:
                break
            if should_stop():
                handle.stop()
                return PlayResult(True, "interrupted", interrupted=True)
            if clock() - started > timeout_s:
                handle.stop()
                return PlayResult(False, f"the player did not finish within {timeout_s:.0f} s")
            wait(poll_s)
    except Exception as err:  # noqa: BLE001 - a broken handle
        with contextlib.suppress(Exception):
            handle.stop()
        return PlayResult(False, str(err) or type(err).__name__)
    handle.stop()  # reaps
    if rc != 0:
        return PlayResult(False, f"the player exited with status {rc}")
    return PlayResult(True)
