"""Find, read, validate, overlay and write configuration files.

The shipped `config.toml` is the base. One chosen file (`--config`, then
`$RETRO_TUI_CONFIG`, then the user file) overlays it: settings key by key,
workouts by id. Every refusal is a `ConfigError` naming file, line, value
path and what is accepted.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retro_tui.core.resources import default_config_path
from retro_tui.core.settings import SettingError, Settings, settings_from_raw
from retro_tui.core.text import visible
from retro_tui.core.toml_lines import locate, top_key_line
from retro_tui.core.workout import ValidationError, Workout, parse_workout

CONFIG_ENV = "RETRO_TUI_CONFIG"
DATA_ENV = "RETRO_TUI_DATA"
TOP_KEYS = ("settings", "workouts")
APP_NAME = "retro-tui"
MAX_FILE_BYTES = 1024 * 1024  # a config is a few kilobytes: more is not one
MAX_LISTED_ERRORS = 50  # `check` lists every error, but locating each costs a scan


class ConfigError(Exception):
    """A refused file: `str()` is the one message a user sees."""

    def __init__(
        self, file: Path | str, message: str, line: int | None = None, path: str = ""
    ) -> None:
        # Control characters as visible escapes: a file name, a key or a
        # value quoted here must not drive the terminal it is printed on.
        self.file = visible(str(file))
        self.line = line
        self.path = visible(path)
        self.message = visible(message)
        where = self.file + (f":{line}" if line else "")
        super().__init__(f"{where}: {self.path + ': ' if path else ''}{self.message}")


class ConfigErrors(ConfigError):
    """Every refusal in one file, for `check`: `str()` has one line each."""

    def __init__(self, errors: list[ConfigError], unlisted: int = 0) -> None:
        first = errors[0]
        super().__init__(first.file, first.message, first.line, first.path)
        self.errors = errors
        lines = [str(e) for e in errors]
        if unlisted:
            lines.append(f"{first.file}: and {unlisted} more errors")
        self.args = ("\n".join(lines),)


@dataclass
class Config:
    settings: Settings
    workouts: dict[str, Workout]
    # The overlay file that was read (None: the shipped default alone).
    source: Path | None = None
    default_path: Path = field(default_factory=default_config_path)

    def workout(self, workout_id: str) -> Workout | None:
        return self.workouts.get(workout_id)


def user_config_path() -> Path:
    from platformdirs import user_config_path as _user_config_path

    return _user_config_path(APP_NAME) / "config.toml"


def user_data_path() -> Path:
    from platformdirs import user_data_path as _user_data_path

    return _user_data_path(APP_NAME)


def resolve_config_path(
    cli_path: str | None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The overlay file to read, or None for the shipped default alone."""
    env = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path)
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    user = user_config_path()
    try:
        user.lstat()  # there in any form, a dangling link too: then read_toml says why not
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise ConfigError(
            user.parent, f"is a file, not a folder: the user config is {user.name} inside it"
        ) from None
    except OSError as err:
        raise ConfigError(user, f"cannot be read ({err.strerror or err})") from None
    return user


def resolve_data_dir(cli_path: str | None, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path)
    if env.get(DATA_ENV):
        return Path(env[DATA_ENV])
    return user_data_path()


# --- reading ---------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END = re.compile(r"\(at end of document\)")
TOML_ACCEPTED = "a config is TOML (https://toml.io) with [settings] and [[workouts]]"


@dataclass(frozen=True)
class RawFile:
    path: Path
    text: str
    data: dict[str, Any]


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; elsewhere a FIFO is not a file to open


def read_small_file(path: Path, what: str = "a TOML file") -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; ConfigError otherwise.

    Opened without blocking and checked on the open descriptor: a FIFO would
    wait for a writer for ever, and a device such as /dev/zero never ends.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            raise ConfigError(path, f"is a link to {target}, which does not exist") from None
        raise ConfigError(path, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, f"is a folder, not {what}") from None
    except OSError as err:
        raise ConfigError(path, f"cannot be read ({err.strerror or err})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(path, f"is a folder, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(path, f"is not a regular file (a pipe or a device), not {what}")
        if info.st_size > MAX_FILE_BYTES:
            raise ConfigError(path, f"is over 1 MiB ({info.st_size:,} bytes): not {what}")
        if _NONBLOCK:
            os.set_blocking(fd, True)  # a regular file: read it plainly
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ConfigError(path, f"cannot be read ({err.strerror or err})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # grew since fstat
        raise ConfigError(path, f"is over 1 MiB: not {what}")
    return raw


def read_toml(path: Path) -> RawFile:
    """Read one TOML file, refusing anything that is not UTF-8 TOML text."""
    raw = read_small_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(path, "is not UTF-8 text: save it as UTF-8", bad_line) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        detail = str(err)
        line: int | None = None
        m = _TOML_POSITION.search(detail)
        if m:
            line = int(m.group(1))
            detail = f"{detail[: m.start()].strip()} at column {m.group(2)}"
        elif _TOML_END.search(detail):
            line = last_line
            detail = _TOML_END.sub("", detail).strip() + " at the end of the file"
        raise ConfigError(path, f"TOML syntax error: {detail}; {TOML_ACCEPTED}", line) from None
    except RecursionError:
        # tomllib recurses once a nesting level: a few hundred nested
        # arrays or inline tables overflow Python's stack.
        raise ConfigError(
            path,
            "arrays or tables nested too deep to read (hundreds of levels); " + TOML_ACCEPTED,
        ) from None
    return RawFile(path, text, data)


# --- validating and overlaying --------------------------------------------


class _Sink:
    """Where refusals go: raised at once, or (for `check`) gathered and raised
    together, only the first MAX_LISTED_ERRORS located in the text."""

    def __init__(self, gather: bool) -> None:
        self.gather = gather
        self.found: list[tuple[RawFile, str, str, int | None]] = []

    def add(self, raw: RawFile, path: str, message: str, line: int | None = None) -> None:
        if not self.gather:
            raise _located(raw, path, message, line)
        self.found.append((raw, path, message, line))

    def raise_found(self) -> None:
        if not self.found:
            return
        listed = [_located(*item) for item in self.found[:MAX_LISTED_ERRORS]]
        listed.sort(key=lambda err: err.line or 0)  # in file order (stable within a line)
        raise ConfigErrors(listed, len(self.found) - len(listed))


def _located(raw: RawFile, path: str, message: str, line: int | None) -> ConfigError:
    return ConfigError(
        raw.path, message, line if line is not None else locate(raw.text, path), path
    )


def _raw_settings(raw: RawFile, sink: _Sink | None = None) -> dict[str, Any]:
    sink = sink or _Sink(gather=False)
    if "steps" not in raw.data:
        for key in raw.data:
            if key not in TOP_KEYS:
                sink.add(
                    raw,
                    key,
                    f"unknown key {key!r}: a config file has [settings] and [[workouts]]",
                    top_key_line(raw.text, key),
                )
    settings = raw.data.get("settings", {})
    if not isinstance(settings, dict):
        sink.add(raw, "settings", "settings is a table: use [settings]")
        return {}
    return settings


def _overlay_settings(raw: RawFile, base: Settings, sink: _Sink | None = None) -> Settings:
    sink = sink or _Sink(gather=False)
    values = _raw_settings(raw, sink)
    valid: dict[str, Any] = {}
    for key, value in values.items():
        try:
            settings_from_raw({key: value})
        except SettingError as err:
            sink.add(raw, f"settings.{key}", str(err))
        else:
            valid[key] = value
    return settings_from_raw(valid, base)


def _parse_workouts(raw: RawFile, settings: Settings, sink: _Sink | None = None) -> list[Workout]:
    sink = sink or _Sink(gather=False)
    data = raw.data
    if "steps" in data:  # a single-workout file: id, name, steps at the top
        items: list[tuple[str, object]] = [("", data)]
    else:
        workouts = data.get("workouts", [])
        if not isinstance(workouts, list):
            sink.add(raw, "workouts", "workouts is a list of tables: use [[workouts]]")
            workouts = []
        items = [(f"workouts[{i}]", w) for i, w in enumerate(workouts)]
    parsed: list[Workout] = []
    seen: dict[str, str] = {}
    for path, item in items:
        errors: list[ValidationError] = []
        workout = parse_workout(
            item, path, settings.track_length, settings.pace_per_100m, errors=errors
        )
        for err in errors:
            sink.add(raw, err.path, err.message)
        if errors:
            continue
        if workout.id in seen:
            sink.add(
                raw,
                f"{path}.id",
                f"duplicate id {workout.id!r} (also {seen[workout.id]}): give each workout its own id",
            )
            continue
        seen[workout.id] = path or "above"
        parsed.append(workout)
    return parsed


def load_config(
    overlay: Path | None = None, default: Path | None = None, every_error: bool = False
) -> Config:
    """The shipped default, overlaid by one file when given.

    With `every_error` (for `check`), the overlay's refusals are gathered and
    raised together as ConfigErrors rather than the first alone.
    """
    default = default or default_config_path()
    base_raw = read_toml(default)
    settings = _overlay_settings(base_raw, Settings())
    over_raw = read_toml(overlay) if overlay is not None else None
    sink = _Sink(every_error)
    if over_raw is not None:
        settings = _overlay_settings(over_raw, settings, sink)
    workouts: dict[str, Workout] = {}
    for workout in _parse_workouts(base_raw, settings):
        workouts[workout.id] = workout
    if over_raw is not None:
        for workout in _parse_workouts(over_raw, settings, sink):
            workouts[workout.id] = workout  # same id replaces, new ids add
    sink.raise_found()
    return Config(settings, workouts, overlay, default)


def load_workout_file(path: Path, settings: Settings, every_error: bool = False) -> list[Workout]:
    """Workouts from a .toml file given to `run` (a workout or a config file)."""
    raw = read_toml(path)
    sink = _Sink(every_error)
    _raw_settings(raw, sink)
    workouts = _parse_workouts(raw, settings, sink)
    sink.raise_found()
    return workouts
