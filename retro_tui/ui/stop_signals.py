"""SIGTERM, SIGHUP and SIGINT in the TUI (PRODUCT.md §8).

A plain `kill`, a closed terminal or an SSH drop must not leave the
terminal in the alternate screen with mouse reporting on, nor the session
`running` until the next start. The signal is taken on the app's event
loop and goes through the app's own exit path: the session is closed as
`stopped` at once, then Textual restores the terminal. Exit code 130.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
SIGNAL_EXIT = 130


def install(loop: asyncio.AbstractEventLoop, on_signal: Callable[[int], None]) -> None:
    """Call `on_signal(signum)` on the loop for each stop signal (where the OS allows it).

    The loop's own handlers go when the loop closes, so nothing outlives the app.
    """
    for signum in STOP_SIGNALS:
        # Windows has no add_signal_handler; a loop off the main thread can't take one.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, on_signal, signum)
