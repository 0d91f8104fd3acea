"""What the remote needs from a live session: the contract with the coach.

The coach's session implements `RemoteTarget`; the server only ever reads the
§12 state object and hands over actions, so it never knows the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

# PRODUCT.md §12: what a phone may ask for, as the keys on the laptop would.
ACTIONS = ("lap", "toggle_pause", "skip", "back", "stumble", "mute", "stop")


class RemoteTarget(Protocol):
    def state(self) -> dict[str, Any]:
        """The §12 state object (plus "summary" when over); cheap, safe from any thread.

        {"state": "ready"|"running"|"paused"|"over", "step": {"index", "kind",
        "direction", "label", "round", "rounds"}|None, "remaining_s", "position_s",
        "next": {"label"}|None, "last_cue": {"kind", "text", "at_s", "clips"?}|None,
        "muted", "session_id"}; optional "speed" (session seconds per wall second)
        lets the page count down right under `--speed`.
        """
        ...

    def perform(self, action: str) -> dict[str, Any]:
        """Apply one of ACTIONS as the phone's (logged with source "remote");
        the new state. Safe from any thread; ValueError for an unknown action."""
        ...

    def subscribe(self, on_change: Callable[[], None]) -> Callable[[], None]:
        """Call `on_change` (from any thread) after every change; returns an unsubscribe."""
        ...


class RemoteUnavailable(Exception):
    """The remote cannot run here; `reason` is what the shells show as "remote off: <reason>"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
