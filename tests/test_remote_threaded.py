"""`ThreadedRemote` (for `--plain`) and the ways the remote refuses to start."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest
from test_remote_support import TOKEN, EngineTarget

from retro_tui.core.resources import sounds_dir
from retro_tui.remote import RemoteUnavailable, server
from retro_tui.remote.server import RemoteServer, ThreadedRemote


def _post(url: str, body: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(url + "/action", data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.load(response))


def test_threaded_remote_serves_from_its_own_thread_and_stops_without_hanging() -> None:
    target = EngineTarget()
    before = threading.active_count()
    remote = ThreadedRemote(target, sounds_dir=sounds_dir(), host="127.0.0.1", port=0, token=TOKEN)
    remote.start()
    try:
        assert remote.url == f"http://127.0.0.1:{remote.port}/r/{TOKEN}"
        assert remote.notices == []
        with urllib.request.urlopen(remote.url + "/state", timeout=10) as response:
            assert json.load(response)["state"] == "running"
        reply = _post(remote.url, {"action": "lap", "id": "one"})
        assert reply["ok"] is True
        stream = urllib.request.urlopen(remote.url + "/events", timeout=10)  # left open
        assert stream.readline().startswith(b"retry:")
    finally:
        started = time.monotonic()
        remote.stop()
        assert time.monotonic() - started < 3.0
    stream.close()
    assert target.performed == ["lap"]
    assert target.listeners == 0
    deadline = time.monotonic() + 5
    while threading.active_count() > before:
        assert time.monotonic() < deadline, "the remote's threads outlived stop()"
        time.sleep(0.02)
    remote.stop()  # a second stop is harmless


def test_threaded_remote_reports_the_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        remote = ThreadedRemote(
            EngineTarget(), sounds_dir=sounds_dir(), host="127.0.0.1", port=port
        )
        remote.start()
        try:
            assert remote.port != port
            assert remote.notices == [f"port {port} is taken; the remote uses port {remote.port}"]
        finally:
            remote.stop()


def test_no_network_means_remote_unavailable_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "lan_address", lambda: None)
    remote = ThreadedRemote(EngineTarget(), sounds_dir=sounds_dir(), port=0)
    with pytest.raises(RemoteUnavailable) as caught:
        remote.start()
    assert caught.value.reason == "no network: this computer has no LAN address"
    assert str(caught.value) == caught.value.reason
    remote.stop()


async def test_the_url_uses_the_lan_address_when_serving_every_interface(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    remote = RemoteServer(EngineTarget(), sounds_dir=sounds_dir(), port=0, token=TOKEN)
    await remote.start()
    try:
        assert remote.url == f"http://192.168.1.20:{remote.port}/r/{TOKEN}"
    finally:
        await remote.stop()


async def test_an_address_this_computer_lacks_is_unavailable() -> None:
    remote = RemoteServer(EngineTarget(), sounds_dir=sounds_dir(), host="192.0.2.254", port=0)
    with pytest.raises(RemoteUnavailable, match="cannot listen on 192.0.2.254:0"):
        await remote.start()


async def test_starting_twice_is_refused() -> None:
    remote = RemoteServer(EngineTarget(), sounds_dir=sounds_dir(), host="127.0.0.1", port=0)
    await remote.start()
    try:
        with pytest.raises(RuntimeError):
            await remote.start()
    finally:
        await remote.stop()


async def test_stop_still_closes_when_the_final_state_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = EngineTarget()
    remote = RemoteServer(target, sounds_dir=sounds_dir(), host="127.0.0.1", port=0)
    await remote.start()

    def broken() -> dict[str, object]:
        raise RuntimeError("the session is gone")

    monkeypatch.setattr(target, "state", broken)
    with pytest.raises(RuntimeError, match="the session is gone"):
        await remote.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", remote.port), timeout=2):
        pass
    assert target.listeners == 0
