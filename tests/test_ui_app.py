"""Pilot tests of the Textual app: every key and screen transition.

The session runs on a fake clock (see test_ui_support.Harness.run_to), so
nothing here sleeps; one test at the end runs on the real clock to show the
cue timer fires cues by itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_ui_support import FakeClock, Harness, test_config
from textual.widgets import DataTable, Footer, Static

from retro_tui.core.config import load_config
from retro_tui.core.session import GET_READY, PAUSED, RUNNING
from retro_tui.core.timeline import TimelineStep, compile_timeline
from retro_tui.ui.live_text import kind_text
from retro_tui.ui.screens import (
    ChecklistScreen,
    ConfirmStopScreen,
    HomeScreen,
    LiveScreen,
    SummaryScreen,
)
from retro_tui.ui.widgets import CueBanner, TimeBar
from retro_tui.ui.widgets.big_text import BigText

SIZE = (80, 24)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def heard(h: Harness) -> list:
    """The plan's cues that reached audio (the get-ready call is not in the plan)."""
    assert not h.audio.cues or h.audio.cues[0].kind == "get_ready"
    return [c for c in h.audio.cues if c.kind != "get_ready"]


def digits_of(screen) -> str:
    return screen.query_one("#live-digits", BigText).value


async def open_live(h: Harness, pilot) -> LiveScreen:
    """From a run opened on a workout: pass the checklist, land on the live screen."""
    await pilot.pause()
    await h.app.workers.wait_for_complete()  # the guide check, when there is a log
    await pilot.pause()
    if isinstance(h.app.screen, ChecklistScreen):
        await pilot.press("enter")
        await pilot.pause()
    return h.live


@pytest.fixture
def config(tmp_path: Path):
    return test_config(tmp_path)


# --- home and checklist ------------------------------------------------------------


async def test_home_lists_every_workout_with_total_and_backward_time() -> None:
    config = load_config()
    ids = list(config.workouts)
    h = Harness(config)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        table = h.app.screen.query_one("#workouts", DataTable)
        titles = ["Workouts", "Plan: Retro foundations"]  # the shipped ones, then the plan
        assert table.row_count == len(config.workouts) + len(titles)
        assert [str(table.get_row_at(0)[0]), h.app.screen.selected_id] == [titles[0], ids[0]]
        row = table.get_row("ladder")
        assert [str(cell) for cell in row] == ["Retro ladder", "23:00", "7:00"]
        # the description and the preview follow the cursor
        await pilot.press("down")
        description = text_of(h.app.screen, "#home-description")
        assert description == config.workouts[ids[1]].description
        assert text_of(h.app.screen, "#home-preview").startswith("22:20 · 11:20 backwards")
        # End and Home move the highlight itself (not only the view)
        await pilot.press("end")
        assert h.app.screen.selected_id == ids[-1]
        await pilot.press("home")
        assert h.app.screen.selected_id == ids[0]


async def test_enter_on_home_opens_the_checklist_and_escape_comes_back(config) -> None:
    h = Harness(config)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, ChecklistScreen)
        items = [str(s.render()) for s in screen.query(".checklist-item")]
        assert any("Flat, even surface" in i for i in items)
        assert any("Clear space behind you" in i for i in items)
        assert any("spotter" in i.lower() for i in items)
        assert not any("safety clip" in i for i in items)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        assert h.app.current_run is None
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)


@pytest.mark.parametrize("key", ["enter", "space"])
async def test_enter_or_space_on_the_checklist_starts_the_session(config, key) -> None:
    h = Harness(config)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)
        await pilot.press(key)
        await pilot.pause()
        live = h.live
        assert live.engine.state == GET_READY
        assert digits_of(live) == "0:05"
        assert text_of(live, "#live-kind") == "GET READY"
        assert h.keep_awake.acquired == 1


async def test_treadmill_setting_adds_the_safety_clip(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path, "treadmill = true"), workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        items = [str(s.render()) for s in h.app.screen.query(".checklist-item")]
        assert any("safety clip" in i for i in items)


async def test_a_treadmill_workout_gets_the_treadmill_checklist_in_bullets(
    tmp_path: Path,
) -> None:
    path = tmp_path / "treadmill.toml"
    path.write_text(
        '[[workouts]]\nid = "treadmill-walk"\nname = "Treadmill walk"\n'
        'steps = [ { walk = "60s" } ]\n',
        encoding="utf-8",
    )
    h = Harness(load_config(path), workout="treadmill-walk")
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)
        items = [str(s.render()) for s in h.app.screen.query(".checklist-item")]
        assert any("safety clip" in i for i in items)
        assert all(i.startswith("• ") for i in items)
        assert not any("☐" in i for i in items)


async def test_checklist_off_goes_straight_to_the_live_screen(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path, "checklist = false"))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(h.app.screen, LiveScreen)


async def test_q_on_home_quits(config) -> None:
    h = Harness(config)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert h.app.return_value == 0
        assert not h.app.is_running


async def test_escape_on_home_does_nothing_but_end_a_filter(config) -> None:
    h = Harness(config)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert h.app.is_running and isinstance(h.app.screen, HomeScreen)
        home = h.app.screen
        await pilot.press("l", "a", "d")  # typing filters the list (l is no key of home)
        await pilot.pause()
        table = home.query_one("#workouts", DataTable)
        assert table.row_count == 1 and home.selected_id == "ladder"
        await pilot.press("escape")  # the filter goes, the whole list is back
        await pilot.pause()
        assert table.row_count > 1 and h.app.is_running
        await pilot.press("slash", "l", "a", "d", "enter")  # Enter starts the one found
        await pilot.pause()
        assert isinstance(h.app.screen, ChecklistScreen)


# --- the live screen ----------------------------------------------------------------


async def test_live_screen_shows_step_time_repeat_next_step_next_cue_and_bars(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(32)  # run 1 of 3 (20-50 s), after the left shoulder check at 30 s
        await pilot.pause()
        # the shoulder check in big letters for 2.5 s; ◀: the runner's left as they face the screen
        assert digits_of(live) == "◀ LEFT"
        assert text_of(live, "#live-kind") == "RUN BACKWARDS"
        assert text_of(live, "#live-repeat") == "repeat 1/3"
        assert text_of(live, "#live-note") == "Stay tall"
        assert text_of(live, "#live-next") == "Next: Rest 0:15 (1/3) · Walk back"
        assert text_of(live, "#live-next-cue") == "Cue in 0:08: Check over your right shoulder"
        # one clock direction: the bars count down with the digits
        assert live.query_one("#live-step-bar", TimeBar).value_text == "0:18 left"
        assert live.query_one("#live-session-bar", TimeBar).value_text == "3:13 of 3:45"
        assert live.step_class == "-work"
        banner = live.query_one(CueBanner)
        assert banner.cue is not None and banner.cue.kind == "shoulder"
        assert "Check over your left shoulder" in str(banner.render())
        # every cue of the plan up to now reached audio exactly once, in order
        timeline = live.engine.timeline
        assert heard(h) == [c for c in timeline.cues if c.at_s <= 32]
        h.run_to(33)
        await pilot.pause()
        assert digits_of(live) == "0:17"


async def test_each_kind_of_step_has_its_own_colour(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        seen: dict[str, str] = {}

        def sample(klass: str) -> None:
            assert live.step_class == klass
            head, digits = live.query_one("#live-head"), live.query_one("#live-digits")
            assert head.has_class(klass) and digits.has_class(klass)
            seen[klass] = f"{head.styles.background} {digits.styles.color}"

        sample("-ready")
        h.run_to(2)
        await pilot.pause()
        sample("-easy")  # warm-up
        h.run_to(25)
        await pilot.pause()
        sample("-work")  # run backwards
        h.run_to(55)
        await pilot.pause()
        sample("-rest")
        await pilot.press("space")
        sample("-paused")
        assert "PAUSED" in text_of(live, "#live-kind")
        assert len(set(seen.values())) == 5, seen


async def test_space_pauses_everything_and_resumes(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(25)
        await pilot.pause()
        assert live.ticking and live.armed_in is not None
        await pilot.press("space")
        assert live.engine.state == PAUSED
        assert not live.ticking, "the display interval runs while paused"
        assert live.armed_in is None, "a cue wake-up is armed while paused"
        before = (digits_of(live), len(h.audio.cues))
        h.clock.advance(600)
        live.poll()
        await pilot.pause()
        assert (digits_of(live), len(h.audio.cues)) == before
        assert before[0] == "0:25"
        await pilot.press("space")
        assert live.engine.state == RUNNING
        assert live.ticking and live.armed_in is not None
        assert digits_of(live) == "0:25"
        h.run_to(31)
        assert h.audio.cues[-1].kind == "shoulder"  # the 30 s check, after the pause


async def test_cue_timer_is_armed_for_the_next_due_time(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(21.5)  # next: shoulder check at 30 s
        due = live.engine.next_due_in()
        assert due == pytest.approx(8.5)
        assert live.armed_in == pytest.approx(8.5, abs=0.05)


async def test_n_skips_the_step(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(25)
        await pilot.press("n")
        step = live.engine.current_step
        assert step is not None and step.index == 2 and step.kind == "rest"
        assert live.engine.skipped[1]
        assert text_of(live, "#live-kind") == "REST"
        assert digits_of(live) == "0:15"


async def test_b_restarts_the_step_and_twice_goes_to_the_previous(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(60)  # rest 1/3, 50-65
        await pilot.press("b")
        assert live.engine.current_step.index == 2
        assert live.engine.position() == pytest.approx(50)
        assert digits_of(live) == "0:15"
        await pilot.press("b")  # again within 3 s
        assert live.engine.current_step.index == 1
        assert digits_of(live) == "0:30"


async def test_l_ends_a_distance_step_and_splits_a_timed_one(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(30.5)
        await pilot.press("l")
        assert live.engine.current_step.index == 1  # a timed step goes on
        assert len(live.engine.laps[1]) == 1
        h.run_to(170)  # 100 m, 155-205
        assert live.engine.current_step.distance_m == 100
        assert "press l at the mark" in text_of(live, "#live-note")
        await pilot.press("l")
        assert live.engine.current_step.kind == "cooldown"
        assert live.engine.laps[7] == [pytest.approx(15)]


async def test_the_head_line_says_the_step_kind_and_its_direction(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        seen = [text_of(live, "#live-kind")]
        for at in (2, 25, 55, 170, 210):
            h.run_to(at)
            await pilot.pause()
            seen.append(text_of(live, "#live-kind"))
        assert seen == [
            "GET READY",
            "WARM-UP · FORWARDS",
            "RUN BACKWARDS",
            "REST",
            "RUN BACKWARDS · 100 m",
            "COOL-DOWN · FORWARDS",
        ]


def test_a_backward_warm_up_says_backwards() -> None:
    def step(kind: str, direction: str) -> TimelineStep:
        return TimelineStep(0, kind, direction, 0.0, 60.0, None, None, None, "")

    assert kind_text(step("warmup", "backward")) == "WARM-UP · BACKWARDS"
    assert kind_text(step("cooldown", "forward")) == "COOL-DOWN · FORWARDS"
    assert kind_text(step("walk", "backward")) == "WALK BACKWARDS"
    assert kind_text(step("rest", "forward")) == "REST"
    assert kind_text(None) == "GET READY"


async def test_a_distance_step_shows_its_distance(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(170)  # run 100 m, 155-205
        await pilot.pause()
        assert text_of(live, "#live-kind") == "RUN BACKWARDS · 100 m"
        assert text_of(live, "#live-note").startswith("100 m · press l at the mark")


async def test_get_ready_counts_down_in_the_step_bar(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        bar = live.query_one("#live-step-bar", TimeBar)
        banner = live.query_one(CueBanner)
        assert bar.value_text == "0:05 to go"
        assert str(banner.render()) == "Get ready"
        h.run_to(-4)  # 1 s of the 5 s lead-in gone
        await pilot.pause()
        assert bar.value_text == "0:04 to go"
        assert str(bar.query_one(".time-bar--name").render()) == "Get ready"
        assert str(banner.render()) == "Get ready"
        h.run_to(2)
        await pilot.pause()
        assert str(bar.query_one(".time-bar--name").render()) == "Step"
        assert bar.value_text == "0:18 left"


async def test_l_shows_the_split_in_the_banner(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        banner = live.query_one(CueBanner)
        h.run_to(30.5)
        await pilot.press("l")  # 10.5 s into run 1 (20-50 s)
        await pilot.pause()
        assert str(banner.render()) == "Lap 0:10.5 · Lap 1, 11 seconds"  # shown and said
        h.run_to(170)  # 15 s into the 100 m (155-205)
        await pilot.press("l")
        await pilot.pause()
        shown = str(banner.render())
        assert shown.splitlines()[0] == "Reached the mark: 0:15.0 · 100 metres, 15 seconds"
        assert banner.cue is not None  # the cool-down's first cue, under it


async def test_the_footer_says_unmute_while_muted(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=(60, 20)) as pilot:
        live = await open_live(h, pilot)

        def m_key() -> str:
            keys = live.query_one(Footer).query("FooterKey")
            return next(k.description for k in keys if k.key == "m")

        h.run_to(21)
        assert m_key() == "Mute"
        await pilot.press("m")
        await pilot.pause()
        assert live.engine.muted and m_key() == "Unmute"
        for key in live.query_one(Footer).query("FooterKey"):
            assert key.region.right <= 60, key  # still fits in 60 columns
        await pilot.press("m")
        await pilot.pause()
        assert not live.engine.muted and m_key() == "Mute"


async def test_s_logs_a_stumble_and_pauses(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(33)
        await pilot.press("s")
        assert live.engine.stumbles == 1
        assert live.engine.state == PAUSED
        assert "Near-fall" in str(live.query_one(CueBanner).render())
        assert live.step_class == "-paused"


async def test_m_mutes_audio_but_the_banner_still_shows_cues(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(21)
        heard = len(h.audio.cues)
        await pilot.press("m")
        assert live.engine.muted
        assert h.audio.muted_calls[-1] is True
        assert text_of(live, "#live-status") == "muted"
        h.run_to(31)
        assert len(h.audio.cues) == heard
        assert "left shoulder" in str(live.query_one(CueBanner).render())
        await pilot.press("m")
        assert not live.engine.muted and h.audio.muted_calls[-1] is False
        assert text_of(live, "#live-status") == "sound: beeps"
        h.run_to(41)
        assert h.audio.cues[-1].text == "Check over your right shoulder"


@pytest.mark.parametrize("confirm", ["y", "enter"])
async def test_q_asks_and_y_or_enter_stops_to_the_summary(config, confirm) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(40)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, ConfirmStopScreen)
        assert not live.engine.is_over
        await pilot.press(confirm)
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.summary.status == "stopped"
        assert h.audio.closed and h.keep_awake.released == 1
        assert "stopped" in text_of(screen, "#summary-status")
        assert text_of(screen, "#summary-title") == "Short test"


async def test_the_summary_marks_skipped_steps_and_those_never_reached(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=(60, 20)) as pilot:
        await open_live(h, pilot)
        h.run_to(30)
        await pilot.press("n")  # run 1 skipped after 10 s
        h.run_to(60)
        await pilot.press("q", "y")
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, SummaryScreen)
        table = screen.query_one("#summary-steps", DataTable)

        def row(index: int) -> list[str]:
            return [str(cell) for cell in table.get_row(str(index))]

        assert row(1)[3:] == ["0:10", "", "skipped"]  # actual, laps, its own column
        assert row(2)[3] == "0:10"  # the rest, stopped 10 s in
        assert row(3)[3:] == ["—", "", ""]  # never reached
        actual = table.get_row("1")[3]
        assert actual.justify == "right"


@pytest.mark.parametrize("cancel", ["n", "escape"])
async def test_n_or_escape_cancels_the_stop(config, cancel) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(40)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press(cancel)
        await pilot.pause()
        assert h.app.screen is live
        assert live.engine.state == RUNNING
        assert live.ticking
        h.run_to(45)
        assert digits_of(live) == "0:05"


async def test_the_end_while_the_stop_question_is_open_leaves_home_under_the_summary(
    config,
) -> None:
    """The session ends (the cue timer) while q's question is open: the question goes,
    the summary takes the live screen's place, and Escape lands on home."""
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(200)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, ConfirmStopScreen)
        h.clock.advance(10_000)
        live.poll()  # what the armed wake-up does
        await pilot.pause()
        assert [type(s) for s in h.app.screen_stack] == [HomeScreen, SummaryScreen]
        assert h.app.screen.summary.status == "completed"
        assert h.app.current_run is None
        await pilot.press("escape")
        await pilot.pause()
        assert [type(s) for s in h.app.screen_stack] == [HomeScreen]


async def test_the_end_shows_the_summary_and_escape_or_q_goes_home(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        timeline = live.engine.timeline
        h.run_to(70)
        await pilot.press("space")
        h.clock.advance(30)
        await pilot.press("space")
        await pilot.press("l")  # a split in run 2/3
        h.run_to(timeline.total_s + 1)
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, SummaryScreen)
        s = screen.summary
        assert s.status == "completed"
        planned = [cue for cue in heard(h) if cue.kind != "split"]
        assert planned == list(timeline.cues)  # every cue once, in order
        assert [cue.kind for cue in heard(h)].count("split") == 1  # and the lap's split
        shoulder = sum(1 for c in timeline.cues if c.kind == "shoulder")
        form = sum(1 for c in timeline.cues if c.kind == "form")
        counts = text_of(screen, "#summary-counts")
        assert f"Shoulder checks {shoulder}" in counts
        assert f"form cues {form}" in counts
        assert "laps 1" in counts and "stumbles 0" in counts
        assert "paused 0:30" in text_of(screen, "#summary-totals")
        table = screen.query_one("#summary-steps", DataTable)
        assert table.row_count == len(timeline.steps)
        assert [str(c) for c in table.get_row("3")] == [
            "4",
            "Run backwards",
            "0:30",
            "0:30",
            "1",
            "",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        assert h.app.current_run is None


async def test_q_on_the_summary_goes_home_then_quits(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        await open_live(h, pilot)
        h.run_to(400)
        await pilot.pause()
        assert isinstance(h.app.screen, SummaryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(h.app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert h.app.return_value == 0


async def test_ctrl_q_asks_then_stops_the_session_and_keeps_every_event(tmp_path: Path) -> None:
    from retro_tui.core.store import Store
    from retro_tui.ui.quitting import ConfirmQuitScreen

    config = test_config(tmp_path)
    data_dir = tmp_path / "data"
    h = Harness(config, workout="short", data_dir=data_dir)
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.run_to(41)
        await pilot.press("s")
        await pilot.press("ctrl+q")  # a mis-press at the track: it asks
        await pilot.pause()
        assert isinstance(h.app.screen, ConfirmQuitScreen) and h.app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert h.app.screen is live and live.engine.state == "paused"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert live.engine.state == "stopped"
        hint = str(h.app._exit_renderables[-1])
        session_id = h.app.summaries[-1].session_id
        assert f"Session {session_id} kept as stopped" in hint
        assert f"retro-tui show {session_id}" in hint
    assert h.app.return_value == 0
    assert h.keep_awake.released == 1 and h.audio.closed
    with Store.open(data_dir) as store:
        (summary,) = store.list_sessions()
        detail = store.get_session(summary.id)
    assert detail is not None and detail.status == "stopped"
    kinds = [e.kind for e in detail.events]
    assert kinds[0] == "get_ready" and kinds[-1] == "stop"
    assert "stumble" in kinds and "pause" in kinds
    logged_cues = [e.data["text"] for e in detail.events if e.kind == "cue"]
    assert logged_cues == [c.text for c in heard(h)]
    assert detail.steps[1].actual_s == pytest.approx(21)


async def test_notices_show_audio_and_keep_awake_fallbacks(config) -> None:
    h = Harness(
        config,
        workout="short",
        keep_awake_works=False,
        audio_notice="No sound device: cues fall back to the terminal bell.",
    )
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        await pilot.pause()
        notice = text_of(live, "#live-notice")
        assert "No sound device" in notice
        assert "keep the screen on yourself" in notice
        assert live.query_one("#live-notice").display


async def test_no_notice_line_when_all_is_well(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        assert not live.query_one("#live-notice").display


async def test_keys_are_in_the_footer_and_the_command_palette(config) -> None:
    h = Harness(config, workout="short")
    async with h.app.run_test(size=(60, 20)) as pilot:
        live = await open_live(h, pilot)
        await pilot.pause()
        footer = live.query_one(Footer)
        shown = {(k.key, k.description) for k in footer.query("FooterKey")}
        expected = {
            ("space", "Pause"),
            ("n", "Skip"),
            ("b", "Back"),
            ("l", "Lap"),
            ("s", "Stumble"),
            ("m", "Mute"),
            ("q", "Stop"),
        }
        assert expected <= shown
        # all of them fit on a 60-column footer
        for key in footer.query("FooterKey"):
            assert key.region.right <= 60, key
        ids = {b.id for b in LiveScreen.BINDINGS}
        assert ids == {
            f"live.{n}"
            for n in ("pause", "skip", "back", "lap", "stumble", "mute", "unmute", "stop", "remote")
        }
        commands = {c.title: c for c in h.app.get_system_commands(live)}
        for title in (
            "Pause / resume",
            "Skip step",
            "Back",
            "Lap / reached the mark",
            "Stumble",
            "Mute / unmute",
            "Stop session",
            "Phone remote",
            "Quit",
        ):
            assert title in commands, title
        h.run_to(25)
        commands["Skip step"].callback()
        assert live.engine.current_step.kind == "rest"


async def test_muted_flag_and_voice_off_reach_the_audio_factory(tmp_path: Path) -> None:
    h = Harness(test_config(tmp_path), workout="short", muted=True)
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        assert h.audio_calls[0]["muted"] is True
        assert live.engine.muted
        assert text_of(live, "#live-status") == "muted"
    config = test_config(tmp_path)
    config.settings = config.settings.with_values(voice="off")
    h = Harness(config, workout="short")
    async with h.app.run_test(size=SIZE) as pilot:
        await open_live(h, pilot)
        assert h.audio_calls[0]["muted"] is True  # voice "off": visual cues only


def test_default_audio_is_visual_only_when_voice_is_off(tmp_path: Path) -> None:
    from retro_tui.audio.base import VisualOnly
    from retro_tui.coach.parts import chain_audio as default_audio_factory

    settings = test_config(tmp_path).settings.with_values(voice="off")
    audio = default_audio_factory(settings, muted=False, on_notice=print, bell=lambda: None)
    assert isinstance(audio, VisualOnly)


async def test_speed_is_shown_and_runs_the_session_faster(config) -> None:
    h = Harness(config, workout="short", speed=20)
    async with h.app.run_test(size=SIZE) as pilot:
        live = await open_live(h, pilot)
        h.clock.advance(1.0)  # 20 session seconds
        live.poll()
        assert "×20" in text_of(live, "#live-status")
        assert live.engine.position() == pytest.approx(15)


async def test_the_real_clock_fires_every_cue_by_itself(config) -> None:
    """No manual polling: the one-shot cue timer alone drives a whole session."""
    h = Harness(config, workout="short", speed=100, clock=time.monotonic)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the checklist
        deadline = time.monotonic() + 20
        while not isinstance(h.app.screen, SummaryScreen) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert isinstance(h.app.screen, SummaryScreen), "the session did not finish by itself"
        timeline = compile_timeline(config.workouts["short"], config.settings)
        assert heard(h) == list(timeline.cues)
        assert h.app.screen.summary.status == "completed"


def test_fake_clock_is_a_clock() -> None:
    clock = FakeClock(5.0)
    clock.advance(1.5)
    assert clock() == 6.5
