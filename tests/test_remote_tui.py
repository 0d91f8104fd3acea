"""The phone remote in the TUI: a real aiohttp server on Textual's loop, a real HTTP client.

The checklist shows the URL before the start (the phone scans it there), the
phone's taps drive the same session as the keys (logged with source remote,
shown on the laptop at once), and the server ends with the session.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import aiohttp
from test_ui_support import Harness, test_config

from retro_tui.coach.remote import RemoteOptions
from retro_tui.core.store import Store
from retro_tui.ui.screens import ChecklistScreen, SummaryScreen
from retro_tui.ui.screens.live import LiveScreen
from retro_tui.ui.widgets.remote_panel import RemotePanel

SIZE = (160, 45)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def remote_harness(tmp_path: Path, **kwargs: Any) -> Harness:
    h = Harness(test_config(tmp_path), workout="short", data_dir=tmp_path / "data", **kwargs)
    h.app.remote_options = RemoteOptions("127.0.0.1", 0)
    return h


async def tap(http: aiohttp.ClientSession, url: str, action: str) -> dict[str, Any]:
    body = {"action": action, "id": uuid.uuid4().hex}
    async with http.post(f"{url}/action", json=body) as reply:
        assert reply.status == 200, await reply.text()
        return await reply.json()  # type: ignore[no-any-return]


async def test_the_checklist_shows_the_url_and_the_phone_sees_the_session_ready(
    tmp_path: Path,
) -> None:
    h = remote_harness(tmp_path)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)
        link = h.app.remote_link
        assert link is not None and link.url and link.url.startswith("http://127.0.0.1:")
        panel = h.app.screen.query_one(RemotePanel)
        shown = str(panel.render())
        assert link.url in shown and "█" in shown  # the QR fits at 160x45
        async with aiohttp.ClientSession() as http, http.get(f"{link.url}/state") as reply:
            state = await reply.json()
        assert state["state"] == "ready" and state["step"] is None
        assert state["workout"] == "Short test"


async def test_a_tap_on_the_phone_laps_on_the_laptop_and_is_logged_as_remote(
    tmp_path: Path,
) -> None:
    h = remote_harness(tmp_path)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        link = h.app.remote_link
        assert link is not None and link.url
        url = link.url
        await pilot.press("enter")
        await settle(pilot)
        live = h.app.screen
        assert isinstance(live, LiveScreen)
        h.run_to(25.0)  # into the first run
        async with aiohttp.ClientSession() as http:
            state = await tap(http, url, "lap")
            assert state["ok"] and state["state"]["step"]["kind"] == "run"
            await pilot.pause()
            assert live.engine.laps[1], "the lap reached the laptop's engine"
            banner = str(live.query_one("#live-banner").render())
            assert "Lap" in banner  # shown on the laptop at once
            await tap(http, url, "toggle_pause")
            await pilot.pause()
            assert "PAUSED" in str(live.query_one("#live-kind").render())
            await tap(http, url, "stop")
            await settle(pilot)
        assert isinstance(h.app.screen, SummaryScreen)
        assert h.app.remote_link is None and not link.serving  # it ended with the session
        session_id = h.app.summaries[-1].session_id
    with Store.open(tmp_path / "data") as store:
        detail = store.get_session(session_id)
    assert detail is not None and detail.status == "stopped"
    sources = {e.kind: e.data.get("source") for e in detail.events}
    assert sources["lap"] == "remote" and sources["pause"] == "remote"
    assert sources["stop"] == "remote"
    assert "source" not in next(e.data for e in detail.events if e.kind == "step_start")


async def test_r_turns_the_remote_on_from_the_checklist_and_again_hides_the_code(
    tmp_path: Path,
) -> None:
    h = Harness(test_config(tmp_path), workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen) and h.app.remote_link is None
        h.app.config = h.app.config  # settings as shipped: remote_host 0.0.0.0
        h.app.remote_options = RemoteOptions("127.0.0.1", 0)
        await pilot.press("r")
        await settle(pilot)
        link = h.app.remote_link
        assert link is not None and link.url
        panel = h.app.screen.query_one(RemotePanel)
        assert "█" in str(panel.render())
        await pilot.press("r")
        await pilot.pause()
        assert "█" not in str(panel.render()) and link.url in str(panel.render())
        await pilot.press("escape")  # back: the session never started, nothing is logged
        await settle(pilot)
        assert h.app.current_run is None and h.app.remote_link is None
        assert h.app.summaries == []


async def test_start_on_the_phone_leaves_the_checklist_and_starts_the_session(
    tmp_path: Path,
) -> None:
    h = remote_harness(tmp_path)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        link = h.app.remote_link
        assert link is not None and link.url
        async with aiohttp.ClientSession() as http:
            reply = await tap(http, link.url, "toggle_pause")
            assert reply["state"]["state"] == "ready"  # asked; the laptop starts it
            for _ in range(50):
                await pilot.pause(0.02)
                if isinstance(h.app.screen, LiveScreen):
                    break
            assert isinstance(h.app.screen, LiveScreen)
            async with http.get(f"{link.url}/state") as got:
                state = await got.json()
        assert state["state"] == "running" and h.app.screen.session.started_at is not None


async def test_before_the_start_only_start_means_anything(tmp_path: Path) -> None:
    """A Stop or Lap tapped while the laptop is still on the checklist changes nothing."""
    h = remote_harness(tmp_path)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        link = h.app.remote_link
        assert link is not None and link.url
        async with aiohttp.ClientSession() as http:
            for action in ("stop", "lap", "skip", "stumble"):
                reply = await tap(http, link.url, action)
                assert reply["state"]["state"] == "ready", action
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(h.app.screen, LiveScreen) and not h.app.screen.engine.is_over


async def test_where_the_qr_does_not_fit_the_url_is_one_line_above_the_footer(
    tmp_path: Path,
) -> None:
    from textual.widgets import Footer

    h = remote_harness(tmp_path)
    async with h.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = h.app.screen
        panel, footer = screen.query_one(RemotePanel), screen.query_one(Footer)
        assert "█" not in str(panel.render()) and h.app.remote_link.url in str(panel.render())
        assert panel.region.height >= 1 and panel.region.bottom <= footer.region.y


async def test_a_remote_that_cannot_listen_is_off_and_the_session_runs(tmp_path: Path) -> None:
    h = remote_harness(tmp_path)
    h.app.remote_options = RemoteOptions("203.0.113.7", 0)  # an address this machine hasn't
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        link = h.app.remote_link
        assert link is not None and link.url is None and link.error
        panel = str(h.app.screen.query_one(RemotePanel).render())
        assert panel.startswith("Remote off: cannot listen on 203.0.113.7")
        await pilot.press("enter")
        await settle(pilot)
        live = h.app.screen
        assert isinstance(live, LiveScreen) and not live.engine.is_over
        assert any(n.startswith("Remote off:") for n in live.session.poll_notices())


async def test_a_taken_port_falls_back_to_a_free_one_and_says_which(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        h = remote_harness(tmp_path)
        h.app.remote_options = RemoteOptions("127.0.0.1", port)
        async with h.app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            link = h.app.remote_link
            assert link is not None and link.url and f":{port}/" not in link.url
            notices = h.app.current_run.poll_notices()  # type: ignore[union-attr]
            assert f"Remote: port {port} is taken" in " ".join(notices)
