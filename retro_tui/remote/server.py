"""The phone remote's HTTP server (PRODUCT.md §12), the one module that imports aiohttp.

`RemoteServer` runs on whatever asyncio loop starts it (the TUI: Textual's);
`ThreadedRemote` gives it a thread and loop of its own for `--plain`. Every
request goes through one dispatcher that matches the raw path (routes.py), so
a wrong token, any other path and any traversal trick get the same bare 404.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from retro_tui.remote import routes
from retro_tui.remote.actions import MAX_BODY, BadAction, OnceById, parse_action
from retro_tui.remote.hub import StateHub, encode, sse_frame
from retro_tui.remote.qr import lan_address
from retro_tui.remote.target import RemoteTarget, RemoteUnavailable

DEFAULT_PORT = 8765
MAX_CLIENTS = 16
HEARTBEAT_S = 10.0
WRITE_TIMEOUT_S = 5.0  # a phone that stopped reading is dropped, not waited for
SHUTDOWN_S = 1.0
PAGE_FILE = Path(__file__).with_name("page.html")
_WILDCARD = ("0.0.0.0", "", "::")
_FALLBACK_ERRNOS = (errno.EADDRINUSE, errno.EACCES)
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; media-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # the token is in the URL
    "Cross-Origin-Resource-Policy": "same-origin",
    "Server": "retro-tui",
}
NOT_FOUND_BODY = b"Not found\n"
_METHODS = {routes.ACTION: ("POST",), routes.EVENTS: ("GET",)}


def _not_found() -> web.Response:
    return web.Response(status=404, body=NOT_FOUND_BODY, content_type="text/plain")


def _json(status: int, data: dict[str, Any]) -> web.Response:
    return web.Response(status=status, body=encode(data), content_type="application/json")


def _error(status: int, reason: str) -> web.Response:
    return _json(status, {"ok": False, "error": reason})


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    response.headers.setdefault("Cache-Control", "no-store")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT only
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class RemoteServer:
    """Serves one session's remote while started; `url`, `port`, `notices` once started."""

    def __init__(
        self,
        target: RemoteTarget,
        *,
        sounds_dir: Path,
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        token: str | None = None,
        heartbeat_s: float = HEARTBEAT_S,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.target = target
        self.sounds_dir = sounds_dir
        self.host = host
        self.requested_port = port
        self.token = routes.check_token(token) if token is not None else routes.new_token()
        self.heartbeat_s = heartbeat_s
        self.max_clients = max_clients
        self.port = 0
        self.url = ""
        self.notices: list[str] = []
        self.clients = 0  # open event streams
        self._once = OnceById()
        self._hub: StateHub | None = None
        self._runner: web.AppRunner | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._actions: concurrent.futures.ThreadPoolExecutor | None = None
        self._sounds: dict[str, Path] = {}
        self._page = b""

    # --- life --------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("the remote is already started")
        address = self._url_host()
        sock = self._listen()
        self.port = sock.getsockname()[1]
        self.url = f"http://{address}:{self.port}/r/{self.token}"
        self._page = PAGE_FILE.read_bytes()
        self._sounds = routes.sound_index(self.sounds_dir)
        # One worker: the phone's actions reach the session in the order they came.
        self._actions = concurrent.futures.ThreadPoolExecutor(1, "retro-remote-action")
        self._hub = StateHub(asyncio.get_running_loop(), self.target.state)
        app = web.Application(client_max_size=MAX_BODY)
        app.on_response_prepare.append(_security_headers)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=SHUTDOWN_S
        )
        await runner.setup()
        try:
            await web.SockSite(runner, sock).start()
        except OSError as error:
            sock.close()
            await runner.cleanup()
            raise RemoteUnavailable(f"cannot serve on port {self.port}: {error}") from error
        self._runner = runner
        self._unsubscribe = self.target.subscribe(self._hub.notify)

    async def stop(self) -> None:
        """Push the final state (the summary, when over) to every page, then close."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        try:
            if self._hub is not None:
                self._hub.publish(encode(self.target.state()))
        finally:
            await self._close(runner)

    async def _close(self, runner: web.AppRunner) -> None:
        if self._hub is not None:
            self._hub.close()
            # Let each stream send the last state and end (bounded: a stuck phone is cut off).
            deadline = asyncio.get_running_loop().time() + SHUTDOWN_S
            while self.clients and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.01)
        await runner.cleanup()
        if self._actions is not None:
            self._actions.shutdown(wait=False)

    def _url_host(self) -> str:
        if self.host not in _WILDCARD:
            return f"[{self.host}]" if ":" in self.host else self.host
        address = lan_address()
        if address is None:
            raise RemoteUnavailable("no network: this computer has no LAN address")
        return address

    def _listen(self) -> socket.socket:
        try:
            return _bind(self.host, self.requested_port)
        except OSError as error:
            if self.requested_port == 0 or error.errno not in _FALLBACK_ERRNOS:
                raise RemoteUnavailable(
                    f"cannot listen on {self.host}:{self.requested_port}: {error.strerror or error}"
                ) from error
            refused = error.errno
        try:
            sock = _bind(self.host, 0)
        except OSError as error:
            raise RemoteUnavailable(f"cannot listen on {self.host}: {error}") from error
        taken = "is taken" if refused == errno.EADDRINUSE else "is not allowed"
        self.notices.append(
            f"port {self.requested_port} {taken}; the remote uses port {sock.getsockname()[1]}"
        )
        return sock

    # --- requests ----------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        route = routes.match(request.raw_path, self.token)
        if route is None:
            return _not_found()
        allowed = _METHODS.get(route.kind, ("GET", "HEAD"))
        if request.method not in allowed:
            return web.Response(
                status=405, headers={"Allow": ", ".join(allowed)}, text="Method not allowed\n"
            )
        if route.kind == routes.PAGE:
            return web.Response(body=self._page, content_type="text/html", charset="utf-8")
        if route.kind == routes.STATE:
            return _json(200, self.target.state())
        if route.kind == routes.SOUND:
            return self._sound(route.clip)
        if route.kind == routes.ACTION:
            return await self._action(request)
        return await self._events(request)

    def _sound(self, clip: str) -> web.StreamResponse:
        path = self._sounds.get(clip)
        if path is None:
            return _not_found()
        return web.FileResponse(path, headers={"Content-Type": "audio/wav"})

    async def _action(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _error(413, "body over 4 KiB")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "body over 4 KiB")
        try:
            state, repeat = await self._once.run(parse_action(body), self._perform)
        except (BadAction, ValueError) as error:
            return _error(400, str(error) or "bad action")
        reply: dict[str, Any] = {"ok": True, "state": state}
        if repeat:
            reply["duplicate"] = True
        return _json(200, reply)

    async def _perform(self, action: str) -> dict[str, Any]:
        # Off the loop: the coach may take a lock or write the log while applying it.
        return await asyncio.get_running_loop().run_in_executor(
            self._actions, self.target.perform, action
        )

    async def _events(self, request: web.Request) -> web.StreamResponse:
        hub = self._hub
        if hub is None or hub.closing:
            return _not_found()
        if self.clients >= self.max_clients:
            return _error(503, f"at most {self.max_clients} clients at once")
        self.clients += 1
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"}
        )
        try:
            await response.prepare(request)
            seen = hub.version
            await self._send(response, b"retry: 2000\n" + sse_frame(encode(self.target.state())))
            while True:
                changed = await hub.wait(seen, self.heartbeat_s)
                if hub.version != seen:
                    seen = hub.version
                    await self._send(response, sse_frame(hub.latest))
                if hub.closing:
                    break
                if not changed:
                    await self._send(response, b": ping\n\n")  # finds dead connections
        except (ConnectionError, TimeoutError):
            pass  # the phone went away; its reconnect opens a new stream
        finally:
            self.clients -= 1
        return response

    @staticmethod
    async def _send(response: web.StreamResponse, data: bytes) -> None:
        await asyncio.wait_for(response.write(data), WRITE_TIMEOUT_S)


class ThreadedRemote:
    """A `RemoteServer` on its own thread and loop, with blocking start and stop (`--plain`)."""

    def __init__(self, target: RemoteTarget, *, sounds_dir: Path, **options: Any) -> None:
        self.server = RemoteServer(target, sounds_dir=sounds_dir, **options)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def token(self) -> str:
        return self.server.token

    @property
    def notices(self) -> list[str]:
        return self.server.notices

    def start(self, timeout: float = 10.0) -> None:
        """Serve; raises RemoteUnavailable as `RemoteServer.start` does."""
        if self._thread is not None:
            raise RuntimeError("the remote is already started")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=self._run, args=(loop,), name="retro-remote", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            asyncio.run_coroutine_threadsafe(self.server.start(), loop).result(timeout)
        except BaseException:
            self._end(timeout)
            raise

    def stop(self, timeout: float = 5.0) -> None:
        if self._loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout)
        except concurrent.futures.TimeoutError:
            pass  # bounded: the thread is a daemon and the loop is stopped regardless
        finally:
            self._end(timeout)

    def _end(self, timeout: float) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
