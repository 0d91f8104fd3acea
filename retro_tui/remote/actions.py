"""A phone's action request: checked, then applied once per client-chosen id.

A tap retried over flaky Wi-Fi arrives again with the same id; it must never
lap twice. The ids are remembered in a bounded, oldest-first table. The
pending application itself is kept, so a retry that arrives while the first
try is still being applied waits for that one instead of applying again.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from retro_tui.remote.target import ACTIONS

MAX_BODY = 4096  # bytes; §12: anything larger is refused with 413
MAX_ID = 128  # characters in a client id
REMEMBERED_IDS = 512


class BadAction(ValueError):
    """A request to refuse with 400; `str()` is the short reason sent back."""


@dataclass(frozen=True)
class ActionRequest:
    action: str
    id: str


def parse_action(body: bytes) -> ActionRequest:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadAction("malformed JSON") from None
    if not isinstance(data, dict):
        raise BadAction("expected a JSON object")
    action, action_id = data.get("action"), data.get("id")
    if not isinstance(action, str) or action not in ACTIONS:
        raise BadAction("unknown action")
    if not isinstance(action_id, str) or not action_id:
        raise BadAction("missing id")
    if len(action_id) > MAX_ID:
        raise BadAction("id too long")
    return ActionRequest(action, action_id)


class OnceById:
    """Runs `apply(action)` at most once per id; repeats share the first outcome.

    The application runs as its own task, so a client that hangs up (its
    handler cancelled) never cancels an action half-applied.
    """

    def __init__(self, limit: int = REMEMBERED_IDS) -> None:
        self._limit = limit
        self._seen: OrderedDict[str, asyncio.Future[dict[str, Any]]] = OrderedDict()

    async def run(
        self,
        request: ActionRequest,
        apply: Callable[[str], Awaitable[dict[str, Any]]],
    ) -> tuple[dict[str, Any], bool]:
        """(the state the action produced, whether this id had been seen already)."""
        task = self._seen.get(request.id)
        repeat = task is not None
        if task is None:
            task = asyncio.ensure_future(apply(request.action))
            self._seen[request.id] = task
            task.add_done_callback(functools.partial(self._forget_failed, request.id))
            while len(self._seen) > self._limit:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(request.id)
        return await asyncio.shield(task), repeat

    def _forget_failed(self, key: str, task: asyncio.Future[dict[str, Any]]) -> None:
        # A failed try is forgotten so that the client's retry may apply it.
        if (task.cancelled() or task.exception() is not None) and self._seen.get(key) is task:
            del self._seen[key]
