"""`retro-tui import FILE`: a text workout into the runner's config, comments kept byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from test_disk_trouble import _mount

from retro_tui.core.config import load_workout_file
from retro_tui.core.settings import Settings
from retro_tui.formats.text_workout import read_text_workout
from tools import clean_env

HILLS = """Hill session
Warm up
- 10m easy jog

Main set 6x
- run backward 30s hard
- recover 1m "easy" \\ back

Cool down
- walk 5m
"""

USER_FILE = """# My retro-tui settings
[settings]
voice = "beeps"   # quiet at the track

# --- my own workouts ---
[[workouts]]
id = "mine"   # keep this
steps = [ { run = "30s" } ]   # short

# the end
"""


def cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**clean_env(tmp_path), **(env or {})},
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def hills(tmp_path: Path) -> Path:
    path = tmp_path / "hills.txt"
    path.write_text(HILLS, encoding="utf-8")
    return path


def user_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg" / "retro-tui" / "config.toml"


def test_import_into_a_new_user_file_then_run_it(tmp_path: Path, hills: Path) -> None:
    result = cli(tmp_path, "import", str(hills))
    assert result.returncode == 0, result.stderr
    path = user_file(tmp_path)
    assert str(path) in result.stdout and "'hills'" in result.stdout
    entry = tomllib.loads(path.read_text(encoding="utf-8"))["workouts"]
    assert [w["id"] for w in entry] == ["hills"]
    listed = json.loads(cli(tmp_path, "workouts", "--json").stdout)
    assert "hills" in [w["id"] for w in listed]
    run = cli(tmp_path, "run", "hills", "--plain", "--speed", "1000", "--mute")
    assert run.returncode == 0, run.stderr


def test_the_entry_is_the_workout_the_text_gives(tmp_path: Path, hills: Path) -> None:
    printed = cli(tmp_path, "import", str(hills), "--print")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith('[[workouts]]\nid = "hills"\nname = "Hill session"\n')
    assert not user_file(tmp_path).exists()  # --print writes nothing
    toml = tmp_path / "printed.toml"
    toml.write_text(printed.stdout, encoding="utf-8")
    (from_toml,) = load_workout_file(toml, Settings())
    assert from_toml == read_text_workout(hills, Settings()).workout
    assert from_toml.steps[1].steps[1].note == '"easy" \\ back'  # type: ignore[union-attr]


def test_comments_and_everything_else_stay_byte_for_byte(tmp_path: Path, hills: Path) -> None:
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(USER_FILE.encode("utf-8"))
    result = cli(tmp_path, "import", str(hills))
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith(USER_FILE + '\n[[workouts]]\nid = "hills"')
    assert [w["id"] for w in tomllib.loads(text)["workouts"]] == ["mine", "hills"]
    assert sorted(os.listdir(path.parent)) == ["config.toml"]  # no temp file left


def test_an_id_that_exists_is_refused_unless_replace(tmp_path: Path, hills: Path) -> None:
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(USER_FILE, encoding="utf-8")
    mine = tmp_path / "mine.txt"
    mine.write_text("Mine again\n- walk 2m\n", encoding="utf-8")
    refused = cli(tmp_path, "import", str(mine))
    assert refused.returncode == 2
    assert "already has a workout 'mine'" in refused.stderr and "--replace" in refused.stderr
    assert path.read_text(encoding="utf-8") == USER_FILE
    replaced = cli(tmp_path, "import", str(mine), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.startswith("Replaced workout 'mine'")
    text = path.read_text(encoding="utf-8")
    before = USER_FILE[: USER_FILE.index("[[workouts]]")]
    assert text.startswith(before) and text.endswith("\n# the end\n")
    (workout,) = tomllib.loads(text)["workouts"]
    assert workout["name"] == "Mine again" and workout["steps"] == [{"walk": "2min"}]
    assert "# keep this" not in text  # the old entry's own lines went with it


def test_a_shipped_id_needs_replace_and_then_overlays_it(tmp_path: Path) -> None:
    ladder = tmp_path / "ladder.txt"
    ladder.write_text("My ladder\n- walk 3m\n", encoding="utf-8")
    refused = cli(tmp_path, "import", str(ladder))
    assert refused.returncode == 2 and "the shipped workouts" in refused.stderr
    assert not user_file(tmp_path).exists()
    done = cli(tmp_path, "import", str(ladder), "--replace")
    assert done.returncode == 0, done.stderr
    timeline = json.loads(cli(tmp_path, "timeline", "ladder", "--json").stdout)
    assert (timeline["name"], timeline["total_s"]) == ("My ladder", 180)


def test_config_flag_and_environment_choose_the_file(tmp_path: Path, hills: Path) -> None:
    chosen = tmp_path / "chosen.toml"
    chosen.write_text("# mine\n", encoding="utf-8")
    result = cli(tmp_path, "import", str(hills), "--config", str(chosen))
    assert result.returncode == 0, result.stderr
    assert str(chosen) in result.stdout
    assert chosen.read_text(encoding="utf-8").startswith("# mine\n\n[[workouts]]\n")
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    result = cli(tmp_path, "import", str(hills), env={"RETRO_TUI_CONFIG": str(other)})
    assert result.returncode == 0, result.stderr
    assert other.read_text(encoding="utf-8").startswith('[[workouts]]\nid = "hills"')
    assert not user_file(tmp_path).exists()


def test_a_bad_line_is_exit_2_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Session\n- 5m\n6x\n- 200mtr\n3x\n- 30s\n", encoding="utf-8")
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(USER_FILE, encoding="utf-8")
    for args in (["import", str(bad)], ["import", str(bad), "--print"]):
        result = cli(tmp_path, *args)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"retro-tui: {bad}:5: a repeat inside a repeat")
        assert result.stderr.count("\n") == 1
    assert path.read_text(encoding="utf-8") == USER_FILE


def test_a_file_that_cannot_take_the_entry_is_left_alone(tmp_path: Path, hills: Path) -> None:
    inline = tmp_path / "inline.toml"
    inline.write_text('workouts = [ { id = "a", steps = [ { run = "30s" } ] } ]\n')
    result = cli(tmp_path, "import", str(hills), "--config", str(inline))
    assert result.returncode == 2 and "inline" in result.stderr and "--print" in result.stderr
    for folder in _mount(tmp_path / "ro", "ro,size=1m"):
        result = cli(tmp_path, "import", str(hills), "--config", str(folder / "config.toml"))
        assert result.returncode == 2  # a --config that is not there is refused first
        assert result.stderr.count("\n") == 1


def test_an_unwritable_user_folder_is_one_message(tmp_path: Path, hills: Path) -> None:
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    for folder in _mount(xdg / "retro-tui", "ro,size=1m"):
        result = cli(tmp_path, "import", str(hills))
        assert result.returncode == 2
        assert "cannot write" in result.stderr and "nothing imported" in result.stderr
        assert result.stderr.count("\n") == 1
        assert os.listdir(folder) == []
