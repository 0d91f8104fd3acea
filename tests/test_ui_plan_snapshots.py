"""Snapshots of issue 6's screens at 80x24: home with "Up next" and the weekly bar,
the plan, the weekly-guide question and the settings screen.

The log is seeded in tmp_path and "now" is pinned (see test_ui_plan_settings),
so the frames do not change with the date. Regenerate after an intended change:
pytest tests/test_ui_plan_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from test_ui_plan_settings import LAST_WEEK, MONDAY, harness, seed, settle
from textual.widgets import Input

from retro_tui.core.config import load_config
from retro_tui.ui.screens import ConfirmGuideScreen, HomeScreen, PlanScreen, SettingsScreen

SIZE = (80, 24)
NARROW = (60, 20)  # the smallest terminal the app is made for (PRODUCT.md §6)


@pytest.fixture
def seeded(tmp_path: Path):
    """Week 1 done, week 2 begun; 20 backward minutes this week (a real bar)."""
    config = load_config()
    data = tmp_path / "data"
    seed(data, config, "rf-w1-s1", LAST_WEEK)
    seed(data, config, "rf-w1-s2", LAST_WEEK + timedelta(days=2))
    seed(data, config, "rf-w2-s1", MONDAY, backward=12 * 60)
    seed(data, config, "ladder", MONDAY + timedelta(days=2), backward=8 * 60)
    seed(data, config, "rf-w2-s2", MONDAY + timedelta(days=2), simulated=True)
    return harness(config, data)


SIZES = pytest.mark.parametrize("size", [SIZE, NARROW], ids=["80x24", "60x20"])


@SIZES
def test_home_up_next_and_weekly_bar(snap_compare, seeded, size) -> None:
    async def ready(pilot) -> None:
        await settle(pilot)
        assert isinstance(seeded.app.screen, HomeScreen)
        assert seeded.app.screen.up_next_id == "rf-w2-s2"

    assert snap_compare(seeded.app, terminal_size=size, run_before=ready)


@SIZES
def test_plan_screen(snap_compare, seeded, size) -> None:
    async def ready(pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(seeded.app.screen, PlanScreen)

    assert snap_compare(seeded.app, terminal_size=size, run_before=ready)


def test_guide_question(snap_compare, seeded) -> None:
    async def ready(pilot) -> None:
        await settle(pilot)
        await pilot.press("u")  # 12 backward minutes on top of 20: past 30
        await settle(pilot)  # the guide check reads the log on a thread worker
        assert isinstance(seeded.app.screen, ConfirmGuideScreen)

    assert snap_compare(seeded.app, terminal_size=SIZE, run_before=ready)


def test_settings_screen_with_a_refused_value(snap_compare, monkeypatch, tmp_path) -> None:
    user = Path("/home/runner/.config/retro-tui/config.toml")  # shown, never written
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: user)
    h = harness(load_config(), None)

    async def ready(pilot) -> None:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#setting-shoulder_check_every", Input)
        field.cursor_blink = False
        field.focus()
        field.value = ""
        await pilot.press(*"5 minutes")
        await pilot.pause()
        assert screen.errors

    assert snap_compare(h.app, terminal_size=SIZE, run_before=ready)


def test_settings_screen_60x20(snap_compare, monkeypatch) -> None:
    user = Path("/home/runner/.config/retro-tui/config.toml")  # shown, never written
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: user)
    h = harness(load_config(), None)

    async def ready(pilot) -> None:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(h.app.screen, SettingsScreen)

    assert snap_compare(h.app, terminal_size=NARROW, run_before=ready)
