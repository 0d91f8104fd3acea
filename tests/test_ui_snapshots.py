"""Snapshot tests (pytest-textual-snapshot) of the main screens at 80x24 and 60x20.

Regenerate after an intended change: pytest tests/test_ui_snapshots.py --snapshot-update
The session runs on a fake clock, so every frame is the same on every run.
"""

from __future__ import annotations

import pytest
from test_ui_support import Harness

from retro_tui.core.config import load_config
from retro_tui.ui.screens import ChecklistScreen, HomeScreen, LiveScreen, SummaryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]
# Retro ladder: warm-up 0-300 s, walk 300-360, then 3 x (run 30 s, rest 30 s);
# 442 s is 22 s into run 2 of 3 (420-450), just after its shoulder check at 440 s.
MID_REPEAT_S = 442


def ladder() -> Harness:
    return Harness(load_config(), workout="ladder")


async def _to_live(h: Harness, pilot) -> None:
    await pilot.pause()
    assert isinstance(h.app.screen, ChecklistScreen)
    await pilot.press("enter")
    await pilot.pause()
    h.run_to(MID_REPEAT_S)
    await pilot.pause()
    assert isinstance(h.app.screen, LiveScreen)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size) -> None:
    h = Harness(load_config())

    async def ready(pilot) -> None:
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)

    assert snap_compare(h.app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_live_mid_repeat(snap_compare, size) -> None:
    h = ladder()

    async def run(pilot) -> None:
        await _to_live(h, pilot)
        assert h.live.engine.current_step.round == 2

    assert snap_compare(h.app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_live_paused(snap_compare, size) -> None:
    h = ladder()

    async def run(pilot) -> None:
        await _to_live(h, pilot)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, size) -> None:
    h = ladder()

    async def run(pilot) -> None:
        await _to_live(h, pilot)
        await pilot.press("l")  # a split in the run
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(h.app.screen, SummaryScreen)

    assert snap_compare(h.app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_live_get_ready(snap_compare, size) -> None:
    """The lead-in: "GET READY", "Get ready  0:07 to go" in the step bar, no frozen number."""
    h = ladder()

    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(-7)  # 3 s of the 10 s lead-in gone
        await pilot.pause()
        assert h.live.engine.current_step is None

    assert snap_compare(h.app, terminal_size=size, run_before=run)


def test_live_distance_step_60x20(snap_compare) -> None:
    """100 m repeats, 20 s into the first 100 m: the distance in the head and note lines."""
    h = Harness(load_config(), workout="repeats-100m")

    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(500)  # the first 100 m: 480-530
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=(60, 20), run_before=run)


def test_live_reached_the_mark_60x20(snap_compare) -> None:
    """l at 31 s into the first 100 m: the banner keeps "Reached the mark: 0:31.0"
    above the rest's first cue."""
    h = Harness(load_config(), workout="repeats-100m")

    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(511)
        await pilot.press("l")
        await pilot.pause()
        assert "Reached the mark: 0:31.0" in str(h.live.query_one("#live-banner").render())

    assert snap_compare(h.app, terminal_size=(60, 20), run_before=run)
