"""The phone remote (PRODUCT.md §12): the runner's phone as the screen and the keys.

Only `retro_tui.remote.server` imports aiohttp, so importing this package (or
`target`, `qr`) keeps the app's start-up free of it until the remote is on.
"""

from retro_tui.remote.target import ACTIONS, RemoteTarget, RemoteUnavailable

__all__ = ["ACTIONS", "RemoteTarget", "RemoteUnavailable"]
