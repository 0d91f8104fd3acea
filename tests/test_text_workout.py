"""Text workouts in (PRODUCT.md §13): intervals.icu-style lines → the same Workout a TOML file gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from retro_tui.core.amounts import Amount
from retro_tui.core.config import ConfigError, load_workout_file
from retro_tui.core.settings import Settings
from retro_tui.core.workout import Repeat, Step
from retro_tui.formats.text_workout import file_id, parse_text_workout, read_text_workout
from tools import clean_env

HILLS = """Hill session
Warm up
- 10m easy jog
- walk backward 2m

Main set 6x
- run backward 30s hard 5:00/km
- recover 1m30

Cooldown
- walk 5' Z1
"""

HILLS_TOML = """
id = "hill-session"
name = "Hill session"
steps = [
  { warmup = "10min", note = "easy jog" },
  { warmup = "2min", direction = "backward" },
  { repeat = 6, steps = [ { run = "30s", direction = "backward", note = "hard 5:00/km" }, { rest = "90s" } ] },
  { cooldown = "5min", note = "Z1" },
]
"""


def parse(text: str, name: str = "w.txt"):  # type: ignore[no-untyped-def]
    return parse_text_workout(text, name, Settings())


def steps_of(text: str) -> tuple[Step | Repeat, ...]:
    return parse(text).workout.steps


def refusal(text: str, name: str = "w.txt") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(text, name)
    return caught.value


def test_a_whole_workout_is_the_one_its_toml_gives(tmp_path: Path) -> None:
    toml = tmp_path / "hills.toml"
    toml.write_text(HILLS_TOML, encoding="utf-8")
    (expected,) = load_workout_file(toml, Settings())
    imported = parse(HILLS, "Hill Session.txt")
    assert imported.workout == expected
    assert imported.data["id"] == "hill-session" and imported.data["name"] == "Hill session"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("30s", Amount(seconds=30)),
        ("90s", Amount(seconds=90)),
        ("10m", Amount(seconds=600)),  # m is minutes in this format
        ("1h", Amount(seconds=3600)),
        ("1m30", Amount(seconds=90)),
        ("1m30s", Amount(seconds=90)),
        ("1h2m30s", Amount(seconds=3750)),
        ("1.5m", Amount(seconds=90)),
        ("5'", Amount(seconds=300)),
        ('30"', Amount(seconds=30)),
        ("1'30\"", Amount(seconds=90)),
        ("400mtr", Amount(metres=400)),  # mtr is metres
        ("2km", Amount(metres=2000)),
        ("0.4km", Amount(metres=400)),
        ("1mi", Amount(metres=1609.344)),
    ],
)
def test_durations_and_distances(text: str, amount: Amount) -> None:
    (step,) = steps_of(f"- {text}")
    assert isinstance(step, Step) and step.amount == amount


@pytest.mark.parametrize(
    ("line", "kind", "direction"),
    [
        ("- 30s", "run", "backward"),
        ("- run 30s", "run", "backward"),
        ("- run forward 30s", "run", "forward"),
        ("- walk 2m", "walk", "backward"),
        ("- Walk forwards 2m", "walk", "forward"),
        ("- rest 1m", "rest", "forward"),
        ("- Recovery 1m", "rest", "forward"),
        ("- 5m recovery at 40%", "rest", "forward"),  # the word may follow the amount
        ("- rest forward 1m", "rest", "forward"),
        ("- 400mtr backwards", "run", "backward"),
        ("- warmup 10m", "warmup", "forward"),
        ("- cool-down 5m", "cooldown", "forward"),
    ],
)
def test_words_choose_kind_and_direction(line: str, kind: str, direction: str) -> None:
    (step,) = steps_of(line)
    assert isinstance(step, Step) and (step.kind, step.direction) == (kind, direction)


def test_the_rest_of_the_line_is_the_note() -> None:
    (step,) = steps_of("- Easy run backward 2m 5:30/km Z2 press lap")
    assert isinstance(step, Step) and step.note == "Easy 5:30/km Z2 press lap"
    (step,) = steps_of("- 30s")
    assert isinstance(step, Step) and step.note == ""


def test_repeats_by_a_line_or_a_header_run_to_the_next_blank_line() -> None:
    steps = steps_of("4x\n- 30s\n- walk 1m\n\n- walk 2m\nMain set 3X\n- 400mtr\n- rest 90s\n")
    assert [type(s).__name__ for s in steps] == ["Repeat", "Step", "Repeat"]
    first, after, second = steps
    assert isinstance(first, Repeat) and first.count == 4 and len(first.steps) == 2
    assert isinstance(after, Step) and after.kind == "walk"
    assert isinstance(second, Repeat) and second.count == 3 and len(second.steps) == 2


def test_another_header_ends_a_repeat_and_warm_up_cool_down_headers_set_the_kind() -> None:
    steps = steps_of(
        "Warmup\n- 5m\n- walk backward 1m\nMain set 2x\n- 30s\nCool down\n- 5m\n- walk 2m\n"
    )
    kinds = [s.kind if isinstance(s, Step) else f"{s.count}x" for s in steps]
    assert kinds == ["warmup", "warmup", "2x", "cooldown", "cooldown"]
    assert steps[1].direction == "backward"  # type: ignore[union-attr]  # a direction word counts
    assert steps_of("Warm-up 2x\n- 1m\n")[0].steps[0].kind == "warmup"  # type: ignore[union-attr]


def test_the_first_line_names_the_workout_and_the_file_the_id() -> None:
    assert parse("Tempo backwards\n- 5m", "Tempo Day (v2).txt").workout.name == "Tempo backwards"
    assert parse("- 5m", "tempo.txt").workout.name == "tempo"  # no name line: the id
    assert parse("Warmup\n- 5m", "x.txt").workout.name == "x"  # a header, not a name
    assert file_id("Tempo Day (v2).txt") == "tempo-day-v2"
    assert file_id("/some/where/8x100.TXT") == "8x100"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Name\n- walk fast\n", 2, ["no duration or distance", "400mtr", "10m (minutes)"]),
        ("- 1m\n-\n", 2, ["no duration or distance"]),
        ("6x\n- 1m\n2x\n- 30s\n", 3, ["repeat inside a repeat", "line 1"]),
        ("Main 6x\n- 1m\nSecond 2x\n- 30s\n", 3, ["repeat inside a repeat"]),
        ("- 1m\n- 10mtr\n", 2, ["10 metres", "at least 20 m", '"10m", 10 minutes']),
        ("- 0.01km\n", 1, ["10 metres", "at least 20 m"]),
        ("- rest backward 1m\n", 1, ["never backward"]),
        ("- 1m\n\n0x\n- 1m\n", 3, ["0 is not a repeat count", "1 to 100"]),
        ("- 1m\n101x\n- 1m\n", 2, ["101 is not a repeat count"]),
        ("Just words\n", 1, ["no steps", "a step line is"]),
        ("- 1m\n- 25h\n", 2, ["longer than a day"]),
        ("Title\n- 1m go\x1b]0;x\x07\n", 2, ["control character (U+001B)", "column 8"]),
        ("100x\n" + "- 30s\n" * 21, 1, ["2100 steps", "at most 2000"]),
    ],
)
def test_a_line_that_cannot_be_read_is_refused_with_file_line_and_what_is_accepted(
    text: str, line: int, words: list[str]
) -> None:
    err = refusal(text, "bad.txt")
    assert (err.file, err.line) == ("bad.txt", line), str(err)
    assert str(err).startswith(f"bad.txt:{line}: ")
    for word in words:
        assert word in str(err)


def test_files_that_are_not_small_utf8_text_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"- 1m\n- caf\xe9 2m\n")
    big = tmp_path / "big.txt"
    big.write_text("- 1m\n" * 300_000)
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    for path, words in (
        (latin, "not UTF-8"),
        (big, "over 1 MiB"),
        (folder, "is a folder"),
        (tmp_path / "missing.txt", "no such file"),
    ):
        with pytest.raises(ConfigError, match=words):
            read_text_workout(path, Settings())
    with pytest.raises(ConfigError) as caught:
        read_text_workout(latin, Settings())
    assert caught.value.line == 2
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbfName\r\n- 1m\r\n")  # a BOM and Windows line ends
    assert read_text_workout(crlf, Settings()).workout.name == "Name"


# --- through the CLI --------------------------------------------------------------


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(tmp_path),
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_check_timeline_and_run_take_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "Hill Session.txt"
    path.write_text(HILLS, encoding="utf-8")
    check = _cli(tmp_path, "check", str(path))
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"{path}: ok, text workout hill-session (15 steps, 29:00)"
    timeline = _cli(tmp_path, "timeline", str(path), "--json")
    assert timeline.returncode == 0, timeline.stderr
    data = json.loads(timeline.stdout)
    assert (data["workout"], data["name"], data["total_s"]) == (
        "hill-session",
        "Hill session",
        1740,
    )
    assert data["steps"][0]["note"] == "easy jog"
    run = _cli(tmp_path, "run", str(path), "--plain", "--speed", "500", "--mute")
    assert run.returncode == 0, run.stderr
    assert "Hill session" in run.stdout or "hill-session" in run.stdout
    log = json.loads(_cli(tmp_path, "log", "--json").stdout)
    assert log[0]["workout"] == "hill-session" and log[0]["status"] == "completed"


def test_a_bad_text_file_is_exit_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Intervals\n- 1m\n- jog a bit\n", encoding="utf-8")
    for command in (["check", str(path)], ["run", str(path), "--plain"], ["timeline", str(path)]):
        result = _cli(tmp_path, *command)
        assert result.returncode == 2, (command, result.stdout)
        assert result.stdout == ""
        assert result.stderr.startswith(f"retro-tui: {path}:3: no duration or distance")
        assert result.stderr.count("\n") == 1
