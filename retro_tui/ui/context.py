"""What the screens are given: the session log, the current config, the wall clock and zone.

The app makes one `ScreenContext` and hands it to home; each screen passes
it on to the screens it opens. It is shared, not copied: the settings screen
replaces `config` on save, and the next plan read or session sees the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Generic, Protocol, TypeVar, overload

from retro_tui.coach.log import PlanData, SessionLog
from retro_tui.core.config import Config


@dataclass
class ScreenContext:
    log: SessionLog
    config: Config  # the current one: the settings screen replaces it on save
    now: Callable[[], datetime]  # -> an aware "now" (wall time, for the local week)
    tz: tzinfo | None  # the zone of "this week" (None: the system's)

    def read_plan(self) -> PlanData:
        """The plan from the log (blocking: call it from a thread worker)."""
        return self.log.read_plan(self.config, self.now())

    def log_store(self) -> Any:
        """The session log's store (None when there is none or it failed to open)."""
        return self.log.store()

    def this_week_min(self, data: PlanData) -> float:
        """This local week's backward minutes in `data`, at this moment."""
        return data.this_week_min(self.now(), self.tz)


T = TypeVar("T")


class Shared(Generic[T]):
    """An app attribute that is its `screen_context`'s (`app.config = ...` writes it there).

    Tests set `app.now` and `app.tz` after the app is made; with one of each,
    the screens see the new ones.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, app: None, owner: type) -> Shared[T]: ...
    @overload
    def __get__(self, app: HasScreenContext, owner: type) -> T: ...
    def __get__(self, app: HasScreenContext | None, owner: type) -> Shared[T] | T:
        if app is None:
            return self
        value: T = getattr(app.screen_context, self.name)
        return value

    def __set__(self, app: HasScreenContext, value: T) -> None:
        setattr(app.screen_context, self.name, value)


class HasScreenContext(Protocol):
    """An app that opens screens from outside one (e.g. `open_history(app)`)."""

    screen_context: ScreenContext

    def push_screen(self, screen: Any) -> Any: ...
