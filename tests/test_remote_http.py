"""The remote's HTTP interface (PRODUCT.md §12) against a real server on a real port."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from test_remote_support import TOKEN, EngineTarget

from retro_tui.core.resources import sounds_dir
from retro_tui.remote.server import RemoteServer

BASE = f"/r/{TOKEN}"


@pytest.fixture
def target() -> EngineTarget:
    target = EngineTarget()
    target.advance(11)  # past the get-ready: the warm-up is under way
    return target


@pytest.fixture
async def server(target: EngineTarget) -> AsyncIterator[RemoteServer]:
    server = RemoteServer(
        target, sounds_dir=sounds_dir(), host="127.0.0.1", port=0, token=TOKEN, heartbeat_s=0.3
    )
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


def url(server: RemoteServer, path: str = "") -> str:
    return f"http://127.0.0.1:{server.port}{BASE}{path}"


async def next_event(response: aiohttp.ClientResponse, timeout: float = 5.0) -> dict[str, Any]:
    """The next `data:` message of an event stream (comments and retry lines skipped)."""
    data: list[bytes] = []
    while True:
        line = await asyncio.wait_for(response.content.readline(), timeout)
        if not line:
            raise EOFError("the stream ended")
        line = line.rstrip(b"\r\n")
        if line.startswith(b"data: "):
            data.append(line[len(b"data: ") :])
        elif not line and data:
            return dict(json.loads(b"\n".join(data)))


async def post(http: aiohttp.ClientSession, server: RemoteServer, body: Any) -> tuple[int, Any]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with http.post(url(server, "/action"), data=raw) as response:
        return response.status, await response.json()


async def test_the_url_names_the_loopback_port_and_token(server: RemoteServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/r/{TOKEN}"
    assert server.port > 0 and server.notices == []


def test_a_new_token_carries_at_least_128_bits(target: EngineTarget) -> None:
    tokens = {RemoteServer(target, sounds_dir=sounds_dir()).token for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= 22 for t in tokens)
    with pytest.raises(ValueError):
        RemoteServer(target, sounds_dir=sounds_dir(), token="short")


async def test_page_is_served_whole_with_security_headers(
    server: RemoteServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server)) as response:
        body = await response.text()
        assert response.status == 200
        assert response.content_type == "text/html"
        headers = response.headers
    assert "<script>" in body and "EventSource" in body and "innerHTML" not in body
    assert "http://" not in body and "https://" not in body  # no CDN: works offline
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Server"] == "retro-tui"


async def test_state_is_the_targets_state_uncached(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server, "/state")) as response:
        state = await response.json()
        assert response.headers["Cache-Control"] == "no-store"
    assert state == target.state()
    assert state["state"] == "running" and state["step"]["label"] == "Warm-up"
    assert set(state) >= {"step", "remaining_s", "position_s", "next", "last_cue", "muted"}


async def test_events_start_with_the_state_then_push_each_change(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server, "/events")) as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
        first = await next_event(response)
        assert first["step"]["label"] == "Warm-up"
        started = time.monotonic()
        await asyncio.to_thread(target.perform, "skip")  # from another thread, as the coach may
        pushed = await next_event(response)
        assert time.monotonic() - started < 0.3  # §11: a change is on the page within 300 ms
        assert pushed["step"]["index"] == 1 and pushed == target.state()


async def test_a_quiet_stream_gets_heartbeat_comments(
    server: RemoteServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server, "/events")) as response:
        await next_event(response)
        line = await asyncio.wait_for(response.content.readline(), 3)
        while line.strip() == b"":
            line = await asyncio.wait_for(response.content.readline(), 3)
        assert line.startswith(b":")


async def test_an_action_applies_once_per_id(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    status, reply = await post(http, server, {"action": "lap", "id": "tap-1"})
    assert status == 200 and reply["ok"] is True and reply["state"]["state"] == "running"
    status, again = await post(http, server, {"action": "lap", "id": "tap-1"})
    assert status == 200 and again["ok"] is True and again.get("duplicate") is True
    assert target.performed == ["lap"]
    assert [e.kind for e in target.events].count("lap") == 1
    # Retries racing each other are one tap too.
    replies = await asyncio.gather(
        *(post(http, server, {"action": "toggle_pause", "id": "tap-2"}) for _ in range(5))
    )
    assert all(status == 200 for status, _ in replies)
    assert target.performed == ["lap", "toggle_pause"]
    assert target.state()["state"] == "paused"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"action": "fly", "id": "x"}', "unknown action"),
        (b'{"action": 3, "id": "x"}', "unknown action"),
        (b'{"action": "lap"}', "missing id"),
        (b'{"action": "lap", "id": ""}', "missing id"),
        (b'{"action": "lap", "id": 7}', "missing id"),
    ],
)
async def test_bad_actions_get_400_and_the_session_goes_on(
    server: RemoteServer,
    target: EngineTarget,
    http: aiohttp.ClientSession,
    body: bytes,
    error: str,
) -> None:
    status, reply = await post(http, server, body)
    assert status == 400 and reply == {"ok": False, "error": error}
    assert target.performed == []
    status, reply = await post(http, server, {"action": "lap", "id": "after"})
    assert status == 200 and target.performed == ["lap"]


async def test_bodies_over_4_kib_get_413(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    padded = json.dumps({"action": "lap", "id": "big", "pad": "x" * 4100}).encode()
    status, reply = await post(http, server, padded)
    assert status == 413 and reply["ok"] is False

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: caught while reading
        for _ in range(5):
            yield b" " * 1000

    async with http.post(url(server, "/action"), data=chunks()) as response:
        assert response.status == 413
    assert target.performed == []
    status, _ = await post(http, server, {"action": "lap", "id": "small"})
    assert status == 200


async def test_sounds_serves_the_shipped_clips(
    server: RemoteServer, http: aiohttp.ClientSession
) -> None:
    clip = sounds_dir() / "beep-pip.wav"
    async with http.get(url(server, "/sounds/beep-pip.wav")) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "audio/wav"
        assert await response.read() == clip.read_bytes()


async def test_only_real_files_inside_the_sounds_folder_are_served(
    target: EngineTarget, tmp_path: Path
) -> None:
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    (sounds / "ok.wav").write_bytes(b"RIFF-ok")
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF-secret")
    (sounds / "escape.wav").symlink_to(secret)
    (sounds / "inside.wav").symlink_to(sounds / "ok.wav")
    (sounds / "folder.wav").mkdir()
    server = RemoteServer(target, sounds_dir=sounds, host="127.0.0.1", port=0, token=TOKEN)
    await server.start()
    try:
        results = {
            name: await asyncio.to_thread(_get, server.port, f"{BASE}/sounds/{name}")
            for name in ("ok.wav", "inside.wav", "escape.wav", "folder.wav", "missing.wav")
        }
    finally:
        await server.stop()
    assert results["ok.wav"][0] == 200 and results["ok.wav"][2] == b"RIFF-ok"
    assert results["inside.wav"][0] == 200
    not_found = results["missing.wav"]
    assert not_found[0] == 404
    for name in ("escape.wav", "folder.wav"):
        assert results[name] == not_found


def _get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    from test_remote_support import raw_request

    status, headers, body = raw_request(port, target)
    headers.pop("Date", None)
    return status, headers, body


ELSEWHERE = [
    "/",
    "/r",
    "/r/",
    f"/r/{TOKEN}/",
    f"/r/{TOKEN}x",
    f"/r/{TOKEN[:-1]}",
    f"/r/{TOKEN.lower()}/state",
    "/r/" + "A" * len(TOKEN),
    "/r/" + "A" * len(TOKEN) + "/state",
    f"/R/{TOKEN}/state",
    f"/r/{TOKEN}/state/",
    f"/r/{TOKEN}//state",
    f"/r/{TOKEN}/nothing",
    f"/r/{TOKEN}/sounds",
    f"/r/{TOKEN}/sounds/",
    f"/r/{TOKEN}/sounds/../config.toml",
    f"/r/{TOKEN}/sounds/../../config.toml",
    f"/r/{TOKEN}/sounds/%2e%2e/config.toml",
    f"/r/{TOKEN}/sounds/%2e%2e%2fconfig.toml",
    f"/r/{TOKEN}/sounds/..%2f..%2fconfig.toml",
    f"/r/{TOKEN}/sounds/beep-pip.wav/",
    f"/r/{TOKEN}/sounds/BEEP-PIP.WAV",
    f"/r/{TOKEN}/sounds/beep%2dpip.wav",
    f"/r/{TOKEN}/sounds/phrases.toml",
    f"/r/{TOKEN}/sounds/.wav",
    f"/r/%2e%2e/r/{TOKEN}",
    f"/x/../r/{TOKEN}",
    f"/r/{TOKEN}/../{TOKEN}/state",
    "/r/%C3%A9t%C3%A9/state",
    "/favicon.ico",
    "/etc/passwd",
]


async def test_anything_else_gets_the_same_bare_404(server: RemoteServer) -> None:
    reference = await asyncio.to_thread(_get, server.port, "/nothing-here")
    assert reference[0] == 404 and reference[2] == b"Not found\n"
    for path in ELSEWHERE:
        assert await asyncio.to_thread(_get, server.port, path) == reference, path
    # Raw non-ASCII bytes in the path are refused too (by the parser or as a 404), never a crash.
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET /r/\xc3\xa9t\xc3\xa9/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status_line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert status_line.split()[1] in (b"400", b"404")
    # A wrong token is refused before the body is looked at, whatever the method.
    wrong = "/r/" + "B" * len(TOKEN) + "/action"
    status, headers, body = await asyncio.to_thread(
        lambda: __import__("test_remote_support").raw_request(server.port, wrong, "POST", b"{}")
    )
    headers.pop("Date", None)
    assert (status, headers, body) == reference


async def test_a_known_path_with_the_wrong_method_is_refused(
    server: RemoteServer, target: EngineTarget
) -> None:
    status, headers, _ = await asyncio.to_thread(_get, server.port, f"{BASE}/action")
    assert status == 405 and headers["Allow"] == "POST"
    assert target.performed == []


async def test_at_most_16_clients_at_once(
    server: RemoteServer, http: aiohttp.ClientSession
) -> None:
    streams = []
    try:
        for _ in range(16):
            response = await http.get(url(server, "/events"))
            assert response.status == 200
            await next_event(response)
            streams.append(response)
        async with http.get(url(server, "/events")) as refused:
            assert refused.status == 503
            assert (await refused.json())["ok"] is False
        # The page still answers while the streams are full.
        async with http.get(url(server, "/state")) as response:
            assert response.status == 200
        streams.pop().close()
        deadline = time.monotonic() + 5
        while server.clients >= 16:
            assert time.monotonic() < deadline, "a closed stream was never noticed"
            await asyncio.sleep(0.02)
        async with http.get(url(server, "/events")) as response:
            assert response.status == 200
            await next_event(response)
    finally:
        for response in streams:
            response.close()


async def test_a_taken_port_falls_back_to_a_free_one_and_says_which(
    target: EngineTarget,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = RemoteServer(target, sounds_dir=sounds_dir(), host="127.0.0.1", port=port)
        await server.start()
        try:
            assert server.port not in (0, port)
            assert server.notices == [f"port {port} is taken; the remote uses port {server.port}"]
            assert f":{server.port}/r/" in server.url
            status, _, _ = await asyncio.to_thread(_get, server.port, f"/r/{server.token}/state")
            assert status == 200
        finally:
            await server.stop()


async def test_the_end_is_pushed_with_the_summary_and_stop_closes_streams(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server, "/events")) as response:
        await next_event(response)
        status, reply = await post(http, server, {"action": "stop", "id": "end"})
        assert status == 200 and reply["state"]["state"] == "over"
        over = await next_event(response)
        assert over["state"] == "over" and over["summary"].startswith("100 m repeats")
        started = time.monotonic()
        await server.stop()
        assert time.monotonic() - started < 2.0
        with pytest.raises(EOFError):
            await next_event(response)
    assert target.listeners == 0


async def test_stop_sends_the_final_state_to_an_open_page(
    server: RemoteServer, target: EngineTarget, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(server, "/events")) as response:
        await next_event(response)
        target.engine.stop()  # the session ends without telling anyone; stop() still pushes it
        await server.stop()
        final = await next_event(response)
        assert final["state"] == "over" and "summary" in final
        with pytest.raises(EOFError):
            await next_event(response)
