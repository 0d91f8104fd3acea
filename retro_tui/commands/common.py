"""What several commands share: the config and workout a command names."""

from __future__ import annotations

import argparse
from pathlib import Path

from retro_tui.core.config import (
    Config,
    load_config,
    load_workout_file,
    resolve_config_path,
    resolve_data_dir,
)
from retro_tui.core.workout import Workout
from retro_tui.errors import UserError


def config_from_args(args: argparse.Namespace) -> Config:
    return load_config(resolve_config_path(getattr(args, "config", None)))


def data_dir_from_args(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def find_workout(config: Config, name: str) -> Workout:
    """A workout by id, the (first) workout of a .toml file, or a .txt text workout (§13)."""
    if name.lower().endswith(".txt"):
        from retro_tui.formats.text_workout import read_text_workout

        return read_text_workout(Path(name), config.settings).workout
    if name.endswith(".toml") or "/" in name or "\\" in name:
        workouts = load_workout_file(Path(name), config.settings)
        if not workouts:
            raise UserError(f"{name}: has no workouts: add [[workouts]] with id and steps")
        return workouts[0]
    workout = config.workout(name)
    if workout is None:
        ids = ", ".join(sorted(config.workouts)) or "none"
        raise UserError(f"no workout {name!r}: use a .toml or .txt file or one of: {ids}")
    return workout
