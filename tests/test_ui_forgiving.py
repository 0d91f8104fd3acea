"""Issue 14 in the TUI: the palette's own commands, the theme remembered, keys that forgive,
the big clock and what the live screen does with a big terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_support import Harness, test_config

from retro_tui.core.config import load_config
from retro_tui.core.settings import SettingError, validate_setting
from retro_tui.ui import theme_memory
from retro_tui.ui.live_text import moment_text, short_notice
from retro_tui.ui.screens import HomeScreen, LiveScreen
from retro_tui.ui.widgets.big_text import big_lines, fit_scale, rows_at

SIZE = (80, 24)


async def _live(h: Harness, pilot) -> LiveScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(h.app.screen, LiveScreen)
    return h.app.screen


def test_big_digits_grow_with_the_room_and_fit_60x20() -> None:
    # the live screen's clock area at 160x45, 100x30 and 60x20 (see the snapshots)
    assert rows_at(fit_scale("0:00", 124, 27)) >= 9
    assert rows_at(fit_scale("0:00", 64, 12)) >= 5
    assert 3 <= rows_at(fit_scale("0:00", 58, 8)) <= 8
    lines = big_lines("0:30", 2)
    assert len(lines) == 5 and len({len(line) for line in lines}) == 1
    assert fit_scale("0:30", 10, 2) == 0  # no room: the widget shows the plain text


def test_the_shoulder_arrow_points_to_the_runners_left_as_they_face_the_screen() -> None:
    # Facing the laptop, the runner's left is the screen's left: ◀ (a screen is no mirror).
    assert moment_text("shoulder", "left", "Check over your left shoulder") == "◀ LEFT"
    assert moment_text("shoulder", "right", "Check over your right shoulder") == "RIGHT ▶"
    assert moment_text("countdown", None, "3") == "3"
    assert moment_text("form", None, "Stay tall") == ""


def test_a_notice_folds_to_its_first_clause() -> None:
    text = "Could not keep the laptop awake (no bus): keep the screen on yourself."
    assert short_notice(text) == "Could not keep the laptop awake"


async def test_the_palette_offers_start_plan_history_and_settings(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = h.app.screen
        assert isinstance(home, HomeScreen)
        commands = {c.title: c for c in h.app.get_system_commands(home)}
        for title in ("Start workout", "Plan", "History", "Settings"):
            assert title in commands
        commands["Plan"].callback()
        await pilot.pause()
        assert h.app.screen.id == "plan"


def test_theme_is_a_setting() -> None:
    assert validate_setting("theme", "nord") == "nord"
    for bad in ("", "Nord!", 3):
        try:
            validate_setting("theme", bad)
        except SettingError:
            continue
        raise AssertionError(f"{bad!r} accepted")


async def test_a_theme_picked_is_saved_and_used_next_time(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[settings]\nvoice = "beeps"  # my comment\n', encoding="utf-8")
    h = Harness(load_config(path))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        h.app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.pause()
        assert h.app.config.settings.theme == "nord"
        for _ in range(100):  # the save runs on a thread: wait for the file to say it
            if 'theme = "nord"' in path.read_text(encoding="utf-8"):
                break
            await pilot.pause(0.05)
    text = path.read_text(encoding="utf-8")
    assert 'theme = "nord"' in text and "# my comment" in text
    again = Harness(load_config(path))
    async with again.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.app.theme == "nord"


def test_an_unknown_theme_falls_back_to_the_default() -> None:
    class App:
        available_themes = {"textual-dark": object()}
        theme = "textual-dark"
        config = load_config()

    app = App()
    app.config = app.config.__class__(
        app.config.settings.with_values(theme="gone"), app.config.workouts
    )
    theme_memory.apply(app)
    assert app.theme == "textual-dark"


async def test_n_b_and_s_say_what_they_did_and_s_again_undoes(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path), workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await _live(h, pilot)
        h.run_to(25)
        await pilot.pause()
        banner = live.query_one("#live-banner")
        await pilot.press("n")
        await pilot.pause()
        assert banner.border_title == "Skipped: b to undo"
        await pilot.press("b")  # within 3 s of the skip: back to the step skipped
        await pilot.pause()
        assert banner.border_title == "Back to the previous step"
        h.clock.advance(4)
        await pilot.press("b")
        await pilot.pause()
        assert banner.border_title == "Restarted: b again for the previous step"
        await pilot.press("s")
        await pilot.pause()
        assert live.engine.stumbles == 1 and live.engine.state == "paused"
        await pilot.press("s")
        await pilot.pause()
        assert live.engine.stumbles == 0 and live.engine.state == "running"
        assert banner.border_title == "Stumble undone: not counted"


async def test_the_steps_ahead_show_beside_the_clock_on_a_wide_screen(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path), workout="short")
    async with h.app.run_test(size=(100, 30)) as pilot:
        live = await _live(h, pilot)
        h.run_to(25)
        await pilot.pause()
        side = live.query_one("#live-ahead")
        assert side.display and str(side.render()).startswith("Ahead")
        assert live.has_class("-tall") and live.query_one("#live-head").size.height == 3
    h = Harness(test_config(tmp_path), workout="short")
    async with h.app.run_test(size=(60, 20)) as pilot:
        live = await _live(h, pilot)
        assert not live.query_one("#live-ahead").display


# --- history: delete takes y alone; RPE and notes afterwards --------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seeded(data_dir: Path) -> dict[str, int]:
    from test_ui_review_support import seed

    return seed(data_dir)


async def test_enter_never_deletes_a_session_only_y_does(tmp_path, data_dir, seeded) -> None:
    from test_ui_review import open_seeded_history
    from test_ui_review_support import review_config, settle
    from textual.widgets import DataTable

    from retro_tui.ui.screens.history import ConfirmDeleteScreen

    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        history = await open_seeded_history(h, pilot)
        table = history.query_one("#history-table", DataTable)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(h.app.screen, ConfirmDeleteScreen)
        assert "y: delete" in str(h.app.screen.query_one("#confirm-keys").render())
        await pilot.press("enter")  # out of habit: nothing happens
        await settle(h.app, pilot)
        assert isinstance(h.app.screen, ConfirmDeleteScreen)
        assert table.row_count == len(seeded)
        await pilot.press("y")
        await settle(h.app, pilot)
        assert table.row_count == len(seeded) - 1


async def test_rpe_and_notes_of_a_past_session_from_history(tmp_path, data_dir, seeded) -> None:
    from test_ui_review import open_seeded_history
    from test_ui_review_support import review_config, settle

    from retro_tui.ui.screens.review_edit import ReviewEditScreen

    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        history = await open_seeded_history(h, pilot)
        target = history.selected
        assert target is not None
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(h.app.screen, ReviewEditScreen)
        h.app.screen.query_one("#review-rpe").value = "11"
        await pilot.press("enter")  # refused, said why, still open
        await pilot.pause()
        assert isinstance(h.app.screen, ReviewEditScreen)
        assert "1 (easy) to 10" in str(h.app.screen.query_one("#review-error").render())
        h.app.screen.query_one("#review-rpe").value = "7"
        h.app.screen.query_one("#review-notes").value = "windy, felt strong"
        await pilot.press("enter")
        await settle(h.app, pilot)
        assert h.app.screen is history
        detail = h.app.log_store().get_session(target.id)
        assert (detail.rpe, detail.notes) == (7, "windy, felt strong")
        assert history.selected is not None and history.selected.rpe == 7


async def test_notices_fold_into_one_short_line_after_they_were_shown(tmp_path: Path) -> None:
    h = Harness(
        test_config(tmp_path),
        workout="short",
        keep_awake_works=False,
        audio_notice="No sound device: cues fall back to the terminal bell.",
    )
    async with h.app.run_test(size=SIZE) as pilot:
        live = await _live(h, pilot)
        notice = live.query_one("#live-notice")
        assert "keep the screen on yourself" in str(notice.render())  # in full, at first
        h.run_to(10)  # 8 s and more on the clock: folded
        await pilot.pause()
        text = str(notice.render())
        assert notice.has_class("-folded") and notice.size.height == 1
        assert text.startswith("! No sound device") and "yourself" not in text


def test_own_workouts_lead_and_the_plan_is_grouped(tmp_path: Path) -> None:
    from retro_tui.ui.workout_list import OWN, SHIPPED, grouped, shipped_workouts

    config = test_config(tmp_path)  # adds its own "short" and friends to the shipped ones
    groups = grouped(config.workouts.values(), shipped_workouts(config.default_path))
    titles = [title for title, _ in groups]
    assert titles[:2] == [OWN, SHIPPED] and titles[2].startswith("Plan: ")
    assert "short" in [w.id for w in groups[0][1]]
    assert all(w.program for w in groups[2][1])
    found = grouped(config.workouts.values(), shipped_workouts(config.default_path), "lad")
    assert [[w.id for w in ws] for _, ws in found] == [["ladder"]]
