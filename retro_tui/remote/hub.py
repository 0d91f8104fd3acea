"""Fan-out of the latest state to every open event stream, on the server's loop.

The target reports changes from any thread; `notify` folds a burst of them
into one refresh on the loop, which reads the state once and wakes every
stream. A stream that was busy sending sees only the newest state: each one is
the whole state, so nothing is lost by skipping the ones in between.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any


def encode(state: dict[str, Any]) -> bytes:
    return json.dumps(state, separators=(",", ":")).encode("utf-8")


def sse_frame(data: bytes) -> bytes:
    return b"data: " + data + b"\n\n"


class StateHub:
    def __init__(self, loop: asyncio.AbstractEventLoop, read: Callable[[], dict[str, Any]]) -> None:
        self._loop = loop
        self._read = read
        self._pending = False
        self._wakeup = asyncio.Event()
        self.version = 0
        self.latest = b""
        self.closing = False

    def notify(self) -> None:
        """The target changed (called from any thread)."""
        if self._pending:
            return  # a refresh is already queued; it will read the newest state
        self._pending = True
        try:
            self._loop.call_soon_threadsafe(self._refresh)
        except RuntimeError:
            self._pending = False  # the loop is closed: the server is gone

    def _refresh(self) -> None:
        self._pending = False  # cleared before reading, so a later change queues again
        if not self.closing:
            self.publish(encode(self._read()))

    def publish(self, data: bytes) -> None:
        if data == self.latest:
            return
        self.latest = data
        self.version += 1
        self._wake()

    def close(self) -> None:
        self.closing = True
        self._wake()

    def _wake(self) -> None:
        wakeup, self._wakeup = self._wakeup, asyncio.Event()
        wakeup.set()

    async def wait(self, seen: int, timeout: float) -> bool:
        """Wait until there is a version after `seen` or closing; False on timeout."""
        wakeup = self._wakeup
        if self.version != seen or self.closing:
            return True
        try:
            await asyncio.wait_for(wakeup.wait(), timeout)
        except TimeoutError:
            return False
        return True
