"""Snapshot tests of the review screens at 80x24: summary with the review, history with
the chart, and a session's detail.

Regenerate after an intended change:
    pytest tests/test_ui_review_snapshots.py --snapshot-update
Every date is fixed: the log is seeded with fixed UTC times, the app's "now" is pinned to
TODAY, local time is UTC, and the live session runs on a fake clock.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_review_support import pin_today, review_config, seed, settle, utc_local_time
from test_ui_support import Harness

from retro_tui.ui.screens import SummaryScreen
from retro_tui.ui.screens.history import HistoryScreen
from retro_tui.ui.screens.session_detail import SessionDetailScreen

SIZE = (80, 24)
NARROW = (60, 20)  # the smallest terminal the app is made for (PRODUCT.md §6)


@pytest.fixture(autouse=True)
def utc():
    with utc_local_time():
        yield


def test_summary_with_review(snap_compare, tmp_path: Path) -> None:
    """A programme session with two near-falls: hold advice, RPE 7 and notes saved."""
    h = Harness(review_config(tmp_path), workout="prog", data_dir=tmp_path / "data")

    async def run(pilot) -> None:
        await settle(h.app, pilot)  # the guide check (a thread worker), then the checklist
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(22)
        await pilot.press("l")  # a split
        for _ in range(2):
            await pilot.press("s", "space")
        h.run_to(10_000)
        await settle(h.app, pilot)
        assert isinstance(h.app.screen, SummaryScreen)
        await pilot.press("7", "n", *"Calves tired, felt tall", "enter")
        await settle(h.app, pilot)
        assert h.app.screen.saved == (7, "Calves tired, felt tall")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run)


async def _open_history(h: Harness, pilot) -> None:
    await pilot.pause()
    pin_today(h.app)
    h.app.push_screen(HistoryScreen(h.app.screen_context))
    await settle(h.app, pilot)


# At 60x20 every column is still there (a short date, narrower columns).
@pytest.mark.parametrize("size", [SIZE, NARROW], ids=["80x24", "60x20"])
def test_history_with_chart(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    seed(tmp_path / "data")
    h = Harness(review_config(tmp_path), data_dir=tmp_path / "data")

    async def run(pilot) -> None:
        await _open_history(h, pilot)
        assert isinstance(h.app.screen, HistoryScreen) and h.app.screen.loaded

    assert snap_compare(h.app, terminal_size=size, run_before=run)


def test_history_empty(snap_compare, tmp_path: Path) -> None:
    h = Harness(review_config(tmp_path), data_dir=tmp_path / "data")

    async def run(pilot) -> None:
        await _open_history(h, pilot)

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run)


@pytest.mark.parametrize("size", [SIZE, NARROW], ids=["80x24", "60x20"])
def test_session_detail(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    ids = seed(tmp_path / "data")
    h = Harness(review_config(tmp_path), data_dir=tmp_path / "data")

    async def run(pilot) -> None:
        await _open_history(h, pilot)
        await pilot.press("down", "enter")
        await settle(h.app, pilot)
        screen = h.app.screen
        assert isinstance(screen, SessionDetailScreen) and screen.session_id == ids["detail"]

    assert snap_compare(h.app, terminal_size=size, run_before=run)
