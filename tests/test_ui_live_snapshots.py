"""Snapshots of issue 14's screens at 160x45, 100x30 and 60x20: the big clock, the
3-2-1 and shoulder check in big letters, the steps ahead, and the workout previews.

Regenerate after an intended change: pytest tests/test_ui_live_snapshots.py --snapshot-update
The session runs on a fake clock, so every frame is the same on every run.
"""

from __future__ import annotations

import pytest
from test_ui_support import Harness

from retro_tui.core.config import load_config
from retro_tui.ui.screens import ChecklistScreen, HomeScreen, LiveScreen

SIZES = [
    pytest.param((160, 45), id="160x45"),
    pytest.param((100, 30), id="100x30"),
    pytest.param((60, 20), id="60x20"),
]
# Retro ladder: run 2 of 3 is 420-450 s; its right shoulder check at 440 s, the
# countdown at 447, 448 and 449 s; a lap at 430 s fills the splits.
MID_REPEAT_S = 445


async def _live_at(h: Harness, pilot, at: float, lap_at: float | None = None) -> None:
    await pilot.pause()
    assert isinstance(h.app.screen, ChecklistScreen)
    await pilot.press("enter")
    await pilot.pause()
    if lap_at is not None:
        h.run_to(lap_at)
        await pilot.press("l")
    h.run_to(at)
    await pilot.pause()
    assert isinstance(h.app.screen, LiveScreen)


@pytest.mark.parametrize("size", SIZES)
def test_live_big_clock(snap_compare, size) -> None:
    h = Harness(load_config(), workout="ladder")

    async def run(pilot) -> None:
        await _live_at(h, pilot, MID_REPEAT_S, lap_at=430)

    assert snap_compare(h.app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_live_shoulder_check_in_big_letters(snap_compare, size) -> None:
    h = Harness(load_config(), workout="ladder")

    async def run(pilot) -> None:
        await _live_at(h, pilot, 441)
        assert h.live.query_one("#live-digits").value == "RIGHT ▶"

    assert snap_compare(h.app, terminal_size=size, run_before=run)


def test_live_countdown_in_big_digits_100x30(snap_compare) -> None:
    h = Harness(load_config(), workout="ladder")

    async def run(pilot) -> None:
        await _live_at(h, pilot, 448.2)
        assert h.live.query_one("#live-digits").value == "2"

    assert snap_compare(h.app, terminal_size=(100, 30), run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_the_preview(snap_compare, size) -> None:
    h = Harness(load_config())

    async def ready(pilot) -> None:
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        await pilot.press("down", "down")  # 100 m repeats: distances and their estimates
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=size, run_before=ready)


def test_checklist_with_the_preview_100x30(snap_compare) -> None:
    h = Harness(load_config(), workout="ladder")

    async def ready(pilot) -> None:
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)

    assert snap_compare(h.app, terminal_size=(100, 30), run_before=ready)
