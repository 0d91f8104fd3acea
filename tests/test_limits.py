"""PRODUCT.md §3 limits, unit by unit (issue 16); the CLI side is test_cli_limits.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scan_placement import ScanPlaced

from retro_tui.cli import main
from retro_tui.core import config as config_module
from retro_tui.core.amounts import AmountError, parse_amount, parse_pace, shown
from retro_tui.core.config import ConfigError, ConfigErrors, load_workout_file, read_toml
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import _Placed, compile_timeline
from retro_tui.core.workout import MAX_NESTING, ValidationError, parse_workout

# --- amounts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("0.25mi", 402.0),
        ("110yd", 101.0),
        ("1 mi", 1609.0),
        ("20m", 20.0),
        ("0.02km", 20.0),
        ("22yd", 20.0),
        ("0.05 laps", 20.0),
    ],
)
def test_distances_accepted_in_every_unit(text: str, metres: float) -> None:
    amount = parse_amount(text)
    assert amount.metres == pytest.approx(metres)


@pytest.mark.parametrize("text", ["0.01km", "0.019km", "0.001 laps", "0.04 laps", "21yd", "0.01mi"])
def test_distances_under_20_m_are_refused_in_every_unit(text: str) -> None:
    with pytest.raises(AmountError, match="at least 20 m"):
        parse_amount(text)


def test_m_stays_metres_with_its_hint() -> None:
    assert parse_amount("100m").metres == 100.0
    with pytest.raises(AmountError, match='did you mean "5min"'):
        parse_amount("5m")


@pytest.mark.parametrize("value", [0.0001, 0.5, "0.9s", "0.5"])
def test_a_step_under_one_second_is_refused(value: object) -> None:
    with pytest.raises(AmountError, match="a step is at least 1 s"):
        parse_amount(value)


@pytest.mark.parametrize("value", [1, 1.0, "1s", "1"])
def test_a_one_second_step_is_accepted(value: object) -> None:
    assert parse_amount(value).seconds == 1.0


@pytest.mark.parametrize(("text", "seconds"), [("0:10", 10.0), ("10:00", 600.0), ("50s", 50.0)])
def test_paces_in_range(text: str, seconds: float) -> None:
    assert parse_pace(text) == seconds


@pytest.mark.parametrize("text", ["0:09", "9s", "10:01", "23:59:59", "1h"])
def test_paces_out_of_range(text: str) -> None:
    with pytest.raises(AmountError, match='from "0:10" to "10:00"'):
        parse_pace(text)


def test_shown_is_safe_for_any_value() -> None:
    assert shown("\x1b[2J") == '"\\x1b[2J"'
    assert len(shown("x" * 10_000)) < 80
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    assert shown(deep).startswith("[[[")  # no RecursionError
    assert len(shown(list(range(10_000)))) < 80


# --- workouts ------------------------------------------------------------------


def _nested(depth: int) -> dict[str, object]:
    step: dict[str, object] = {"run": "1min"}
    for _ in range(depth):
        step = {"repeat": 1, "steps": [step]}
    return {"id": "deep", "steps": [step]}


def test_repeats_nest_at_most_eight_deep() -> None:
    parse_workout(_nested(MAX_NESTING), "w")
    with pytest.raises(ValidationError, match="nested 9 deep") as info:
        parse_workout(_nested(MAX_NESTING + 1), "w")
    assert info.value.path == "w.steps[0]" + ".steps[0]" * MAX_NESTING


def test_deep_nesting_is_refused_without_recursing() -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="nested 9 deep"):
        parse_workout(_nested(5000), "w")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("steps", "pace", "ok"),
    [
        ([{"run": "12h"}], 50.0, True),
        ([{"run": "12h"}, {"walk": 1}], 50.0, False),
        ([{"repeat": 12, "steps": [{"run": "1h"}]}], 50.0, True),
        ([{"repeat": 20, "steps": [{"repeat": 100, "steps": [{"run": "23h"}]}]}], 50.0, False),
        ([{"run": "14.4km"}], 300.0, True),  # 43,200 s at 5:00 per 100 m
        ([{"run": "14.5km"}], 300.0, False),
    ],
)
def test_a_workout_lasts_at_most_twelve_hours(steps: list[object], pace: float, ok: bool) -> None:
    data = {"id": "long", "steps": steps}
    if ok:
        parse_workout(data, "w", pace_per_100m=pace)
    else:
        with pytest.raises(ValidationError, match="at most 12 hours") as info:
            parse_workout(data, "w", pace_per_100m=pace)
        assert info.value.path == "w.steps"


@pytest.mark.parametrize("workout_id", ["--plain", "-a", "-"])
def test_an_id_starts_with_a_letter_or_digit(workout_id: str) -> None:
    with pytest.raises(ValidationError, match="starting with a letter or digit"):
        parse_workout({"id": workout_id, "steps": [{"run": "1min"}]}, "w")
    parse_workout({"id": "a-" + workout_id.strip("-"), "steps": [{"run": "1min"}]}, "w")


@pytest.mark.parametrize("char", ["\x00", "\t", "\n", "\x1b", "\x1f", "\x7f", "\x80", "\x9f"])
@pytest.mark.parametrize("field", ["name", "description", "program", "note"])
def test_control_characters_are_refused_with_path_and_code_point(char: str, field: str) -> None:
    step: dict[str, object] = {"run": "1min"}
    data: dict[str, object] = {"id": "a", "steps": [step]}
    text = f"ab{char}c"
    if field == "note":
        step["note"] = text
        path = "w.steps[0].note"
    else:
        data[field] = text
        path = f"w.{field}"
    with pytest.raises(ValidationError) as info:
        parse_workout(data, "w")
    assert info.value.path == path
    assert f"U+{ord(char):04X} at character 3" in info.value.message


def test_printable_unicode_is_text() -> None:
    workout = parse_workout(
        {"id": "a", "name": "Café\u00a0rétro 🏃", "steps": [{"run": "1min", "note": "½ lap"}]}, "w"
    )
    assert workout.name == "Café\u00a0rétro 🏃"


def test_every_error_is_gathered_and_the_first_is_what_is_raised() -> None:
    data = {
        "id": "--x",
        "colour": "red",
        "name": "\x1b",
        "steps": [{"run": "0.01km"}, {"walk": "1min", "note": 3}, {"repeat": 0, "steps": []}],
    }
    errors: list[ValidationError] = []
    parse_workout(data, "w", errors=errors)
    assert [e.path for e in errors] == [
        "w.colour",
        "w.id",
        "w.steps[0].run",
        "w.steps[1].note",
        "w.steps[2].repeat",
        "w.steps[2].steps",
        "w.name",
    ]
    with pytest.raises(ValidationError) as info:
        parse_workout(data, "w")
    assert str(info.value) == str(errors[0])


# --- files ----------------------------------------------------------------------


def test_tomllib_recursion_is_a_clear_refusal(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 1000 + "]" * 1000 + "\n")
    with pytest.raises(ConfigError, match="nested too deep") as info:
        read_toml(path)
    assert str(info.value).startswith(f"{path}: ")


def test_a_deep_value_where_text_is_wanted(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        'id = "a"\nsteps = [ { run = "1min", note = ' + "[" * 150 + "]" * 150 + " } ]\n"
    )
    with pytest.raises(ConfigError, match="steps\\[0\\].note: \\[\\[\\[") as info:
        load_workout_file(path, Settings())
    assert info.value.line == 2


def test_a_file_of_exactly_1_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "pad.toml"
    path.write_bytes(b"#" * (1024 * 1024 - 1) + b"\n")
    assert read_toml(path).data == {}
    path.write_bytes(b"#" * (1024 * 1024) + b"\n")
    with pytest.raises(ConfigError, match="over 1 MiB"):
        read_toml(path)


def test_many_errors_are_listed_up_to_a_bound_quickly(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    steps = ",\n".join('  { run = "0.001km" }' for _ in range(1500))
    path.write_text(f'[[workouts]]\nid = "a"\nsteps = [\n{steps},\n]\n')
    started = time.perf_counter()
    with pytest.raises(ConfigErrors) as info:
        load_workout_file(path, Settings(), every_error=True)
    assert time.perf_counter() - started < 1.0
    lines = str(info.value).splitlines()
    assert len(info.value.errors) == config_module.MAX_LISTED_ERRORS
    assert lines[0].startswith(f"{path}:4: workouts[0].steps[0].run: ")
    assert lines[-1] == f"{path}: and {1500 - config_module.MAX_LISTED_ERRORS} more errors"


def test_a_list_of_more_steps_than_a_workout_holds_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    steps = ",\n".join('  { run = "0.001km" }' for _ in range(10_000))
    path.write_text(f'[[workouts]]\nid = "a"\nsteps = [\n{steps},\n]\n')
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="10000 steps in one list: a workout has at most 2000"):
        load_workout_file(path, Settings(), every_error=True)
    assert time.perf_counter() - started < 1.0


# Tests run as root, who reads any file whatever its mode: "permission denied"
# is simulated where the code meets it (opening the file, looking in its folder).


def test_a_user_config_without_permission_is_exit_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("RETRO_TUI_CONFIG", raising=False)
    monkeypatch.setenv("RETRO_TUI_DATA", str(tmp_path / "data"))
    user = tmp_path / "retro-tui" / "config.toml"
    user.parent.mkdir()
    user.write_text('[settings]\nvoice = "beeps"\n')
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == user:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(config_module.os, "open", refuse)
    assert main(["workouts"]) == 2
    assert capsys.readouterr().err == f"retro-tui: {user}: cannot be read (Permission denied)\n"


def test_a_user_config_folder_without_permission_is_exit_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("RETRO_TUI_CONFIG", raising=False)
    user = tmp_path / "retro-tui" / "config.toml"
    real_lstat = Path.lstat

    def refuse(self: Path) -> os.stat_result:
        if self == user:
            raise PermissionError(13, "Permission denied", str(self))
        return real_lstat(self)

    monkeypatch.setattr(Path, "lstat", refuse)
    assert main(["timeline", "ladder", "--json"]) == 2
    assert capsys.readouterr().err == f"retro-tui: {user}: cannot be read (Permission denied)\n"


# --- cue placement: the same as a plain scan, in n log n ------------------------


times = st.one_of(
    st.integers(0, 400).map(float),
    st.floats(0, 400).map(lambda x: round(x, 1)),
    st.floats(0, 400, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(times, max_size=60), st.lists(st.tuples(times, st.booleans()), max_size=60))
def test_placement_matches_the_plain_scan(fixed: list[float], queries: list[tuple]) -> None:
    fast, scan = _Placed(fixed), ScanPlaced(fixed)
    for t, place in queries:  # in any order: out-of-order adds exercise the run merging
        got = fast.first_free(t)
        assert got == scan.first_free(t)
        if place:
            fast.add(got)
            scan.add(got)


BUSY = Settings().with_values(shoulder_check_every=5.0, form_reminder_every=5.0, countdown=10)


@pytest.mark.parametrize(
    "steps",
    [
        [{"run": "12h"}],
        [{"repeat": 20, "steps": [{"repeat": 100, "steps": [{"run": 21.6}]}]}],
        [{"repeat": 20, "steps": [{"run": "36min"}]}],
    ],
    ids=["one-12h-step", "2000-steps", "20-long-steps"],
)
def test_the_largest_accepted_workouts_compile_within_a_second(steps: list[object]) -> None:
    workout = parse_workout({"id": "largest", "steps": steps}, "w")
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        compile_timeline(workout, BUSY)
        best = min(best, time.perf_counter() - started)
    assert best < 1.0


@pytest.mark.parametrize(("text", "metres"), [("440yd", 402.0), ("0.25mi", 402.0)])
def test_an_imperial_track_length(text: str, metres: float) -> None:
    from retro_tui.core.amounts import parse_track_length

    assert parse_track_length(text) == pytest.approx(metres)
