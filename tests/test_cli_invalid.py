"""Every invalid input of PRODUCT.md §3, through the real command line.

Each is refused by `retro-tui check FILE` with exit 2 and one message naming the
file, the line, the value path and what is accepted; never a traceback. The
processes are started together and collected once (each costs ~100 ms).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from retro_tui.cli import main
from tools import TIMELINE_CUE_KEYS, TIMELINE_KEYS, TIMELINE_STEP_KEYS, clean_env, run_all


@dataclass(frozen=True)
class Case:
    name: str
    text: str | bytes
    line: int
    path: str  # the value path in the message ("" when there is none)
    accepted: str  # words of the message that say what is accepted


TWO_WORKOUTS = '[[workouts]]\nid = "a"\nsteps = [ { run = "1min" } ]\n\n'

CASES = [
    Case(
        "unknown-workout-key",
        '[settings]\nvoice = "beeps"\n\n'
        + TWO_WORKOUTS
        + '[[workouts]]\nid = "b"\ncolour = "red"\nsteps = [ { run = "1min" } ]\n',
        10,
        "workouts[1].colour",
        "use id, name, description, steps",
    ),
    Case(
        "unknown-step-key",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n'
        '  { run = "1min", speed = 3 },\n]\n',
        5,
        "workouts[0].steps[1].speed",
        "use direction, note, shoulder_check_every",
    ),
    Case(
        "unknown-setting",
        '[settings]\nvoice = "beeps"\nspeed = 3\n',
        3,
        "settings.speed",
        "use one of voice, shoulder_check_every",
    ),
    Case(
        "unknown-top-level-key",
        '[settings]\nvoice = "beeps"\n\n[colours]\nrun = "red"\n',
        4,
        "colours",
        "[settings] and [[workouts]]",
    ),
    Case(
        "two-kinds",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n'
        '  { run = "1min", walk = "2min" },\n]\n',
        5,
        "workouts[0].steps[1]",
        "one of warmup, run, walk, rest, cooldown",
    ),
    Case(
        "5-minutes",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n  { repeat = 2, steps = [\n'
        '    { run = "1min" },\n    { walk = "5 minutes" },\n  ] },\n]\n',
        7,
        "workouts[0].steps[1].steps[1].walk",
        'a time such as "45s"',
    ),
    Case(
        "5m-did-you-mean",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n  { walk = "5m" },\n]\n',
        5,
        "workouts[0].steps[1].walk",
        'did you mean "5min"?',
    ),
    Case(
        "negative-amount",
        '[[workouts]]\nid = "a"\nsteps = [ { warmup = "5min" }, { run = -30 } ]\n',
        3,
        "workouts[0].steps[1].run",
        "more than zero",
    ),
    Case(
        "negative-text-amount",
        '[[workouts]]\nid = "a"\nsteps = [ { run = "-30s" } ]\n',
        3,
        "workouts[0].steps[0].run",
        'a time such as "45s"',
    ),
    Case(
        "zero-amount",
        '[[workouts]]\nid = "a"\nsteps = [\n  { run = "0s" },\n]\n',
        4,
        "workouts[0].steps[0].run",
        "more than zero",
    ),
    Case(
        "repeat-0",
        TWO_WORKOUTS.replace('"a"', '"x"')
        + TWO_WORKOUTS.replace('"a"', '"y"')
        + '[[workouts]]\nid = "c"\nsteps = [\n  { warmup = "5min" },\n'
        '  { repeat = 0, steps = [ { run = "1min" } ] },\n]\n',
        13,
        "workouts[2].steps[1].repeat",
        "a whole number from 1 to 100",
    ),
    Case(
        "repeat-without-steps",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n  { repeat = 3 },\n]\n',
        5,
        "workouts[0].steps[1]",
        "repeat = 4, steps = [",
    ),
    Case(
        "repeat-with-empty-steps",
        '[[workouts]]\nid = "a"\nsteps = [\n  { warmup = "5min" },\n'
        "  { repeat = 3, steps = [] },\n]\n",
        5,
        "workouts[0].steps[1].steps",
        "at least one step",
    ),
    Case(
        "workout-with-no-steps",
        '[[workouts]]\nid = "a"\nname = "A"\nsteps = []\n',
        4,
        "workouts[0].steps",
        "at least one step",
    ),
    Case(
        "workout-without-steps-key",
        TWO_WORKOUTS + '[[workouts]]\nid = "b"\nname = "B"\n',
        5,
        "workouts[1]",
        "steps = [",
    ),
    Case(
        "duplicate-ids",
        TWO_WORKOUTS + '[[workouts]]\nid = "a"\nsteps = [ { run = "2min" } ]\n',
        6,
        "workouts[1].id",
        "its own id",
    ),
    Case(
        "setting-choice",
        '[settings]\nvoice = "beeps"\nfirst_shoulder = "middle"\n',
        3,
        "settings.first_shoulder",
        '"left" or "right"',
    ),
    Case(
        "setting-countdown",
        "[settings]\ncountdown = 11\n",
        2,
        "settings.countdown",
        "a whole number from 0 to 10",
    ),
    Case(
        "setting-interval",
        '[settings]\n\nshoulder_check_every = "sometimes"\n',
        3,
        "settings.shoulder_check_every",
        '"off"',
    ),
    Case(
        "setting-voice",
        '[settings]\nvoice = "loud"\n',
        2,
        "settings.voice",
        '"speech" or "beeps" or "off"',
    ),
    Case(
        "rest-with-direction",
        '[[workouts]]\nid = "a"\nsteps = [\n  { rest = "1min", direction = "backward" },\n]\n',
        4,
        "workouts[0].steps[0].direction",
        "takes no direction",
    ),
    Case(
        "bad-id",
        '[[workouts]]\nid = "my workout!"\nsteps = [ { run = "1min" } ]\n',
        2,
        "workouts[0].id",
        "letters, digits and -",
    ),
    Case(
        "single-workout-file",
        'id = "solo"\nsteps = [\n  { run = "1min" },\n  { walk = "5 minutes" },\n]\n',
        4,
        "steps[1].walk",
        'a time such as "45s"',
    ),
    Case(
        "workouts-as-a-table",
        '[settings]\nvoice = "off"\n\n[workouts]\nid = "a"\n',
        4,
        "workouts",
        "use [[workouts]]",
    ),
    Case(
        "settings-not-a-table",
        "# my settings\nsettings = 3\n",
        2,
        "settings",
        "use [settings]",
    ),
    Case(
        "inline-workouts-array",
        'workouts = [\n  { id = "a", steps = [ { run = "1min" } ] },\n'
        '  { id = "b", steps = [ { run = "0s" } ] },\n]\n',
        3,
        "workouts[1].steps[0].run",
        "more than zero",
    ),
    Case(
        "not-utf8",
        b'[settings]\nvoice = "speech"\n# caf\xe9 au lait\n',
        3,
        "",
        "UTF-8",
    ),
    Case(
        "toml-syntax-error",
        '[settings]\nvoice = "beeps"\ncountdown = = 3\ntreadmill = false\n',
        3,
        "",
        "TOML",
    ),
    Case(
        "error-at-end-of-file",
        '[settings]\nvoice = "beeps"\n\n[[workouts]]\nid = "a"\nsteps = [ { run = "1min" }',
        6,
        "",
        "TOML",
    ),
    Case(
        "error-at-end-of-file-with-newline",
        '[[workouts]]\nid = "a"\nname = """never closed\n\n',
        4,
        "",
        "TOML",
    ),
]


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    tmp = tmp_path_factory.mktemp("cli")
    commands: dict[str, list[str]] = {}
    for case in CASES:
        path = tmp / f"{case.name}.toml"
        if isinstance(case.text, bytes):
            path.write_bytes(case.text)
        else:
            path.write_text(case.text, encoding="utf-8")
        commands[case.name] = ["check", str(path)]
    commands["missing-file"] = ["check", str(tmp / "missing.toml")]
    commands["timeline-unknown"] = ["timeline", "no-such-workout"]
    commands["run-unknown"] = ["run", "no-such-workout", "--plain", "--speed", "100"]
    commands["check-shipped"] = ["check", str(REPO / "config.toml")]
    commands["workouts-json"] = ["workouts", "--json"]
    commands["timeline-json"] = ["timeline", "ladder", "--json"]
    return run_all(commands, tmp, clean_env(tmp))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_input_is_refused_with_one_clear_message(
    case: Case, results: dict[str, tuple[int, str, str]]
) -> None:
    code, out, err = results[case.name]
    assert "Traceback" not in out + err
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err  # one message
    message = err.strip()
    where = f"{case.name}.toml:{case.line}: "
    assert where in message, message
    if case.path:
        assert f":{case.line}: {case.path}: " in message, message
    assert case.accepted in message, message


def test_missing_file(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["missing-file"]
    assert code == 2
    assert "missing.toml" in err and "no such file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["timeline-unknown", "run-unknown"])
def test_unknown_workout_id(name: str, results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results[name]
    assert code == 2, err
    assert "Traceback" not in out + err
    assert "no-such-workout" in err
    assert "ladder" in err  # says which ids exist


def test_check_shipped_config_is_ok(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["check-shipped"]
    assert code == 0, err
    assert out.count("\n") == 1
    assert "config.toml" in out and "ok" in out and "27 workouts" in out


def test_workouts_json_shape(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["workouts-json"]
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) >= 26
    for w in data:
        assert {"id", "name", "total_s", "backward_s"} <= set(w)
        assert isinstance(w["total_s"], int | float) and w["total_s"] > 0
        assert 0 <= w["backward_s"] <= w["total_s"]
    ids = [w["id"] for w in data]
    assert len(ids) == len(set(ids))
    assert {
        "first-retro-walk",
        "repeats-50m",
        "repeats-100m",
        "warmup-drills",
        "ladder",
        "treadmill",
    } <= set(ids)


def test_timeline_json_shape(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["timeline-json"]
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == TIMELINE_KEYS
    assert data["workout"] == "ladder"
    assert list(data["steps"][0]) == TIMELINE_STEP_KEYS
    assert list(data["cues"][0]) == TIMELINE_CUE_KEYS


# --- in-process: the same rules, quicker ------------------------------------------


def test_in_process_refusal_matches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[workouts]]\nid = "a"\nsteps = [ { repeat = 0, steps = [ { run = "1min" } ] } ]\n'
    )
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"retro-tui: {path}:3: workouts[0].steps[0].repeat: 0 is not a repeat count: "
        "use a whole number from 1 to 100\n"
    )


def test_bad_overlay_through_config_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cfg.toml"
    path.write_text("[settings]\ncountdown = -1\n")
    assert main(["workouts", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2: settings.countdown" in err
