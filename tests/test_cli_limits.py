"""PRODUCT.md §3 limits, through the real command line (issue 16).

Each limit is refused like any invalid input: `retro-tui check FILE` exits 2
with a message naming the file, the line, the value path and what is
accepted, never a traceback, and quickly. The processes start together and
are collected once (each costs ~100 ms of start-up).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools import clean_env, run_all


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    line: int | None  # None: the error has no line (tomllib's own refusal)
    path: str
    accepted: str


def _nested(depth: int) -> str:
    step = '{ run = "1min" }'
    for _ in range(depth):
        step = "{ repeat = 1, steps = [ " + step + " ] }"
    return f'[[workouts]]\nid = "deep"\nsteps = [\n  {step},\n]\n'


W = '[[workouts]]\nid = "a"\nsteps = [\n'
CASES = [
    Case(
        "nested-9-deep",
        _nested(9),
        4,
        "workouts[0].steps[0]" + ".steps[0]" * 8,
        "at most 8 levels",
    ),
    Case(
        "toml-nested-200-deep",
        "a = " + "[" * 200 + "{ b = " * 200 + "1" + " }" * 200 + "]" * 200 + "\n",
        None,
        "",
        "nested too deep",
    ),
    Case(
        "over-12-hours",
        W + '  { repeat = 20, steps = [ { repeat = 100, steps = [ { run = "23h" } ] } ] },\n]\n',
        3,
        "workouts[0].steps",
        "at most 12 hours",
    ),
    Case(
        "over-12-hours-at-the-pace",
        '[settings]\npace_per_100m = "10:00"\n\n' + W + '  { run = "10km" },\n]\n',
        6,
        "workouts[0].steps",
        "at most 12 hours",
    ),
    Case("step-under-1s", W + '  { run = "0.5s" },\n]\n', 4, "workouts[0].steps[0].run", "1 s"),
    Case(
        "bare-number-under-1s",
        W + '  { walk = "1min" },\n  { run = 0.0001 },\n]\n',
        5,
        "workouts[0].steps[1].run",
        "a bare number is seconds",
    ),
    Case(
        "pace-too-fast",
        '[settings]\npace_per_100m = "0:09"\n',
        2,
        "settings.pace_per_100m",
        '"0:10" to "10:00"',
    ),
    Case(
        "pace-a-day",
        '[settings]\nvoice = "beeps"\npace_per_100m = "23:59:59"\n',
        3,
        "settings.pace_per_100m",
        '"0:10" to "10:00"',
    ),
    Case("km-under-20m", W + '  { run = "0.01km" },\n]\n', 4, "workouts[0].steps[0].run", "20 m"),
    Case(
        "laps-under-20m",
        W + '  { run = "1min" },\n  { run = "0.001 laps" },\n]\n',
        5,
        "workouts[0].steps[1].run",
        "20 m",
    ),
    Case("yards-under-20m", W + '  { run = "10yd" },\n]\n', 4, "workouts[0].steps[0].run", "20 m"),
    Case(
        "id-like-an-option",
        '[[workouts]]\nid = "--plain"\nsteps = [ { run = "1min" } ]\n',
        2,
        "workouts[0].id",
        "starting with a letter or digit",
    ),
    Case(
        "escape-in-name",
        '[[workouts]]\nid = "a"\nname = "Bad\\u001b]0;pwned\\u0007"\nsteps = [ { run = "1min" } ]\n',
        3,
        "workouts[0].name",
        "U+001B",
    ),
    Case(
        "clear-screen-in-note",
        W + '  { run = "1min", note = "x\\u001b[2J" },\n]\n',
        4,
        "workouts[0].steps[0].note",
        "U+001B",
    ),
    Case(
        "c1-in-description",
        '[[workouts]]\nid = "a"\ndescription = "csi \\u009b here"\nsteps = [ { run = "1min" } ]\n',
        3,
        "workouts[0].description",
        "U+009B",
    ),
    Case(
        "newline-in-note",
        W + '  { run = "1min", note = "two\\nlines" },\n]\n',
        4,
        "workouts[0].steps[0].note",
        "U+000A",
    ),
    Case(
        "escape-in-a-refused-value",
        '[settings]\nvoice = "\\u001b[2J"\n',
        2,
        "settings.voice",
        '"\\x1b[2J" is not accepted',
    ),
]

MULTI = (
    '[settings]\nvoice = "loud"\ncountdown = 3\n\n'
    '[[workouts]]\nid = "--plain"\nsteps = [\n  { run = "0.01km" },\n  { run = "1min" },\n]\n\n'
    '[[workouts]]\nid = "b"\nsteps = [ { walk = "5 minutes" } ]\n'
)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("limits")


@pytest.fixture(scope="module")
def results(tmp: Path) -> dict[str, tuple[int, str, str]]:
    commands: dict[str, list[str]] = {}
    for case in CASES:
        path = tmp / f"{case.name}.toml"
        path.write_text(case.text, encoding="utf-8")
        commands[case.name] = ["check", str(path)]
    (tmp / "nested-8-deep.toml").write_text(_nested(8))
    commands["nested-8-deep"] = ["check", str(tmp / "nested-8-deep.toml")]
    (tmp / "multi.toml").write_text(MULTI)
    commands["check-multi"] = ["check", str(tmp / "multi.toml")]
    commands["workouts-multi"] = ["workouts", "--config", str(tmp / "multi.toml")]
    (tmp / "imperial.toml").write_text(
        '[[workouts]]\nid = "imperial"\nsteps = [ { run = "0.25mi" }, { walk = "110yd" } ]\n'
    )
    commands["imperial-check"] = ["check", str(tmp / "imperial.toml")]
    commands["imperial-timeline"] = [
        "timeline",
        "imperial",
        "--json",
        "--config",
        str(tmp / "imperial.toml"),
    ]
    os.mkfifo(tmp / "pipe.toml")
    commands["fifo"] = ["check", str(tmp / "pipe.toml")]
    commands["dev-zero"] = ["check", "/dev/zero"]
    (tmp / "folder.toml").mkdir()
    commands["folder"] = ["check", str(tmp / "folder.toml")]
    (tmp / "big.toml").write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    commands["over-1-mib"] = ["check", str(tmp / "big.toml")]
    (tmp / "link.toml").symlink_to(tmp / "nowhere.toml")
    commands["dangling-config-flag"] = ["workouts", "--config", str(tmp / "link.toml")]
    started = time.monotonic()
    out = run_all(commands, tmp, clean_env(tmp))
    out["_elapsed"] = (0, str(time.monotonic() - started), "")
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_limit_is_refused_with_one_clear_message(
    case: Case, results: dict[str, tuple[int, str, str]]
) -> None:
    code, out, err = results[case.name]
    assert "Traceback" not in out + err
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1, err  # one message
    assert "\x1b" not in err and "\x07" not in err and "\x9b" not in err  # nothing raw
    where = f"{case.name}.toml:{case.line}: " if case.line else f"{case.name}.toml: "
    assert where in err, err
    if case.path:
        assert f": {case.path}: " in err, err
    assert case.accepted in err, err


def test_eight_levels_of_repeats_are_accepted(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["nested-8-deep"]
    assert code == 0, err
    assert "ok" in out


def test_check_lists_every_error_in_file_order(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["check-multi"]
    assert code == 2 and out == "" and "Traceback" not in err
    found = [
        re.match(r"retro-tui: \S*multi\.toml:(\d+): (\S+): ", line) for line in err.splitlines()
    ]
    assert all(found), err
    assert [(int(m.group(1)), m.group(2)) for m in found if m] == [
        (2, "settings.voice"),
        (6, "workouts[0].id"),
        (8, "workouts[0].steps[0].run"),
        (14, "workouts[1].steps[0].walk"),
    ]


def test_other_commands_give_the_first_error_alone(
    results: dict[str, tuple[int, str, str]],
) -> None:
    code, out, err = results["workouts-multi"]
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and "multi.toml:2: settings.voice" in err


def test_miles_and_yards(results: dict[str, tuple[int, str, str]]) -> None:
    code, out, err = results["imperial-check"]
    assert code == 0, err
    code, out, err = results["imperial-timeline"]
    assert code == 0, err
    steps = json.loads(out)["steps"]
    assert [s["distance_m"] for s in steps] == [402, 101]  # in whole metres; "m" stays metres


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fifo", "pipe.toml: is not a regular file"),
        ("dev-zero", "/dev/zero: is not a regular file"),
        ("folder", "folder.toml: is a folder"),
        ("over-1-mib", "big.toml: is over 1 MiB"),
        ("dangling-config-flag", "link.toml: is a link to"),
    ],
)
def test_files_that_are_not_small_regular_files(
    name: str, words: str, results: dict[str, tuple[int, str, str]]
) -> None:
    code, out, err = results[name]
    assert code == 2, err
    assert "Traceback" not in out + err
    assert words in err, err


def test_all_of_it_in_well_under_a_second_each(results: dict[str, tuple[int, str, str]]) -> None:
    # Thirty processes on two shared cores: a hang (a FIFO) or a 100-day
    # timeline would take minutes; this bounds the batch, start-up included.
    assert float(results["_elapsed"][1]) < 30


# --- the user config: there, but not readable --------------------------------


@pytest.mark.parametrize("form", ["folder", "dangling-link"])
def test_a_user_config_that_cannot_be_read_stops_every_command(tmp_path: Path, form: str) -> None:
    env = clean_env(tmp_path)
    user = tmp_path / "xdg" / "retro-tui" / "config.toml"
    user.parent.mkdir(parents=True)
    if form == "folder":
        user.mkdir()
    else:
        user.symlink_to(tmp_path / "gone.toml")
    workout = tmp_path / "solo.toml"
    workout.write_text('id = "solo"\nsteps = [ { run = "1min" } ]\n')
    commands = {
        "workouts": ["workouts"],
        "timeline": ["timeline", "ladder", "--json"],
        "check-a-workout": ["check", str(workout)],
        "plan": ["plan"],
        "run": ["run", "ladder", "--plain", "--speed", "100"],
        "doctor": ["doctor"],
    }
    results = run_all(commands, tmp_path, env)
    for name, (code, out, err) in results.items():
        assert "Traceback" not in out + err, name
        assert code == 2, (name, err)
        assert str(user) in err, (name, err)
        assert ("is a folder" if form == "folder" else "is a link to") in err, (name, err)
