"""Pilot tests of issue 6 in the app: home's "up next" and weekly bar, the plan
screen, the weekly-guide question before a start, and the settings screen.

The log is a real Store in tmp_path, seeded through its API; "now" is pinned
(a Thursday) so that "this week" does not depend on the day the tests run.
"""

from __future__ import annotations

import os
import sys
import threading
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_ui_support import Harness, test_config
from textual.widgets import Button, DataTable, Input, Select, Static, Switch

from retro_tui.core.config import load_config
from retro_tui.core.settings import SETTING_KEYS, Settings, validate_setting
from retro_tui.core.store import Store
from retro_tui.core.timeline import compile_timeline
from retro_tui.ui.screens import (
    ChecklistScreen,
    ConfirmDiscardScreen,
    ConfirmGuideScreen,
    HomeScreen,
    PlanScreen,
    SettingsScreen,
)
from retro_tui.ui.screens.home import HISTORY_MODULE
from retro_tui.ui.widgets import WeekBar

SIZE = (80, 24)
NOW = datetime(2025, 6, 12, 18, 0, tzinfo=UTC)  # a Thursday; the week began Monday 9 June
MONDAY = datetime(2025, 6, 9, 7, 0, tzinfo=UTC)
LAST_WEEK = datetime(2025, 6, 3, 7, 0, tzinfo=UTC)


# --- helpers ---------------------------------------------------------------------


def backward_s(config, workout_id: str) -> float:
    return compile_timeline(config.workouts[workout_id], config.settings).backward_s


def seed(
    data_dir: Path,
    config,
    workout_id: str,
    started_at: datetime,
    *,
    fraction: float = 1.0,
    backward: float | None = None,
    simulated: bool = False,
    stumbles: int = 0,
    status: str = "completed",
) -> int:
    """One finished session in the log, written through the Store API."""
    workout = config.workouts[workout_id]
    timeline = compile_timeline(workout, config.settings)
    done = timeline.backward_s * fraction if backward is None else backward
    with Store.open(data_dir) as store:
        session_id = store.begin_session(
            workout=workout_id,
            name=workout.name,
            planned_s=timeline.total_s,
            backward_planned_s=timeline.backward_s,
            simulated=simulated,
            started_at=started_at,
            steps=[],
        )
        for n in range(stumbles):
            store.log_event(session_id, 60.0 + n, "stumble")
        store.finish_session(
            session_id,
            status=status,
            ended_at=started_at + timedelta(seconds=timeline.total_s),
            active_s=timeline.total_s,
            paused_s=0.0,
            backward_s=done,
        )
    return session_id


def harness(config, data_dir: Path | None, **kwargs: Any) -> Harness:
    h = Harness(config, data_dir=data_dir, **kwargs)
    h.app.now = lambda: NOW
    h.app.tz = UTC
    return h


async def settle(pilot) -> None:
    """Let the thread workers (log reads, saves) finish and their results show."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def plan_rows(screen: PlanScreen) -> dict[str, str]:
    """workout id -> the status cell ("✓ done", "▶ next", "· ahead")."""
    table = screen.query_one("#plan-table", DataTable)
    return {
        str(key.value): str(table.get_row(key)[-1])
        for key in (row.key for row in table.ordered_rows)
    }


@pytest.fixture
def shipped(tmp_path: Path):
    """The shipped config (it has the programme), and an empty data dir."""
    return load_config(), tmp_path / "data"


# --- home: up next, the weekly bar, the hold, the recovery notice ----------------------


async def test_home_shows_up_next_and_this_weeks_minutes_from_the_log(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w1-s1", LAST_WEEK)  # done, but last week
    seed(data, config, "rf-w1-s2", MONDAY, fraction=0.8)  # done (80%), this week
    seed(data, config, "rf-w2-s1", MONDAY + timedelta(days=1), simulated=True)  # never counts
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = h.app.screen
        assert isinstance(home, HomeScreen)
        line = text_of(home, "#home-plan")
        assert line.startswith("Up next: Week 2, session 1 — Foundations 2.1 (12 backward min)")
        week_min = backward_s(config, "rf-w1-s2") * 0.8 / 60  # 9.6
        bar = home.query_one("#home-week", WeekBar)
        assert bar.minutes == pytest.approx(week_min)
        assert bar.value_text == "10 of 30 backward min"  # whole minutes, as history
        assert not bar.has_class("-over")
        assert not home.query_one("#home-hold").display
        # u starts the session up next, whatever row the cursor is on
        await pilot.press("down", "down", "u")
        await settle(pilot)  # the guide check reads the log on a thread worker
        assert isinstance(h.app.screen, ChecklistScreen)
        assert h.app.screen.workout.id == "rf-w2-s1"


async def test_home_holds_the_week_after_two_stumbles(shipped) -> None:
    config, data = shipped
    for workout_id in ("rf-w1-s1", "rf-w1-s2", "rf-w2-s1"):
        seed(data, config, workout_id, LAST_WEEK)
    seed(data, config, "rf-w2-s2", MONDAY, stumbles=2)
    seed(data, config, "rf-w1-s1", MONDAY - timedelta(days=3), simulated=True, stumbles=5)
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = h.app.screen
        hold = text_of(home, "#home-hold")
        assert hold == "Two near-falls last time: repeat week 2 before moving on"
        assert home.query_one("#home-hold").display
        # up next suggests the held week's first session, and u starts it
        assert "Week 2, session 1" in text_of(home, "#home-plan")
        await pilot.press("u")
        await settle(pilot)
        assert h.app.screen.workout.id == "rf-w2-s1"


async def test_home_tells_of_a_session_closed_as_interrupted(shipped) -> None:
    config, data = shipped
    crashed = seed(data, config, "ladder", MONDAY)

    class RecoveringStore:
        """The real log, reporting one session a crash left open."""

        def __init__(self, store: Store) -> None:
            self.store = store

        def recover_interrupted(self) -> list[int]:
            return [crashed]

        def __getattr__(self, name: str) -> Any:
            return getattr(self.store, name)

    h = harness(config, data)
    h.app.store_factory = lambda d: RecoveringStore(Store.open(d))
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notice = text_of(h.app.screen, "#home-notice")
        assert notice == (
            f"Closed session {crashed} as interrupted: a crash or a flat battery; "
            "it is in your history."
        )
        assert h.app.recovered_told  # the live screen will not say it again


async def test_home_reads_the_plan_again_after_a_session(tmp_path: Path) -> None:
    """Back on home after the summary, this week's minutes include the new session."""
    config = test_config(tmp_path)
    h = Harness(config, data_dir=tmp_path / "data")  # the real clock: the session is "now"
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = h.app.screen
        assert home.query_one("#home-week", WeekBar).minutes == 0
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(10_000)
        await pilot.pause()
        await pilot.press("escape")  # the summary
        await settle(pilot)
        assert h.app.screen is home
        (summary,) = h.app.summaries
        assert summary.backward_s > 0
        minutes = home.query_one("#home-week", WeekBar).minutes
        assert minutes == pytest.approx(summary.backward_s / 60)


async def test_h_opens_history_when_there_is_one_and_says_so_when_not(shipped, monkeypatch) -> None:
    config, _ = shipped
    opened: list[Any] = []
    fake = type(sys)("fake_history")
    fake.open_history = opened.append  # type: ignore[attr-defined]
    h = harness(config, None)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setitem(sys.modules, HISTORY_MODULE, None)  # not written yet
        await pilot.press("h")
        await pilot.pause()
        assert "History is not available" in text_of(h.app.screen, "#home-notice")
        monkeypatch.setitem(sys.modules, HISTORY_MODULE, fake)
        await pilot.press("h")
        await pilot.pause()
        assert opened == [h.app]
        assert not h.app.screen.query_one("#home-notice").display


# --- the plan screen ---------------------------------------------------------------


async def test_plan_screen_shows_done_next_and_ahead(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w1-s1", LAST_WEEK)
    seed(data, config, "rf-w1-s2", MONDAY, status="stopped", fraction=0.9)  # counts
    seed(data, config, "rf-w2-s1", LAST_WEEK, fraction=0.5)  # too little
    seed(data, config, "rf-w2-s2", MONDAY, simulated=True)  # never counts
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = h.app.screen
        assert isinstance(screen, PlanScreen)
        rows = plan_rows(screen)
        assert len(rows) == 20
        assert rows["rf-w1-s1"] == "✓ done"
        assert rows["rf-w1-s2"] == "✓ done"
        assert rows["rf-w2-s1"] == "▶ next"
        assert rows["rf-w2-s2"] == "· ahead"
        assert all(rows[k] == "· ahead" for k in rows if k.split("-")[1] not in ("w1", "w2"))
        # the next session is highlighted: the cursor starts on it, in its colour
        assert screen.selected_id == "rf-w2-s1"
        table = screen.query_one("#plan-table", DataTable)
        assert table.get_row("rf-w2-s1")[-1].style == "bold yellow"
        assert table.get_row("rf-w1-s1")[-1].style == "green"
        assert text_of(screen, "#plan-title") == "Retro foundations: 2 of 20 sessions done"
        week_min = backward_s(config, "rf-w1-s2") * 0.9 / 60
        assert screen.query_one("#plan-week", WeekBar).minutes == pytest.approx(week_min)
        # Enter starts the highlighted session; Escape (then q) goes back
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)
        assert h.app.screen.workout.id == "rf-w3-s1"
        await pilot.press("escape")
        await settle(pilot)
        assert h.app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)


async def test_plan_screen_shows_the_hold(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w1-s1", MONDAY, stumbles=3)
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        hold = text_of(h.app.screen, "#plan-hold")
        assert hold == "Three near-falls last time: repeat week 1 before moving on"


# --- the weekly guide before a start ---------------------------------------------------


async def test_passing_the_weekly_guide_asks_first_y_starts_n_does_not(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w3-s1", MONDAY, backward=25 * 60)  # 25 of 30 minutes done
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")  # week 1, session 1: 10 backward minutes -> 35
        await settle(pilot)
        modal = h.app.screen
        assert isinstance(modal, ConfirmGuideScreen)
        assert "the coaching guide is 10–15 minutes a couple of times a week" in modal.warning
        assert "adds 10 backward minutes to the 25" in modal.warning
        assert "You can still go ahead" in modal.warning
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(h.app.screen, HomeScreen) and h.app.current_run is None
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(h.app.screen, HomeScreen)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)
        assert h.app.screen.workout.id == "rf-w1-s1"


async def test_enter_on_the_guide_question_starts_too(shipped) -> None:
    config, data = shipped
    seed(data, config, "easy-retro-run", MONDAY, backward=31 * 60)  # already past it
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first workout, from the table
        await settle(pilot)
        modal = h.app.screen
        assert isinstance(modal, ConfirmGuideScreen)
        assert modal.warning.startswith("You have already done 31 backward minutes this week")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)


async def test_under_the_guide_there_is_no_question(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w3-s1", LAST_WEEK, backward=60 * 60)  # last week: no matter
    seed(data, config, "rf-w3-s2", MONDAY, backward=40 * 60, simulated=True)  # simulated
    h = harness(config, data)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert h.app.backward_minutes_this_week() == 0
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)


async def test_a_simulated_app_is_not_asked(shipped) -> None:
    config, data = shipped
    seed(data, config, "rf-w3-s1", MONDAY, backward=40 * 60)
    h = harness(config, data, speed=10)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(h.app.screen, ChecklistScreen)


async def test_the_guide_check_reads_the_log_on_a_worker_thread(shipped) -> None:
    """`run WORKOUT`: opening the log (and its recovery) and this week's minutes are
    read off the UI thread; the question shows once the worker is done."""
    config, data = shipped
    seed(data, config, "rf-w3-s1", MONDAY, backward=25 * 60)  # 25 + 10 > 30: a question
    calls: list[tuple[str, int]] = []

    class SpyStore:
        """The real store, noting the thread of every call."""

        def __init__(self, store: Store) -> None:
            self._store = store

        def __getattr__(self, name: str) -> Any:
            attr = getattr(self._store, name)
            if not callable(attr):
                return attr

            def call(*args: Any, **kwargs: Any) -> Any:
                calls.append((name, threading.get_ident()))
                return attr(*args, **kwargs)

            return call

    def store_factory(data_dir: Path) -> SpyStore:
        calls.append(("open", threading.get_ident()))
        return SpyStore(Store.open(data_dir))

    h = harness(config, data, workout="rf-w1-s1")
    h.app.store_factory = store_factory
    async with h.app.run_test(size=SIZE) as pilot:
        ui_thread = threading.get_ident()
        assert ui_thread == h.app._ui_thread  # run_test: the app runs on this thread
        await settle(pilot)
        assert isinstance(h.app.screen, ConfirmGuideScreen)
        assert h.app.screen.workout_name == config.workouts["rf-w1-s1"].name
        names = [name for name, _ in calls]
        assert "open" in names and "recover_interrupted" in names and "list_sessions" in names
        assert [name for name, thread in calls if thread == ui_thread] == []
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)


# --- settings ----------------------------------------------------------------------


USER_FILE = """\
# my settings and my own workout
[settings]
countdown = 2

[[workouts]]
id = "my-hill"
name = "My hill walk"
steps = [ { walk = "3min", note = "up the hill" }, { rest = "1min" } ]
"""


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch) -> Path:
    """A user config file with the user's own workout, where the app looks for it."""
    path = tmp_path / "user" / "config.toml"
    path.parent.mkdir()
    path.write_text(USER_FILE, encoding="utf-8")
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: path)
    return path


async def open_settings(h: Harness, pilot) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    screen = h.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot, screen: SettingsScreen, key: str, text: str) -> None:
    field = screen.query_one(f"#setting-{key}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


def save_button(screen: SettingsScreen) -> Button:
    return screen.query_one("#settings-save", Button)


async def test_settings_has_a_fitting_input_for_every_key(user_file) -> None:
    config = load_config(user_file)
    h = harness(config, None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        kinds = {}
        for key in SETTING_KEYS:
            widget = screen.query_one(f"#setting-{key}")
            kinds[key] = type(widget).__name__
        assert kinds["voice"] == kinds["first_shoulder"] == kinds["stereo"] == "Select"
        switches = ("treadmill", "checklist", "splits", "remote")
        assert all(kinds[k] == "Switch" for k in switches)
        assert all(
            kinds[k] == "Input"
            for k in SETTING_KEYS
            if k not in ("voice", "first_shoulder", "stereo", *switches)
        )
        assert screen.query_one("#setting-countdown", Input).value == "2"  # from the file
        assert screen.query_one("#setting-time_left", Input).value == "1min"  # a list, typed
        assert screen.query_one("#setting-checklist", Switch).value is True
        assert str(user_file) in text_of(screen, "#settings-where")


@pytest.mark.parametrize(
    ("key", "typed", "value"),
    [
        ("shoulder_check_every", "5 minutes", "5 minutes"),
        ("countdown", "11", 11),
        ("track_length", "5m", "5m"),
        ("weekly_backward_minutes", "lots", "lots"),
        ("pace_per_100m", "fast", "fast"),
    ],
)
async def test_an_invalid_value_shows_the_loaders_message_and_disables_save(
    user_file, key, typed, value
) -> None:
    with pytest.raises(ValueError) as refused:
        validate_setting(key, value)
    h = harness(load_config(user_file), None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        assert not save_button(screen).disabled
        await type_into(pilot, screen, key, typed)
        error = screen.query_one(f"#error-{key}", Static)
        assert error.display
        assert str(error.render()) == str(refused.value)
        assert save_button(screen).disabled
        assert "to fix before saving" in text_of(screen, "#settings-status")
        await pilot.press("ctrl+s")  # refused too: nothing written
        await settle(pilot)
        assert user_file.read_text(encoding="utf-8") == USER_FILE
        # fixing it enables Save again
        good = settings_text(key)
        await type_into(pilot, screen, key, good)
        assert not error.display
        assert not save_button(screen).disabled


def settings_text(key: str) -> str:
    return {
        "shoulder_check_every": "30s",
        "countdown": "5",
        "track_length": "200m",
        "weekly_backward_minutes": "45",
        "pace_per_100m": "1:05",
    }[key]


async def test_saving_writes_the_user_file_keeping_its_workouts(user_file) -> None:
    before = tomllib.loads(user_file.read_text(encoding="utf-8"))
    config = load_config(user_file)
    h = harness(config, None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "countdown", "5")
        await type_into(pilot, screen, "shoulder_check_every", "off")
        await type_into(pilot, screen, "pace_per_100m", "1:05")
        await type_into(pilot, screen, "weekly_backward_minutes", "45")
        screen.query_one("#setting-voice", Select).value = "beeps"
        screen.query_one("#setting-treadmill", Switch).value = True
        await pilot.pause()
        assert screen.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = text_of(screen, "#settings-status")
        assert status == f"Saved to {user_file}. The next session uses these settings."
        expected = Settings().with_values(
            countdown=5,
            shoulder_check_every=None,
            pace_per_100m=65.0,
            weekly_backward_minutes=45.0,
            voice="beeps",
            treadmill=True,
        )
        # reloading the file gives the same values, and the app uses them next time
        assert load_config(user_file).settings == expected
        assert h.app.config.settings == expected
        assert not screen.dirty
        after = tomllib.loads(user_file.read_text(encoding="utf-8"))
        assert after["workouts"] == before["workouts"]
        assert "my-hill" in h.app.config.workouts
        # back on home, the workouts' times follow the new pace
        await pilot.press("escape")
        await settle(pilot)
        home = h.app.screen
        assert isinstance(home, HomeScreen) and home.config is h.app.config


async def test_saving_goes_to_the_config_file_given(tmp_path: Path, user_file) -> None:
    """With --config FILE, the settings came from FILE: saving writes FILE, not the user file."""
    config = test_config(tmp_path)
    given = config.source
    assert given is not None
    workouts_before = tomllib.loads(given.read_text(encoding="utf-8"))["workouts"]
    h = harness(config, None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        assert str(given) in text_of(screen, "#settings-where")
        await type_into(pilot, screen, "get_ready", "15s")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert load_config(given).settings.get_ready == 15
    assert tomllib.loads(given.read_text(encoding="utf-8"))["workouts"] == workouts_before
    assert user_file.read_text(encoding="utf-8") == USER_FILE


async def test_a_crash_while_saving_leaves_the_old_file(user_file, monkeypatch) -> None:
    h = harness(load_config(user_file), None)

    def no_rename(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "countdown", "7")
        monkeypatch.setattr(os, "replace", no_rename)
        await pilot.press("ctrl+s")
        await settle(pilot)
        monkeypatch.undo()
        status = text_of(screen, "#settings-status")
        assert status == (
            f"Could not save to {user_file} (No space left on device): the file was left as it was."
        )
        assert h.app.screen is screen and h.app.is_running
        assert h.app.config.settings.countdown == 2
        assert not save_button(screen).disabled  # try again
    assert h.app.return_code in (None, 0)  # no traceback, no error exit
    assert user_file.read_text(encoding="utf-8") == USER_FILE
    assert sorted(p.name for p in user_file.parent.iterdir()) == ["config.toml"]


async def test_q_in_an_input_types_a_q_and_escape_asks_before_discarding(user_file) -> None:
    h = harness(load_config(user_file), None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "get_ready", "q")
        assert screen.query_one("#setting-get_ready", Input).value == "q"
        assert h.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, ConfirmDiscardScreen)
        await pilot.press("n")
        await pilot.pause()
        assert h.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        assert h.app.config.settings.get_ready == 10
    assert user_file.read_text(encoding="utf-8") == USER_FILE


async def test_escape_or_q_without_changes_goes_straight_back(user_file) -> None:
    h = harness(load_config(user_file), None)
    async with h.app.run_test(size=SIZE) as pilot:
        await open_settings(h, pilot)
        await pilot.press("q")  # the Select has focus: q is not typed anywhere
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(h.app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)


async def test_saved_settings_reach_the_next_session_only(tmp_path: Path, user_file) -> None:
    """A session already running keeps the settings it started with."""
    config = load_config(user_file)
    h = harness(config, None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        screen.query_one("#setting-checklist", Switch).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # no checklist now: straight to the live screen
        await pilot.pause()
        assert h.live.engine is not None
        assert h.app.config.settings.checklist is False
