"""Config resolution, overlay and writing (PRODUCT.md §3)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from retro_tui.cli import main
from retro_tui.core import config as config_module
from retro_tui.core.config import (
    CONFIG_ENV,
    DATA_ENV,
    ConfigError,
    load_config,
    load_workout_file,
    resolve_config_path,
    resolve_data_dir,
)
from retro_tui.core.resources import default_config_path
from retro_tui.core.settings import Settings, settings_from_raw, settings_to_raw

OVERLAY = """\
[settings]
countdown = 5
first_shoulder = "right"

[[workouts]]
id = "ladder"
name = "My ladder"
steps = [ { run = "1min" } ]

[[workouts]]
id = "mine"
name = "Mine"
steps = [ { warmup = "5min" }, { repeat = 4, steps = [ { run = "100m" }, { rest = "1min" } ] } ]
"""

SINGLE = """\
id = "solo"
name = "Solo"
description = "A workout file on its own"
steps = [ { warmup = "3min" }, { walk = "2min" }, { cooldown = "3min" } ]
"""


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config file lives in a temp folder (platformdirs patched)."""
    folder = tmp_path / "user-config"
    monkeypatch.setattr("platformdirs.user_config_path", lambda *a, **k: folder)
    monkeypatch.setattr("platformdirs.user_data_path", lambda *a, **k: tmp_path / "user-data")
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    monkeypatch.delenv(DATA_ENV, raising=False)
    return folder / "config.toml"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- resolution ----------------------------------------------------------------


def test_resolution_order(user_file: Path, tmp_path: Path) -> None:
    cli = _write(tmp_path / "cli.toml", "")
    env_file = _write(tmp_path / "env.toml", "")
    env = {CONFIG_ENV: str(env_file)}
    # nothing: the shipped default alone
    assert resolve_config_path(None, {}) is None
    # the user file, when present
    _write(user_file, "")
    assert resolve_config_path(None, {}) == user_file
    # $RETRO_TUI_CONFIG beats the user file
    assert resolve_config_path(None, env) == env_file
    # --config beats everything
    assert resolve_config_path(str(cli), env) == cli
    assert config_module.user_config_path() == user_file


def test_empty_env_is_ignored(user_file: Path) -> None:
    assert resolve_config_path(None, {CONFIG_ENV: ""}) is None


def test_data_dir_resolution(user_file: Path, tmp_path: Path) -> None:
    assert resolve_data_dir(None, {}) == tmp_path / "user-data"
    assert resolve_data_dir(None, {DATA_ENV: "/x/env"}) == Path("/x/env")
    assert resolve_data_dir("/x/cli", {DATA_ENV: "/x/env"}) == Path("/x/cli")


def _ids(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, dict[str, object]]:
    assert main(["workouts", "--json", *argv]) == 0
    return {w["id"]: w for w in json.loads(capsys.readouterr().out)}


def test_resolution_through_the_cli(
    user_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    default_ids = set(_ids(capsys))
    assert "mine" not in default_ids
    _write(user_file, '[[workouts]]\nid = "from-user"\nsteps = [ { walk = "1min" } ]\n')
    assert set(_ids(capsys)) == default_ids | {"from-user"}
    env_file = _write(
        tmp_path / "env.toml", '[[workouts]]\nid = "from-env"\nsteps = [ { walk = "1min" } ]\n'
    )
    monkeypatch.setenv(CONFIG_ENV, str(env_file))
    assert set(_ids(capsys)) == default_ids | {"from-env"}  # the user file is not read
    cli = _write(tmp_path / "cli.toml", OVERLAY)
    assert set(_ids(capsys, "--config", str(cli))) == default_ids | {"mine"}
    # --config before the subcommand too
    assert main(["--config", str(cli), "workouts", "--json"]) == 0
    assert "mine" in {w["id"] for w in json.loads(capsys.readouterr().out)}


def test_missing_config_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


# --- overlay ----------------------------------------------------------------------


def test_shipped_default_alone() -> None:
    config = load_config()
    assert config.source is None
    assert config.settings == Settings()  # config.toml documents the defaults
    assert len(config.workouts) >= 26
    for wanted in ("first-retro-walk", "repeats-50m", "repeats-100m", "ladder", "treadmill"):
        assert wanted in config.workouts
    programme = [w for w in config.workouts.values() if w.program == "retro-foundations"]
    assert sorted((w.week, w.session) for w in programme) == [
        (week, session) for week in range(1, 11) for session in (1, 2)
    ]


def test_overlay_settings_key_by_key_and_workouts_by_id(tmp_path: Path) -> None:
    base = load_config()
    config = load_config(_write(tmp_path / "mine.toml", OVERLAY))
    assert config.source == tmp_path / "mine.toml"
    assert config.settings == base.settings.with_values(countdown=5, first_shoulder="right")
    assert config.settings.voice == "speech"
    # same id replaces
    ladder = config.workout("ladder")
    assert ladder is not None
    assert ladder.name == "My ladder"
    assert len(ladder.steps) == 1
    # new ids add; the rest of the default stays
    assert config.workout("mine") is not None
    assert set(config.workouts) == set(base.workouts) | {"mine"}
    for workout_id in set(base.workouts) - {"ladder"}:
        assert config.workouts[workout_id] == base.workouts[workout_id]


def test_overlay_settings_apply_to_the_default_workouts(tmp_path: Path) -> None:
    """pace_per_100m from the overlay times distance steps in the shipped workouts."""
    slow = load_config(_write(tmp_path / "slow.toml", '[settings]\npace_per_100m = "1:40"\n'))
    from retro_tui.core.timeline import compile_timeline

    workout = slow.workouts["repeats-100m"]
    runs = [s for s in compile_timeline(workout, slow.settings).steps if s.kind == "run"]
    assert {s.duration_s for s in runs} == {100}


def test_laps_follow_the_overlay_track_length(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path / "short.toml",
            '[settings]\ntrack_length = "200m"\n\n[[workouts]]\nid = "laps"\n'
            'steps = [ { run = "2 laps" } ]\n',
        )
    )
    step = config.workouts["laps"].steps[0]
    assert step.amount.metres == 400  # type: ignore[union-attr]


def test_single_workout_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "solo.toml", SINGLE)
    [workout] = load_workout_file(path, Settings())
    assert (workout.id, workout.name, len(workout.steps)) == ("solo", "Solo", 3)
    # as an overlay it adds its workout
    assert "solo" in load_config(path).workouts
    # check, timeline by path
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "ok" in out and "1 workout" in out
    assert main(["timeline", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workout"] == "solo"
    assert data["total_s"] == 480
    assert data["backward_s"] == 120


# --- writing the user file -----------------------------------------------------------


def test_settings_round_trip() -> None:
    for s in (
        Settings(),
        Settings(
            voice="off",
            shoulder_check_every=None,
            form_reminder_every=45.0,
            countdown=0,
            get_ready=0.0,
            pace_per_100m=75.0,
            track_length=200.0,
            weekly_backward_minutes=45.0,
            treadmill=True,
            checklist=False,
        ),
        Settings(shoulder_check_every=90.0, form_reminder_every=120.0, get_ready=12.5),
    ):
        raw = settings_to_raw(s)
        assert settings_from_raw(raw) == s
        assert tomllib.loads(__import__("tomli_w").dumps({"settings": raw}))["settings"] == raw


def test_default_config_path_is_the_shipped_file() -> None:
    path = default_config_path()
    assert path.name == "config.toml"
    assert path.is_file()
