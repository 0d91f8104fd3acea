"""`import FILE`: a text workout (PRODUCT.md §13) into the runner's config as `[[workouts]]`.

The file it writes is the one the app reads: `--config` or
`$RETRO_TUI_CONFIG` when given, else the user file (created if need be).
The entry is appended after the file's last byte (comments and everything
else kept as written); an id that exists is refused unless `--replace`.
The new text is checked by the same loader the app uses before it replaces
the file, so a refusal leaves the file untouched. `--print` writes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from retro_tui.commands.common import config_from_args
from retro_tui.core.amounts import format_duration
from retro_tui.core.config import CONFIG_ENV, ConfigError, load_config, user_config_path
from retro_tui.core.files import write_atomic
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import count_steps
from retro_tui.errors import UserError
from retro_tui.formats.text_workout import read_text_workout
from retro_tui.formats.toml_entry import EntryError, add_entry, entry_text, file_ids


def target_file(args: argparse.Namespace) -> Path:
    """The config file the app reads: --config, $RETRO_TUI_CONFIG, else the user file."""
    given = getattr(args, "config", None) or os.environ.get(CONFIG_ENV)
    return Path(given) if given else user_config_path()


def _existing_text(path: Path) -> str:
    if not path.exists() and not path.is_symlink():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UserError(f"{path}: cannot be read ({reason}): nothing imported") from None


def cmd_import(args: argparse.Namespace) -> int:
    config = config_from_args(args)  # the runner's pace and track; refuses a broken config
    imported = read_text_workout(Path(args.file), config.settings)
    workout = imported.workout
    timeline = compile_timeline(workout, config.settings)  # the limits a session has
    entry = entry_text(imported.data)
    if args.print:
        sys.stdout.write(entry)
        return 0
    path = target_file(args)
    existing = _existing_text(path)
    try:
        in_file = workout.id in file_ids(existing) if existing.strip() else False
        if not args.replace and (in_file or workout.id in config.workouts):
            where = path if in_file else "the shipped workouts"
            raise UserError(
                f"{where}: already has a workout {workout.id!r}: add --replace to overwrite it, "
                "or rename the file you import (the id comes from its name)"
            )
        new_text = add_entry(existing, entry, workout.id, args.replace)
    except EntryError as err:
        raise UserError(f"{path}: {err}") from None

    def loads(tmp: Path) -> None:
        try:
            load_config(tmp)
        except ConfigError as err:
            raise UserError(
                f"{path}: would not load with this entry ({err.message}): nothing imported"
            ) from None

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, new_text.encode("utf-8"), check=loads, durable=True)
    except OSError as err:
        raise UserError(
            f"{path}: cannot write ({err.strerror or err}): nothing imported; "
            "use --print to see the entry, or --config to name another file"
        ) from None
    verb = "Replaced" if args.replace and in_file else "Imported"
    print(
        f"{verb} workout {workout.id!r} ({count_steps(workout.steps)} steps, "
        f"{format_duration(timeline.total_s)}) into {path}. "
        f"Start it with: retro-tui run {workout.id}"
    )
    return 0
