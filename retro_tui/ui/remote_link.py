"""The phone remote for one TUI session: served on Textual's own loop.

Started when the session is made (the checklist, or `r`), stopped when it
ends: after the session's close, so the phone's last push is the summary.
aiohttp is imported only here, and only when a remote is wanted.
"""

from __future__ import annotations

from retro_tui.coach.live import LiveSession
from retro_tui.coach.remote import RemoteOptions
from retro_tui.core.resources import sounds_dir


class RemoteLink:
    def __init__(self, session: LiveSession, options: RemoteOptions) -> None:
        self.session = session
        self.options = options
        self.url: str | None = None  # once serving
        self.error: str | None = None  # why it is off
        self.qr_shown = True  # `r` hides and shows the QR code
        self._server: object | None = None

    @property
    def serving(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        from retro_tui.remote.server import RemoteServer
        from retro_tui.remote.target import RemoteUnavailable

        server = RemoteServer(
            self.session,
            sounds_dir=sounds_dir(),
            host=self.options.host,
            port=self.options.port,
        )
        try:
            await server.start()
        except RemoteUnavailable as err:
            self.error = err.reason
            self.session.notice(f"Remote off: {err.reason}")
            return
        self._server = server
        self.url = server.url
        for note in server.notices:
            self.session.notice(f"Remote: {note}")

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            from retro_tui.remote.server import RemoteServer

            assert isinstance(server, RemoteServer)
            await server.stop()
