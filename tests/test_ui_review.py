"""Pilot tests of the review UI: the summary's RPE and notes, history, detail, delete.

The log is a real SQLite file in tmp_path, seeded through the Store API with
fixed dates (see test_ui_review_support.seed); local time is UTC here.
Workers are waited for (`settle`), never slept on.
"""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest
from test_ui_review_support import (
    NOW,
    TODAY,
    add_session,
    at,
    pin_today,
    review_config,
    seed,
    settle,
    utc_local_time,
)
from test_ui_support import Harness
from textual.widgets import DataTable, Input, Static

from retro_tui.core.config import load_config
from retro_tui.core.store import Store
from retro_tui.core.week import minutes_text, weekly_totals
from retro_tui.ui.screens import ChecklistScreen, HomeScreen, SummaryScreen
from retro_tui.ui.screens.history import ConfirmDeleteScreen, HistoryScreen, open_history
from retro_tui.ui.screens.session_detail import SessionDetailScreen
from retro_tui.ui.screens.summary import CURIOSITIES, curiosity
from retro_tui.ui.widgets import CueBanner, WeekBar
from retro_tui.ui.widgets.weekly_chart import WeeklyChart, chart_lines

SIZE = (80, 24)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cells(table: DataTable, key: str) -> list[str]:
    return [str(c) for c in table.get_row(key)]


@pytest.fixture(autouse=True)
def utc():
    with utc_local_time():
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seeded(data_dir: Path) -> dict[str, int]:
    return seed(data_dir)


# --- the summary: RPE, notes, hold advice, curiosity ------------------------------------


async def finish_session(h: Harness, pilot, stumbles: int = 0) -> SummaryScreen:
    await settle(h.app, pilot)  # the guide check (a thread worker), then the checklist
    await pilot.press("enter")  # the checklist
    await pilot.pause()
    h.run_to(22)
    for _ in range(stumbles):
        await pilot.press("s")  # logs a near-fall and pauses
        await pilot.press("space")
    h.run_to(10_000)
    await settle(h.app, pilot)
    screen = h.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


async def test_rpe_and_notes_are_saved_to_the_log(tmp_path: Path, data_dir: Path) -> None:
    h = Harness(review_config(tmp_path), workout="short", data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot)
        session_id = screen.summary.session_id
        assert session_id is not None
        assert "1–9, 0 = 10" in text_of(screen, "#summary-saved")
        await pilot.press("7")
        await settle(h.app, pilot)
        assert "Saved: RPE 7" in text_of(screen, "#summary-saved")
        assert h.app.log_store().get_session(session_id).rpe == 7
        # notes: n focuses the field; q and digits are typed, not keys
        await pilot.press("n")
        notes = screen.query_one("#summary-notes", Input)
        assert notes.has_focus
        await pilot.press(*"q 10 easy")
        assert h.app.screen is screen
        assert notes.value == "q 10 easy"
        assert screen.rpe == 7
        assert "Saved" not in text_of(screen, "#summary-saved")  # changed, not yet saved
        await pilot.press("enter")
        await settle(h.app, pilot)
        assert text_of(screen, "#summary-saved") == "✓ Saved: RPE 7 and notes."
        assert not notes.has_focus  # back on the table: keys work again
        await pilot.press("0")
        await settle(h.app, pilot)
        detail = h.app.log_store().get_session(session_id)
        assert (detail.rpe, detail.notes) == (10, "q 10 easy")
        assert "Saved: RPE 10" in text_of(screen, "#summary-saved")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
    with Store.open(data_dir) as store:
        detail = store.get_session(session_id)
        assert (detail.rpe, detail.notes) == (10, "q 10 easy")


@pytest.mark.parametrize("leave", ["escape", "ctrl+q"])
async def test_notes_not_yet_saved_are_saved_on_leaving(
    tmp_path: Path, data_dir: Path, leave: str
) -> None:
    h = Harness(review_config(tmp_path), workout="short", data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot)
        session_id = screen.summary.session_id
        await pilot.press("4", "n", *"sore calf")
        await pilot.press(leave)  # Escape leaves even from the notes field
        await settle(h.app, pilot)
        if leave == "escape":
            assert isinstance(h.app.screen, HomeScreen)
    with Store.open(data_dir) as store:
        detail = store.get_session(session_id)
        assert (detail.rpe, detail.notes) == (4, "sore calf")


async def test_without_a_log_the_summary_says_nothing_is_saved(tmp_path: Path) -> None:
    h = Harness(review_config(tmp_path), workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot)
        await pilot.press("5")
        await settle(h.app, pilot)
        assert screen.rpe == 5
        assert "not saved" in text_of(screen, "#summary-saved")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)


async def test_two_stumbles_in_a_programme_session_suggest_repeating_the_week(
    tmp_path: Path,
) -> None:
    h = Harness(review_config(tmp_path), workout="prog")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot, stumbles=2)
        assert screen.summary.stumbles == 2
        hold = screen.query_one("#summary-hold", Static)
        assert hold.display
        assert str(hold.render()) == "Two near-falls last time: repeat week 3 before moving on."


@pytest.mark.parametrize(
    ("workout", "stumbles", "advice"), [("prog", 1, ""), ("short", 3, "Three")]
)
async def test_hold_advice_needs_two_stumbles_and_outside_the_programme_names_the_workout(
    tmp_path: Path, workout: str, stumbles: int, advice: str
) -> None:
    h = Harness(review_config(tmp_path), workout=workout)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot, stumbles=stumbles)
        hold = screen.query_one("#summary-hold", Static)
        assert hold.display == bool(advice)
        if advice:
            assert str(hold.render()).startswith("Three near-falls: repeat this workout")


async def test_the_curiosity_corner_rotates_from_session_to_session(
    tmp_path: Path, data_dir: Path
) -> None:
    assert len({curiosity(i) for i in range(len(CURIOSITIES))}) == len(CURIOSITIES)
    assert any("2:16:03" in c for c in CURIOSITIES) and any("3:43:39" in c for c in CURIOSITIES)
    assert any("30%" in c for c in CURIOSITIES)
    h = Harness(review_config(tmp_path), workout="short", data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await finish_session(h, pilot)
        assert text_of(screen, "#summary-fact") == curiosity(screen.summary.session_id)
        assert curiosity(1) != curiosity(2)


# --- history ------------------------------------------------------------------------------


async def open_seeded_history(h: Harness, pilot) -> HistoryScreen:
    await pilot.pause()
    pin_today(h.app)
    h.app.push_screen(HistoryScreen(h.app.screen_context))
    await settle(h.app, pilot)
    screen = h.app.screen
    assert isinstance(screen, HistoryScreen) and screen.loaded
    return screen


async def test_history_lists_sessions_newest_first(tmp_path, data_dir, seeded) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_seeded_history(h, pilot)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == len(seeded)
        keys = [row.key.value for row in table.ordered_rows]
        newest_first = sorted(seeded.values(), key=lambda i: -i)  # seeded in date order
        assert keys == [str(i) for i in newest_first]
        assert cells(table, str(seeded["detail"])) == [
            str(seeded["detail"]),  # the id the CLI's show and export take
            "2026-11-23 16:40",
            "Retro ladder",
            "completed",
            "12:30",
            "2:00",
            "7",
        ]
        assert cells(table, str(seeded["simulated"]))[3] == "sim completed"
        assert cells(table, str(seeded["stopped"]))[2:4] == ["Retro ladder", "stopped"]
        assert cells(table, str(seeded["interrupted"]))[3] == "interrupted"
        assert cells(table, str(seeded["big2"]))[-1] == ""  # no RPE given
        title = text_of(screen, "#history-title")
        assert "8 sessions" in title and "simulated" in title
        assert table.cursor_row == 0 and table.has_focus


async def test_history_at_60_columns_keeps_backward_and_rpe(tmp_path, data_dir, seeded) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=(60, 20)) as pilot:
        screen = await open_seeded_history(h, pilot)
        table = screen.query_one("#history-table", DataTable)
        assert [str(c.label) for c in table.ordered_columns] == [
            "ID",
            "Date",
            "Workout",
            "Status",
            "Backward",
            "RPE",
        ]
        assert cells(table, str(seeded["detail"])) == [
            str(seeded["detail"]),
            "11-23 16:40",
            "Retro ladder",
            "completed",
            "2:00",
            "7",
        ]
        total = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert total <= 58  # 60 columns, less a scrollbar: nothing cut off


async def test_a_short_table_still_charts_every_week(tmp_path, data_dir, seeded) -> None:
    """The table reads only its rows; the chart pages on through its 12 weeks."""
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pin_today(h.app)
        h.app.push_screen(HistoryScreen(h.app.screen_context, limit=2))
        await settle(h.app, pilot)
        screen = h.app.screen
        assert isinstance(screen, HistoryScreen) and screen.loaded
        assert screen.query_one("#history-table", DataTable).row_count == 2
        with Store.open(data_dir) as store:
            expected = weekly_totals(store.list_sessions(limit=None), 12, now=NOW, tz=UTC)
        chart = screen.query_one("#history-chart", WeeklyChart)
        assert chart.weeks == [(w.start, w.backward_min) for w in expected]


async def test_history_chart_shows_twelve_weeks_against_the_guide(
    tmp_path, data_dir, seeded
) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_seeded_history(h, pilot)
        chart = screen.query_one("#history-chart", WeeklyChart)
        assert chart.display and chart.size.height == 7
        assert chart.guide == 30.0  # settings.weekly_backward_minutes
        with Store.open(data_dir) as store:
            expected = weekly_totals(store.list_sessions(limit=None), 12, now=NOW, tz=UTC)
        assert chart.weeks == [(w.start, w.backward_min) for w in expected]
        minutes = dict(chart.weeks)
        assert len(chart.weeks) == 12 and chart.weeks[-1][0].isoformat() == "2026-11-23"
        assert minutes[TODAY.replace(day=16)] == 33.0  # 20 + 13: over the guide
        assert minutes[TODAY.replace(day=9)] == 0.0  # only the simulated session
        rendered = chart.render().plain  # what the widget draws at its size
        assert len(rendered.splitlines()) == 7
        assert "30┤╌" in rendered and "33" in rendered and "23 Nov" in rendered
        assert "guide 30 min" in text_of(screen, "#history-chart-title")


async def test_enter_opens_the_detail_and_escape_or_q_come_back(tmp_path, data_dir, seeded) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        history = await open_seeded_history(h, pilot)
        await pilot.press("down")  # the 23 November session
        await pilot.press("enter")
        await settle(h.app, pilot)
        detail = h.app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert detail.session_id == seeded["detail"]
        assert "Retro ladder · 2026-11-23 16:40 · completed" in text_of(detail, "#detail-title")
        assert text_of(detail, "#detail-totals") == (
            "Active 12:30 of 12:30 · backward 2:00 of 2:00 · paused 0:30"
        )
        counts = text_of(detail, "#detail-counts")
        assert counts == "Laps 4 · stumbles 2 (at 6:22, 6:23) · RPE 7"
        assert text_of(detail, "#detail-cues") == (
            "Cues: shoulder checks 4 · form 1 · step calls 6 · countdown 15 · finish 1"
        )
        assert "Calves tired" in text_of(detail, "#detail-review")
        steps = detail.query_one("#detail-steps", DataTable)
        assert steps.row_count == 6
        assert cells(steps, "2") == ["3", "Run backwards", "0:30", "0:30", "", "0:14.5 0:15.3"]
        assert cells(steps, "3") == ["4", "Rest", "0:30", "0:15", "skipped", ""]
        events = detail.query_one("#detail-events", DataTable)
        rows = [[str(c) for c in events.get_row_at(i)] for i in range(events.row_count)]
        assert rows[0] == ["-0:10", "get ready", "Get ready"]
        assert ["6:22", "STUMBLE", "step 3"] in rows
        assert ["6:14", "lap", "step 3 lap 0:14.5"] in rows
        assert ["6:20", "cue", "shoulder left: Check over your left shoulder"] in rows
        assert ["6:45", "skip", "step 4"] in rows
        await pilot.press("tab")
        assert events.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert h.app.screen is history
        await pilot.press("enter")
        await settle(h.app, pilot)
        assert isinstance(h.app.screen, SessionDetailScreen)
        await pilot.press("q")
        await pilot.pause()
        assert h.app.screen is history


async def test_d_deletes_after_confirmation_and_n_or_escape_keep(
    tmp_path, data_dir, seeded
) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        history = await open_seeded_history(h, pilot)
        table = history.query_one("#history-table", DataTable)
        await pilot.press("down", "down")  # 18 November
        target = seeded["big2"]
        assert history.selected is not None and history.selected.id == target
        for cancel in ("n", "escape"):
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(h.app.screen, ConfirmDeleteScreen)
            assert "2026-11-18 18:00 · Foundations 1.1" in text_of(h.app.screen, "#confirm-what")
            await pilot.press(cancel)
            await settle(h.app, pilot)
            assert h.app.screen is history
            assert table.row_count == len(seeded)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(h.app, pilot)
        assert h.app.screen is history
        assert table.row_count == len(seeded) - 1
        assert str(target) not in [row.key.value for row in table.ordered_rows]
        assert table.cursor_row == 2  # the next older session is highlighted
        assert history.selected is not None and history.selected.id == seeded["big"]
        assert h.app.log_store().get_session(target) is None
        assert "7 sessions" in text_of(history, "#history-title")
        assert dict(history.query_one(WeeklyChart).weeks)[TODAY.replace(day=16)] == 20.0


async def test_escape_and_q_leave_history(tmp_path, data_dir, seeded) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        for key in ("escape", "q"):
            await open_seeded_history(h, pilot)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(h.app.screen, HomeScreen)


async def test_open_history_pushes_the_screen(tmp_path, data_dir, seeded) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        open_history(h.app)
        await settle(h.app, pilot)
        assert isinstance(h.app.screen, HistoryScreen)
        assert h.app.screen.query_one("#history-table", DataTable).row_count == len(seeded)


async def test_an_empty_log_says_how_to_start(tmp_path, data_dir) -> None:
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_seeded_history(h, pilot)
        message = screen.query_one("#history-message", Static)
        assert message.display
        assert str(message.render()) == "No sessions yet: start one from home."
        assert not screen.query_one("#history-table").display
        assert not screen.query_one("#history-chart").display
        await pilot.press("enter", "d")  # nothing to open or delete
        await pilot.pause()
        assert h.app.screen is screen


async def test_a_log_that_cannot_be_opened_is_said_plainly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "sessions.db").write_text("not a database", encoding="utf-8")
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_seeded_history(h, pilot)
        assert h.app.store_error and "not an SQLite database" in h.app.store_error
        message = str(screen.query_one("#history-message", Static).render())
        assert message.startswith("The session log cannot be opened: ")
        assert "not an SQLite database" in message
        assert not screen.query_one("#history-table").display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
    assert (data_dir / "sessions.db").read_text(encoding="utf-8") == "not a database"


async def test_history_without_a_data_dir(tmp_path: Path) -> None:
    h = Harness(review_config(tmp_path))
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_seeded_history(h, pilot)
        assert "cannot be opened: no data folder" in str(
            screen.query_one("#history-message", Static).render()
        )


def test_chart_lines_fill_the_size_and_mark_weeks_over_the_guide() -> None:
    from datetime import date, timedelta

    weeks = [(date(2026, 9, 7) + timedelta(weeks=i), m) for i, m in enumerate([0, 12, 44, 0.2])]
    lines = chart_lines(weeks, 30.0, 40, 6)
    assert len(lines) == 6
    assert all(len(line.plain) <= 40 for line in lines)
    plain = [line.plain for line in lines]
    assert plain[-1].split() == ["7", "Sep", "14", "Sep", "21", "Sep", "28", "Sep"]
    assert "44" in plain[0] and "<1" in "".join(plain) and "12" in "".join(plain)
    guide_row = next(p for p in plain if p.lstrip().startswith("30"))
    assert "╌" in guide_row
    over = [s.style for line in lines for s in line.spans if "ff8f5f" in str(s.style)]
    assert over  # the 44-minute week is drawn in the warning colour


# --- the chart and home agree on "this week" --------------------------------------------


async def test_homes_this_week_is_the_last_bar_of_the_history_chart(
    tmp_path, data_dir, seeded
) -> None:
    """Both count with the app's now and zone (here UTC+9, the system's is UTC)."""
    with Store.open(data_dir) as store:  # Sunday evening in UTC: Monday morning at UTC+9
        add_session(store, at(22, 11, 20, 0), backward_s=300.0)
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    pin_today(h.app, timezone(timedelta(hours=9)))
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(h.app, pilot)
        home = h.app.screen
        assert isinstance(home, HomeScreen)
        minutes = home.query_one("#home-week", WeekBar).minutes
        assert minutes > 5  # the Sunday-in-UTC session is in this week at UTC+9
        await pilot.press("h")
        await settle(h.app, pilot)
        history = h.app.screen
        assert isinstance(history, HistoryScreen)
        chart = history.query_one("#history-chart", WeeklyChart)
        monday, last_bar = chart.weeks[-1]
        assert monday == TODAY.replace(day=23)
        assert last_bar == pytest.approx(minutes)
        shown = minutes_text(minutes)  # one rounding on both screens
        assert f"this week {shown} " in text_of(history, "#history-chart-title")
        assert home.query_one("#home-week", WeekBar).value_text.startswith(f"{shown} of ")


def test_backward_minutes_have_one_rounding() -> None:
    assert [minutes_text(m) for m in (0, 0.1, 0.49, 0.5, 9.6, 12.5, 29.4)] == [
        "0",
        "<1",
        "<1",
        "1",
        "10",
        "13",
        "29",
    ]


# --- the runner's own text is never read as markup -----------------------------------------

NAME = "Hard [/] day [bold"
DESCRIPTION = "[b]Not bold[/b] and [/] no tag"
MARKUP_CONFIG = """
[settings]
get_ready = "5s"
voice = "beeps"

[[workouts]]
id = "hard"
name = "Hard [/] day [bold"
description = "[b]Not bold[/b] and [/] no tag"
steps = [
  { warmup = "20s", note = "[red]x" },
  { run = "30s", note = "[/] tall [bold" },
  { cooldown = "20s" },
]

[[workouts]]
id = "prog"
name = "Week [/] one: [bold jogs"
program = "retro-foundations"
week = 1
session = 1
steps = [ { warmup = "20s" }, { run = "30s" }, { cooldown = "20s" } ]
"""


async def test_markup_in_names_and_notes_is_shown_literally_on_every_screen(
    tmp_path: Path, data_dir: Path
) -> None:
    folder = tmp_path / "cfg [b] [bold"  # "Saves to PATH" on the settings screen
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(MARKUP_CONFIG, encoding="utf-8")
    h = Harness(load_config(path), data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(h.app, pilot)
        home = h.app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#workouts", DataTable)
        assert cells(table, "hard")[0] == NAME
        table.move_cursor(row=table.get_row_index("hard"), animate=False)  # grouped rows
        await pilot.pause()
        assert text_of(home, "#home-description") == DESCRIPTION
        assert "— Week [/] one (" in text_of(home, "#home-plan")
        await pilot.press("p")
        await settle(h.app, pilot)
        plan = h.app.screen
        assert cells(plan.query_one("#plan-table", DataTable), "prog")[2] == (
            "Week [/] one: [bold jogs"
        )
        assert "— Week [/] one (" in text_of(plan, "#plan-next")
        await pilot.press("escape")
        await pilot.press("s")
        await pilot.pause()
        assert text_of(h.app.screen, "#settings-where") == f"Saves to {path}"
        await pilot.press("escape")
        await settle(h.app, pilot)

        await pilot.press("enter")  # the highlighted workout
        await settle(h.app, pilot)
        checklist = h.app.screen
        assert isinstance(checklist, ChecklistScreen)
        assert text_of(checklist, "#checklist-title") == f"Before you start: {NAME}"
        await pilot.press("enter")
        await pilot.pause()
        live = h.live
        assert text_of(live, "#live-title") == f"{NAME} · step 1/3"
        h.run_to(2)  # the warm-up: its call (with the note) is on the banner
        await pilot.pause()
        assert text_of(live, "#live-note") == "[red]x"
        assert "[red]x" in str(live.query_one(CueBanner).render())
        assert text_of(live, "#live-next") == "Next: Run backwards 0:30 · [/] tall [bold"
        h.run_to(25)
        await pilot.pause()
        assert text_of(live, "#live-note") == "[/] tall [bold"
        assert "[/] tall [bold" in str(live.query_one(CueBanner).render())
        h.run_to(10_000)
        await settle(h.app, pilot)

        summary = h.app.screen
        assert isinstance(summary, SummaryScreen)
        session_id = summary.summary.session_id
        assert text_of(summary, "#summary-title") == NAME
        assert text_of(summary, "#summary-status").startswith("Workout complete.")
        await pilot.press("n")
        summary.query_one("#summary-notes", Input).value = "[/] ok [bold"
        await pilot.press("enter")
        await settle(h.app, pilot)
        assert summary.saved == (None, "[/] ok [bold")
        await pilot.press("escape")
        await settle(h.app, pilot)

        await pilot.press("h")
        await settle(h.app, pilot)
        history = h.app.screen
        assert isinstance(history, HistoryScreen)
        assert cells(history.query_one("#history-table", DataTable), str(session_id))[2] == NAME
        await pilot.press("enter")
        await settle(h.app, pilot)
        detail = h.app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert text_of(detail, "#detail-title").startswith(f"{NAME} · ")
        assert text_of(detail, "#detail-review") == "Notes: [/] ok [bold"
        events = detail.query_one("#detail-events", DataTable)
        texts = [str(events.get_row_at(i)[2]) for i in range(events.row_count)]
        assert any("[red]x" in text for text in texts)
