"""Whether a session serves the phone remote, and where (settings, then the flags)."""

from __future__ import annotations

from dataclasses import dataclass

from retro_tui.core.settings import Settings


@dataclass(frozen=True)
class RemoteOptions:
    host: str
    port: int

    @classmethod
    def chosen(cls, settings: Settings, flag: bool, port: int | None) -> RemoteOptions | None:
        """`--remote` or `remote = true` turns it on; `--remote-port` beats the setting."""
        if not (flag or settings.remote):
            return None
        return cls(settings.remote_host, settings.remote_port if port is None else port)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteOptions:
        return cls(settings.remote_host, settings.remote_port)
