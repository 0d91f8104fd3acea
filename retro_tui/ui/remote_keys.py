"""The app's side of the phone remote: `r`, starting and stopping its server.

A mixin of `RetroApp` (kept apart so the app module stays one screen's
worth of routing): the session's remote starts with the checklist (or on
`r`), a tap on the phone's Start starts the session there, and the server
stops once the session is closed.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from retro_tui.ui.messages import RemoteKey

if TYPE_CHECKING:
    from retro_tui.coach.live import LiveSession
    from retro_tui.coach.remote import RemoteOptions
    from retro_tui.core.config import Config
    from retro_tui.core.workout import Workout
    from retro_tui.ui.remote_link import RemoteLink


class RemoteKeys:
    current_run: LiveSession | None
    remote_options: RemoteOptions | None
    remote_link: RemoteLink | None
    config: Config
    screen: Any

    if TYPE_CHECKING:  # the app's and Textual's, named here for the type checker only

        def new_run(self, workout: Workout) -> LiveSession: ...
        def run_worker(self, work: Any, **kwargs: Any) -> Any: ...

    def on_remote_key(self, message: RemoteKey) -> None:
        """`r` (checklist, live): the remote on; when on, the QR code hidden or shown."""
        link = self.remote_link
        if link is not None:
            link.qr_shown = not link.qr_shown
            self._show_remote()
            return
        if self.remote_options is None:
            from retro_tui.coach.remote import RemoteOptions

            self.remote_options = RemoteOptions.from_settings(self.config.settings)
        if self.current_run is None:
            if message.workout is None:
                return
            self.current_run = self.new_run(message.workout)
        self.start_remote()

    def start_remote(self) -> None:
        from retro_tui.ui.remote_link import RemoteLink

        if self.current_run is None or self.remote_options is None or self.remote_link:
            return
        link = RemoteLink(self.current_run, self.remote_options)
        self.remote_link = link
        loop = asyncio.get_running_loop()
        # A tap on the phone's Start (on the remote's thread) starts from the checklist.
        self.current_run.start_requested = lambda: loop.call_soon_threadsafe(self._phone_start)

        async def serve() -> None:
            await link.start()
            self._show_remote()

        self.run_worker(serve(), group="remote", name="phone remote", exit_on_error=False)

    def _show_remote(self) -> None:
        show = getattr(self.screen, "show_remote", None)
        if callable(show):
            show(self.remote_link)

    def stop_remote(self) -> None:
        link, self.remote_link = self.remote_link, None
        if link is not None:
            self.run_worker(link.stop, group="remote-stop", exit_on_error=False)

    def _phone_start(self) -> None:
        from retro_tui.ui.screens.checklist import ChecklistScreen

        if isinstance(self.screen, ChecklistScreen):
            self.screen.action_go()
