"""The `[settings]` table: typed values, one validator per key.

The same validators serve the config loader and the settings screen, so a
value is accepted or refused with the same words everywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from retro_tui.core.amounts import (
    TIME_ACCEPTED,
    AmountError,
    parse_interval,
    parse_pace,
    parse_time,
    parse_track_length,
    shown,
)

STEREO_CHOICES = ("normal", "swapped", "mono")  # PRODUCT.md §3 `stereo`


class SettingError(ValueError):
    """A setting value that is refused; the message says what is accepted."""


@dataclass(frozen=True)
class Settings:
    voice: str = "speech"
    shoulder_check_every: float | None = 20.0
    first_shoulder: str = "left"
    form_reminder_every: float | None = 90.0
    countdown: int = 3
    get_ready: float = 10.0
    pace_per_100m: float = 50.0
    track_length: float = 400.0
    weekly_backward_minutes: float = 30.0
    treadmill: bool = False
    checklist: bool = True
    time_left: tuple[float, ...] = (60.0,)
    splits: bool = True
    stereo: str = "normal"
    remote: bool = False
    remote_port: int = 8765
    remote_host: str = "0.0.0.0"
    theme: str = "textual-dark"  # the TUI's colours: the palette's "Change theme" saves it

    def with_values(self, **values: Any) -> Settings:
        return replace(self, **values)


def _choice(*choices: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise SettingError(
                f"{shown(value)} is not accepted: use " + " or ".join(f'"{c}"' for c in choices)
            )
        return str(value)

    return check


def _amount(parser: Callable[[object], Any]) -> Callable[[object], Any]:
    def check(value: object) -> Any:
        try:
            return parser(value)
        except AmountError as err:
            raise SettingError(str(err)) from None

    return check


def _countdown(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise SettingError(f"{shown(value)} is not accepted: use a whole number from 0 to 10")
    return value


def _get_ready(value: object) -> float:
    if isinstance(value, str) and value.strip().lower() == "off":
        return 0.0
    return float(_amount(parse_time)(value))


def _weekly(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 600:
        raise SettingError(f"{shown(value)} is not accepted: use a number of minutes from 1 to 600")
    return float(value)


def _port(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise SettingError(
            f"{shown(value)} is not accepted: use a TCP port from 1024 to 65535, or 0 for any free one"
        )
    if 0 < value < 1024:
        raise SettingError(
            f"{shown(value)} is not accepted: ports under 1024 need root; "
            "use a TCP port from 1024 to 65535, or 0 for any free one"
        )
    return value


def _host(value: object) -> str:
    import ipaddress

    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(value.strip()))
    raise SettingError(
        f"{shown(value)} is not accepted: use an IP address of this machine, "
        '"0.0.0.0" (every network) or "127.0.0.1" (this machine only)'
    )


TIME_LEFT_MIN_S = 5.0  # closer to the end than this, the countdown speaks
TIME_LEFT_MAX = 10  # more callouts than this in one step is a typo, not a plan
_TIME_LEFT_ACCEPTED = (
    f'a list of time amounts of at least {TIME_LEFT_MIN_S:g}s ({TIME_ACCEPTED}), e.g. ["1min"];'
    ' "off" or [] for none'
)


def _time_left(value: object) -> tuple[float, ...]:
    """A list of time amounts (each said at end - amount), or "off"/[] for none."""
    if isinstance(value, str) and value.strip().lower() == "off":
        return ()
    if not isinstance(value, list):
        raise SettingError(f"{shown(value)} is not accepted: use {_TIME_LEFT_ACCEPTED}")
    if len(value) > TIME_LEFT_MAX:
        raise SettingError(
            f"time_left has {len(value)} entries: use at most {TIME_LEFT_MAX}, {_TIME_LEFT_ACCEPTED}"
        )
    amounts: set[float] = set()
    for entry in value:
        try:
            seconds = parse_time(entry)
        except AmountError:
            raise SettingError(
                f"{shown(entry)} in time_left is not a time amount: use {_TIME_LEFT_ACCEPTED}"
            ) from None
        if seconds < TIME_LEFT_MIN_S:
            raise SettingError(
                f"{shown(entry)} in time_left is under {TIME_LEFT_MIN_S:g}s (the countdown"
                f" covers those): use {_TIME_LEFT_ACCEPTED}"
            )
        amounts.add(seconds)
    return tuple(sorted(amounts, reverse=True))  # said in time order: the longest first


def _theme(value: object) -> str:
    """A theme's name ("textual-dark", "nord"): the TUI falls back to its default for
    a name it does not know, so any short lowercase name is accepted here."""
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= 40
        or not all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in value)
    ):
        raise SettingError(
            f'{shown(value)} is not accepted: use a theme name such as "textual-dark" or "nord"'
        )
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"{shown(value)} is not accepted: use true or false")
    return value


VALIDATORS: dict[str, Callable[[object], Any]] = {
    "voice": _choice("speech", "beeps", "off"),
    "shoulder_check_every": _amount(parse_interval),
    "first_shoulder": _choice("left", "right"),
    "form_reminder_every": _amount(parse_interval),
    "countdown": _countdown,
    "get_ready": _get_ready,
    "pace_per_100m": _amount(parse_pace),
    "track_length": _amount(parse_track_length),
    "weekly_backward_minutes": _weekly,
    "treadmill": _bool,
    "checklist": _bool,
    "time_left": _time_left,
    "splits": _bool,
    "stereo": _choice(*STEREO_CHOICES),
    "remote": _bool,
    "remote_port": _port,
    "remote_host": _host,
    "theme": _theme,
}
SETTING_KEYS = tuple(f.name for f in fields(Settings))


def validate_setting(key: str, value: object) -> Any:
    """The typed value of one setting; raises SettingError (unknown key too)."""
    if key not in VALIDATORS:
        raise SettingError(f"unknown setting {key!r}: use one of {', '.join(SETTING_KEYS)}")
    return VALIDATORS[key](value)


def settings_from_raw(raw: Mapping[str, object], base: Settings | None = None) -> Settings:
    """Overlay raw TOML values on `base`, key by key."""
    values = {key: validate_setting(key, value) for key, value in raw.items()}
    return replace(base or Settings(), **values)


def _time_text(seconds: float | None) -> str:
    if seconds is None:
        return "off"
    whole = int(seconds)
    if whole != seconds:
        return f"{seconds:g}s"
    if whole % 60 == 0 and whole >= 60:
        return f"{whole // 60}min"
    return f"{whole}s"


def settings_to_raw(settings: Settings) -> dict[str, Any]:
    """The TOML spelling of every setting, as the user would write it."""
    pace = settings.pace_per_100m
    weekly = settings.weekly_backward_minutes
    return {
        "voice": settings.voice,
        "shoulder_check_every": _time_text(settings.shoulder_check_every),
        "first_shoulder": settings.first_shoulder,
        "form_reminder_every": _time_text(settings.form_reminder_every),
        "countdown": settings.countdown,
        "get_ready": _time_text(settings.get_ready) if settings.get_ready else "off",
        # "0:50" when whole seconds, else "50.5s": saving never changes the pace
        "pace_per_100m": (
            f"{int(pace) // 60}:{int(pace) % 60:02d}" if pace == int(pace) else f"{pace:g}s"
        ),
        "track_length": f"{settings.track_length:g}m",
        "weekly_backward_minutes": int(weekly) if weekly == int(weekly) else weekly,
        "treadmill": settings.treadmill,
        "checklist": settings.checklist,
        "time_left": [_time_text(a) for a in settings.time_left] or "off",
        "splits": settings.splits,
        "stereo": settings.stereo,
        "remote": settings.remote,
        "remote_port": settings.remote_port,
        "remote_host": settings.remote_host,
        "theme": settings.theme,
    }
