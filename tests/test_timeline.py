"""The cue plan of PRODUCT.md §4, on small hand-checked workouts, and `timeline --json`."""

from __future__ import annotations

import json

import pytest

from retro_tui.cli import main
from retro_tui.core.amounts import Amount
from retro_tui.core.config import load_config
from retro_tui.core.phrases import FORM_PHRASES
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Timeline, compile_timeline, timeline_totals
from retro_tui.core.workout import DEFAULT_DIRECTION, Repeat, Step, StepInterval, Workout
from tools import TIMELINE_CUE_KEYS, TIMELINE_KEYS, TIMELINE_STEP_KEYS

# Everything off: each test turns on the rule it checks.
QUIET = Settings(shoulder_check_every=None, form_reminder_every=None, countdown=0)


def step(
    kind: str,
    seconds: float | None = None,
    *,
    metres: float | None = None,
    direction: str | None = None,
    note: str = "",
    shoulder: StepInterval = None,
    form: StepInterval = None,
) -> Step:
    amount = Amount(metres=metres) if metres is not None else Amount(seconds=seconds)
    return Step(kind, amount, direction or DEFAULT_DIRECTION[kind], note, shoulder, form)


def plan(*steps: Step | Repeat, settings: Settings = QUIET, **values: object) -> Timeline:
    return compile_timeline(Workout("w", "W", tuple(steps)), settings.with_values(**values))


def at(timeline: Timeline, kind: str) -> list[float]:
    return [c.at_s for c in timeline.cues if c.kind == kind]


def cues(timeline: Timeline, kind: str) -> list[tuple[float, int, str | None]]:
    return [(c.at_s, c.step, c.side) for c in timeline.cues if c.kind == kind]


# --- steps -----------------------------------------------------------------


def test_steps_are_flat_with_offsets_rounds_and_estimated_distances() -> None:
    t = plan(
        step("warmup", 300),
        Repeat(2, (step("run", metres=100), Repeat(3, (step("rest", 30),)))),
        step("walk", metres=400, direction="forward"),
        pace_per_100m=50.0,
    )
    rows = [
        (s.kind, s.direction, s.start_s, s.duration_s, s.distance_m, s.round, s.rounds)
        for s in t.steps
    ]
    assert rows == [
        ("warmup", "forward", 0, 300, None, None, None),
        ("run", "backward", 300, 50, 100, 1, 2),
        ("rest", "forward", 350, 30, None, 1, 3),
        ("rest", "forward", 380, 30, None, 2, 3),
        ("rest", "forward", 410, 30, None, 3, 3),
        ("run", "backward", 440, 50, 100, 2, 2),
        ("rest", "forward", 490, 30, None, 1, 3),
        ("rest", "forward", 520, 30, None, 2, 3),
        ("rest", "forward", 550, 30, None, 3, 3),
        ("walk", "forward", 580, 200, 400, None, None),
    ]
    assert [s.index for s in t.steps] == list(range(10))
    assert t.total_s == 780
    assert t.backward_s == 100


def test_step_start_text_says_repeat_kind_amount_and_note() -> None:
    t = plan(
        Repeat(8, (step("run", 30, note="Stay tall"), step("rest", 60))),
        step("walk", metres=100),
        step("cooldown", 120, direction="backward"),
    )
    starts = [c.text for c in t.cues if c.kind == "step_start"]
    assert starts[0] == "Repeat 1 of 8. Run backwards, 30 seconds. Stay tall."
    assert starts[4] == "Repeat 3 of 8. Run backwards, 30 seconds. Stay tall."
    assert starts[1] == "Repeat 1 of 8. Rest, 1 minute."
    assert starts[16] == "Walk backwards, 100 metres."
    assert starts[17] == "Cool-down, backwards, 2 minutes."
    assert at(t, "step_start") == [s.start_s for s in t.steps]


# --- countdown -------------------------------------------------------------


def test_countdown_at_end_minus_n_and_never_at_or_before_the_start() -> None:
    t = plan(step("run", 10), step("run", 2), step("run", 3), step("run", 10), countdown=3)
    # 0-10, 10-12, 12-15, 15-25
    assert [(c.at_s, c.text, c.step) for c in t.cues if c.kind == "countdown"] == [
        (7, "3", 0),
        (8, "2", 0),
        (9, "1", 0),
        (11, "1", 1),  # a 2 s step: end-2 is its start, end-3 before it
        (13, "2", 2),
        (14, "1", 2),  # a 3 s step: end-3 is its start
        (22, "3", 3),
        (23, "2", 3),
        (24, "1", 3),
    ]


def test_countdown_zero_and_ten() -> None:
    assert at(plan(step("run", 30), countdown=0), "countdown") == []
    assert at(plan(step("run", 30), countdown=10), "countdown") == list(range(20, 30))


# --- shoulder checks ---------------------------------------------------------


def test_shoulder_mark_at_a_step_end_belongs_to_the_next_step() -> None:
    t = plan(step("run", 60), step("run", 60), shoulder_check_every=20.0)
    # 60 is step 0's end: it belongs to step 1, where it is step time 0 — no check.
    assert cues(t, "shoulder") == [
        (20, 0, "left"),
        (40, 0, "right"),
        (80, 1, "left"),
        (100, 1, "right"),
    ]


def test_shoulder_sides_alternate_across_steps_and_never_reset() -> None:
    t = plan(
        step("run", 50),
        step("rest", 30),
        step("warmup", 50),
        step("walk", 50),
        shoulder_check_every=20.0,
        first_shoulder="right",
    )
    # run 0-50, rest 50-80 (none), warm-up 80-130 (forward: none), walk 130-180
    assert cues(t, "shoulder") == [
        (20, 0, "right"),
        (40, 0, "left"),
        (150, 3, "right"),
        (170, 3, "left"),
    ]
    assert [c.text for c in t.cues if c.kind == "shoulder"] == [
        "Check over your right shoulder",
        "Check over your left shoulder",
        "Check over your right shoulder",
        "Check over your left shoulder",
    ]


def test_shoulder_checks_in_backward_warmup_and_cooldown_only_when_backward() -> None:
    t = plan(
        step("warmup", 45, direction="backward"),
        step("cooldown", 45),
        step("cooldown", 45, direction="backward"),
        step("walk", 45, direction="forward"),
        shoulder_check_every=20.0,
    )
    assert cues(t, "shoulder") == [
        (20, 0, "left"),
        (40, 0, "right"),
        (110, 2, "left"),
        (130, 2, "right"),
    ]


def test_a_dropped_shoulder_check_keeps_its_side() -> None:
    t = plan(step("run", 22), step("run", 60), shoulder_check_every=20.0, countdown=3)
    # Step 0: the mark at 20 meets the countdown 19/20/21 and step 1 at 22; the first
    # free time, 24+, is past the step's end - 3 = 19: dropped. Step 1 (22-82)
    # starts with the side the dropped check would have used.
    assert cues(t, "shoulder") == [(42, 1, "left"), (62, 1, "right")]


def test_spacing_moves_a_shoulder_check_3s_after_the_step_start() -> None:
    t = plan(step("run", 10, shoulder=2.0))
    # marks 2, 4, 6, 8; fixed: start 0, finish 10. 2 -> 3; 4 -> 6; 6 and 8 would
    # need 9 > end - 3 = 7: dropped.
    assert cues(t, "shoulder") == [(3, 0, "left"), (6, 0, "right")]


def test_spacing_moves_a_shoulder_check_off_the_halfway_cue() -> None:
    t = plan(step("run", 120), shoulder_check_every=20.0, countdown=3)
    assert at(t, "halfway") == [60]
    assert at(t, "shoulder") == [20, 40, 63, 80, 100]


def test_step_shoulder_override_and_off() -> None:
    t = plan(
        step("run", 40, shoulder="off"),
        step("run", 40, shoulder=15.0),
        step("run", 40),
        shoulder_check_every=20.0,
    )
    assert cues(t, "shoulder") == [(55, 1, "left"), (70, 1, "right"), (100, 2, "left")]


# --- form reminders ------------------------------------------------------------


def test_form_cues_count_cumulative_backward_time_across_rests() -> None:
    t = plan(
        step("run", 100),
        step("rest", 30),
        step("run", 100),
        step("rest", 30),
        step("run", 100),
        step("cooldown", 60),
        form_reminder_every=60.0,
    )
    # run 0-100 (cum 0-100), run 130-230 (cum 100-200), run 260-360 (cum 200-300)
    assert cues(t, "form") == [(60, 0, None), (150, 2, None), (210, 2, None), (300, 4, None)]
    assert [c.text for c in t.cues if c.kind == "form"] == list(FORM_PHRASES[:4])


def test_form_phrases_rotate_through_all_five() -> None:
    t = plan(step("run", 700), form_reminder_every=60.0)
    texts = [c.text for c in t.cues if c.kind == "form"]
    assert len(texts) == 11
    assert texts[:5] == list(FORM_PHRASES)
    assert texts[5:10] == list(FORM_PHRASES)
    assert "let the whole foot land" in FORM_PHRASES[4]


def test_form_mark_at_a_backward_step_end_belongs_to_the_next_backward_step() -> None:
    t = plan(step("run", 60), step("rest", 30), step("run", 60), form_reminder_every=60.0)
    # cum 60 is reached at 60, the end of step 0: it belongs to the next backward
    # step, at its start (90), and spacing moves it 3 s past that step_start.
    # cum 120 is the end of the session: no cue.
    assert cues(t, "form") == [(93, 2, None)]


def test_form_override_and_off_while_the_session_count_runs_on() -> None:
    t = plan(
        step("run", 90, form=30.0),
        step("run", 90, form="off"),
        step("run", 90),
        form_reminder_every=60.0,
    )
    # step 0: its own 30 s (30, 60); step 1: none; the session count ran on through
    # both (cum 180 at 180): marks 180 (the step start: moved to 183) and 240.
    assert cues(t, "form") == [(30, 0, None), (60, 0, None), (183, 2, None), (240, 2, None)]
    assert [c.text for c in t.cues if c.kind == "form"] == list(FORM_PHRASES[:4])


def test_form_cues_are_placed_after_shoulder_checks() -> None:
    t = plan(step("run", 60), shoulder_check_every=30.0, form_reminder_every=30.0)
    # both due at 30: the shoulder check is placed first, the form cue moves to 33.
    assert cues(t, "shoulder") == [(30, 0, "left")]
    assert cues(t, "form") == [(33, 0, None)]


def test_form_off() -> None:
    assert at(plan(step("run", 600), form_reminder_every=None), "form") == []


# --- halfway, finish, get ready ---------------------------------------------------


def test_halfway_only_for_steps_of_two_minutes_or_more() -> None:
    t = plan(step("run", 119), step("rest", 120), step("walk", 300))
    assert cues(t, "halfway") == [(179, 1, None), (389, 2, None)]
    assert {c.text for c in t.cues if c.kind == "halfway"} == {"Halfway"}


def test_finish_at_total() -> None:
    t = plan(Repeat(3, (step("run", 30), step("rest", 30))), countdown=3)
    assert t.total_s == 180
    assert cues(t, "finish") == [(180, 5, None)]
    assert t.cues[-1].kind == "finish"


def test_get_ready_is_outside_total_and_the_cues() -> None:
    a = plan(step("run", 60), get_ready=10.0, shoulder_check_every=20.0)
    b = plan(step("run", 60), get_ready=30.0, shoulder_check_every=20.0)
    assert a.get_ready_s == 10
    assert b.get_ready_s == 30
    assert a.total_s == b.total_s == 60
    assert a.cues == b.cues
    assert a.cues[0].at_s == 0
    assert a.cues[0].kind == "step_start"
    assert "get_ready" not in json.dumps(a.to_json())


def test_cues_sorted_and_deterministic() -> None:
    settings = Settings()
    workout = Workout(
        "w", "W", (step("warmup", 300), Repeat(4, (step("run", 95), step("rest", 40))))
    )
    first = compile_timeline(workout, settings)
    assert first == compile_timeline(workout, settings)
    times = [c.at_s for c in first.cues]
    assert times == sorted(times)


# --- timeline --json (PRODUCT.md §5) ------------------------------------------------


def test_timeline_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "ladder", "--json", "--config", "config.toml"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == TIMELINE_KEYS
    assert data["workout"] == "ladder"
    assert data["name"] == "Retro ladder"
    step_keys = TIMELINE_STEP_KEYS
    cue_keys = TIMELINE_CUE_KEYS
    for s in data["steps"]:
        assert list(s) == step_keys
    for c in data["cues"]:
        assert list(c) == cue_keys
    steps = data["steps"]
    assert [s["index"] for s in steps] == list(range(len(steps)))
    assert steps[0]["start_s"] == 0
    for a, b in zip(steps, steps[1:], strict=False):
        assert b["start_s"] == a["start_s"] + a["duration_s"]
    assert data["total_s"] == steps[-1]["start_s"] + steps[-1]["duration_s"]
    assert data["backward_s"] == sum(s["duration_s"] for s in steps if s["direction"] == "backward")
    # the ladder: warm-up, 2 x (walk, 3 x (run, rest), run, rest), cool-down
    assert steps[0]["round"] is None and steps[0]["rounds"] is None
    assert (steps[1]["kind"], steps[1]["round"], steps[1]["rounds"]) == ("walk", 1, 2)
    assert (steps[2]["kind"], steps[2]["round"], steps[2]["rounds"]) == ("run", 1, 3)
    assert (steps[6]["kind"], steps[6]["round"], steps[6]["rounds"]) == ("run", 3, 3)
    assert (steps[9]["kind"], steps[9]["round"], steps[9]["rounds"]) == ("rest", 1, 2)
    assert all(s["direction"] == "forward" for s in steps if s["kind"] == "rest")
    assert all(s["distance_m"] is None for s in steps)
    kinds = {c["kind"] for c in data["cues"]}
    assert {"step_start", "countdown", "shoulder", "form", "halfway", "finish"} <= kinds
    for c in data["cues"]:
        assert (c["side"] in ("left", "right")) if c["kind"] == "shoulder" else c["side"] is None
        s = steps[c["step"]]
        assert s["start_s"] <= c["at_s"] <= s["start_s"] + s["duration_s"]


def test_timeline_json_distance_and_integers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "repeats-100m", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    runs = [s for s in data["steps"] if s["kind"] == "run"]
    assert runs and all(s["distance_m"] == 100 for s in runs)
    assert all(isinstance(s["duration_s"], int) for s in runs)


def test_timeline_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "ladder"]) == 0
    out = capsys.readouterr().out
    assert "Retro ladder" in out
    assert "Check over your left shoulder" in out


@pytest.mark.parametrize(
    "settings",
    [None, Settings(pace_per_100m=53.0)],
    ids=["shipped-settings", "other-pace"],
)
def test_timeline_totals_match_compile_for_every_shipped_workout(
    settings: Settings | None,
) -> None:
    config = load_config()
    settings = settings or config.settings
    assert config.workouts
    for workout in config.workouts.values():
        timeline = compile_timeline(workout, settings)
        total, backward = timeline_totals(workout, settings)
        assert total == pytest.approx(timeline.total_s, abs=1e-6), workout.id
        assert backward == pytest.approx(timeline.backward_s, abs=1e-6), workout.id


def test_timeline_totals_unroll_nested_repeats() -> None:
    workout = Workout(
        "nested",
        "Nested",
        (
            step("warmup", 60),
            Repeat(3, (step("run", 30), Repeat(2, (step("walk", 10, direction="forward"),)))),
            step("rest", 45),
        ),
    )
    timeline = compile_timeline(workout, QUIET)
    assert timeline_totals(workout, QUIET) == (timeline.total_s, timeline.backward_s)
    assert timeline_totals(workout, QUIET) == (60 + 3 * (30 + 20) + 45, timeline.backward_s)
