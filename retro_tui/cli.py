"""Command line: `retro-tui [COMMAND] ...`.

Parsing stays light (no Textual import) so `check`, `timeline`, `workouts`
and `log` start fast; each command's module is imported only when chosen.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number: use e.g. 10") from None
    if not 0 < value <= 1000:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: use a number above 0, up to 1000"
        )
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not (value == 0 or 1024 <= value <= 65535):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: use a number from 1024 to 65535, or 0 for any free one"
        )
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def _common(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="config file overlaying the shipped default",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default, help="folder of the session log"
    )


# command -> (module under retro_tui.commands, function)
COMMANDS = {
    None: ("app", "cmd_app"),
    "run": ("run", "cmd_run"),
    "workouts": ("workouts", "cmd_workouts"),
    "timeline": ("workouts", "cmd_timeline"),
    "check": ("workouts", "cmd_check"),
    "log": ("log", "cmd_log"),
    "show": ("log", "cmd_show"),
    "export": ("export", "cmd_export"),
    "import": ("import_text", "cmd_import"),
    "plan": ("plan", "cmd_plan"),
    "doctor": ("doctor", "cmd_doctor"),
}


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad argument told in one line rather than a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="retro-tui",
        description="A terminal coach for retro (backwards) running.",
    )
    _common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, argparse.SUPPRESS)  # accepted after the command too
        return p

    p = command("run", "start a session at once")
    p.add_argument("workout", metavar="WORKOUT", help="a workout id or a .toml file")
    p.add_argument("--plain", action="store_true", help="no TUI: print each step and cue as a line")
    p.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="F",
        help="run the clock F times faster (logged as simulated)",
    )
    p.add_argument("--mute", action="store_true", help="visual cues only")
    p.add_argument("--remote", action="store_true", help="serve the phone remote for this session")
    p.add_argument(
        "--remote-port",
        type=_port,
        metavar="N",
        help="the remote's TCP port (0: any free one; default: the remote_port setting)",
    )

    p = command("workouts", "list workouts with their total and backward time")
    p.add_argument("--json", action="store_true")

    p = command("timeline", "print a workout's compiled timeline")
    p.add_argument("workout", metavar="WORKOUT", help="a workout id or a .toml file")
    p.add_argument("--json", action="store_true")

    p = command("check", "validate a config or workout file")
    p.add_argument("file", metavar="FILE")

    p = command("log", "past sessions, newest first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=_positive_int, default=20, metavar="N")

    p = command("show", "one session: steps planned vs actual, events")
    p.add_argument("id", type=_positive_int, metavar="ID")
    p.add_argument("--json", action="store_true")

    p = command(
        "export", "export one session, or all of them (csv, json, or tcx for Strava/Garmin)"
    )
    p.add_argument("id", type=_positive_int, metavar="ID", nargs="?")
    p.add_argument(
        "--format",
        choices=("csv", "json", "tcx"),
        help="csv (default): one row a step; json: as show --json; tcx: Strava, Garmin, intervals.icu",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here instead of standard output (--all: a folder)",
    )
    p.add_argument("--all", action="store_true", help="every session, one file each, into -o DIR")
    p.add_argument(
        "--since", type=_date, metavar="DATE", help="--all: sessions from DATE (YYYY-MM-DD)"
    )
    p.add_argument("--include-simulated", action="store_true", help="--all: --speed sessions too")
    p.add_argument("--force", action="store_true", help="--all: overwrite files already there")

    p = command("import", "a text workout (intervals.icu style) into your config")
    p.add_argument("file", metavar="FILE", help="a .txt workout: one '- 30s run backward' a line")
    p.add_argument("--print", action="store_true", help="print the TOML entry, write nothing")
    p.add_argument("--replace", action="store_true", help="overwrite a workout with the same id")

    p = command("plan", "the progression programme and where you are")
    p.add_argument("--json", action="store_true")

    p = command("doctor", "config and data paths, the audio chain, a test cue")
    p.add_argument(
        "--sound-check",
        action="store_true",
        help='play "left" in the left channel, then "right" in the right (the stereo setting)',
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module_name, function = COMMANDS[args.command]
    from retro_tui.core.config import ConfigError
    from retro_tui.errors import DataError, UserError

    try:
        module = importlib.import_module(f"retro_tui.commands.{module_name}")
        return int(getattr(module, function)(args))
    except (ConfigError, UserError, DataError) as err:
        # `check` may list several errors (ConfigErrors): one prefixed line each.
        for line in str(err).split("\n"):
            print(f"retro-tui: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK  # `retro-tui log | head`


if __name__ == "__main__":
    raise SystemExit(main())
