"""Loopback HTTP for the remote benchmark: a keep-alive client, an SSE reader, an echo server.

The client is the stdlib's, the same for the remote and for the baseline, so
what it costs is in both figures; the echo server is a bare aiohttp handler
on its own thread and loop, as `ThreadedRemote` runs the remote for `--plain`.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

WAIT_S = 30.0  # for a reply or a frame
now = time.perf_counter


class Client:
    """A keep-alive HTTP/1.1 client; `post` returns the status once the body is read."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.path = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT_S)

    def post(self, path: str, body: bytes) -> int:
        self.conn.request("POST", self.path + path, body, {"Content-Type": "application/json"})
        reply = self.conn.getresponse()
        reply.read()
        return reply.status

    def close(self) -> None:
        self.conn.close()


class EventStream:
    """One SSE client on its own thread: (arrival time, state) for every frame."""

    def __init__(self, url: str) -> None:
        self.frames: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.count = 0
        self.over = threading.Event()
        parts = urlsplit(url)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=None)
        self._conn.request("GET", parts.path + "/events")
        self._reply = self._conn.getresponse()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while line := self._reply.readline():
                if line.startswith(b"data: "):
                    at = now()
                    state = json.loads(line[6:])
                    self.count += 1
                    self.frames.put((at, state))
                    if state["state"] == "over":
                        self.over.set()
        except (OSError, ValueError, http.client.HTTPException):
            pass  # closed by us or by the server at the end

    def next_frame(self) -> tuple[float, dict[str, Any]]:
        return self.frames.get(timeout=WAIT_S)

    def close(self) -> None:
        # Shut the socket first: the reader blocked in readline holds the reply's lock.
        if self._conn.sock is not None:
            with contextlib.suppress(OSError):
                self._conn.sock.shutdown(socket.SHUT_RDWR)
        self._reader.join(WAIT_S)
        self._conn.close()


@contextlib.contextmanager
def echo_server() -> Iterator[str]:
    """A bare aiohttp handler that sends the body back, on its own thread and loop."""

    async def echo(request: web.Request) -> web.Response:
        return web.Response(body=await request.read(), content_type="application/json")

    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_post("/echo", echo)
    runner = web.AppRunner(app, access_log=None)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start() -> int:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return int(runner.addresses[0][1])

    port = asyncio.run_coroutine_threadsafe(start(), loop).result(WAIT_S)
    try:
        yield f"http://127.0.0.1:{port}/echo"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(WAIT_S)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(WAIT_S)
