"""The checklist's sound check (PRODUCT.md §7): `t` plays "left" then "right",
asks, and `x` swaps the sides for this session and offers to save it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from test_sound_track import RecordingPlayer, _side_gap_db
from test_ui_support import Harness, test_config
from textual.widgets import Static

from retro_tui.ui.screens.checklist import ChecklistScreen, SaveStereoScreen

SIZE = (100, 40)


async def _checklist(h: Harness, pilot, player: RecordingPlayer) -> ChecklistScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = h.app.screen
    assert isinstance(screen, ChecklistScreen)
    screen.sound_player = player
    return screen


async def _sound_check(h: Harness, pilot, screen: ChecklistScreen) -> str:
    await pilot.press("t")
    await h.app.workers.wait_for_complete()
    await pilot.pause()
    return str(screen.query_one("#checklist-sound", Static).render())


@pytest.mark.parametrize("save", [True, False], ids=["saved", "this-session-only"])
async def test_t_plays_both_sides_and_x_swaps_for_the_session(tmp_path: Path, save: bool) -> None:
    config = test_config(tmp_path)
    assert config.source is not None
    before = config.source.read_text(encoding="utf-8")
    h = Harness(config)
    stereo_calls: list[str] = []
    h.audio.set_stereo = stereo_calls.append  # type: ignore[attr-defined]
    player = RecordingPlayer()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await _checklist(h, pilot, player)
        await pilot.press("x")  # nothing to swap before the check
        await pilot.pause()
        assert screen.stereo == "normal" and h.app.screen is screen
        asked = await _sound_check(h, pilot, screen)
        assert "left" in asked and "right" in asked and "x: swap" in asked
        assert [p.name for p, _ in player.played] == [
            "sound-check-left.wav",
            "sound-check-right.wav",
        ]
        assert _side_gap_db(player.played[0][1]) >= 12.0
        await pilot.press("x")
        await pilot.pause()
        assert screen.stereo == "swapped"
        assert isinstance(h.app.screen, SaveStereoScreen)
        await pilot.press("y" if save else "n")
        await h.app.workers.wait_for_complete()
        await pilot.pause()
        assert h.app.screen is screen
        again = await _sound_check(h, pilot, screen)  # t again: now the other way round
        assert "x: swap" in again
        assert _side_gap_db(player.played[2][1]) <= -12.0
        await pilot.press("enter")
        await pilot.pause()
        assert stereo_calls == ["swapped"]  # the session's audio plays it swapped
    after = config.source.read_text(encoding="utf-8")
    if save:
        assert tomllib.loads(after)["settings"]["stereo"] == "swapped"
        assert after.replace('stereo = "swapped"\n', "") == before  # only that line added
    else:
        assert after == before


async def test_no_sound_says_so(tmp_path: Path) -> None:
    class Silent(RecordingPlayer):
        def __call__(self, path: Path):  # type: ignore[no-untyped-def]
            raise OSError("no sound device")

    h = Harness(test_config(tmp_path))
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await _checklist(h, pilot, Silent())
        said = await _sound_check(h, pilot, screen)
        assert said.startswith("No sound (no sound device)")
        await pilot.press("x")
        await pilot.pause()
        assert screen.stereo == "normal" and h.app.screen is screen


async def test_the_live_banner_shows_time_left(tmp_path: Path) -> None:
    from retro_tui.ui.widgets import CueBanner

    h = Harness(test_config(tmp_path, 'time_left = ["10s"]\nchecklist = false'))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        live = h.live
        h.run_to(40.5)  # run 1 of 3 is 20-50 s: 10 s left at 40 s
        await pilot.pause()
        banner = live.query_one(CueBanner)
        assert banner.cue is not None and banner.cue.kind == "time_left"
        assert str(banner.render()) == "10 seconds left"
        assert [c.at_s for c in h.audio.cues if c.kind == "time_left"] == [40.0]
