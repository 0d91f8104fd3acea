"""`export`: one session, or every one, as per-step CSV, JSON or TCX (PRODUCT.md §5, §13).

No Textual and no aiohttp here: `export` is a light command. The default
format is the per-step CSV a spreadsheet opens; `json` is `show --json`;
`tcx` is for Strava, Garmin Connect and intervals.icu. `--all -o DIR`
writes one file a session, named `YYYY-MM-DD_HHMM_<workout>.<ext>` from its
local start time, and never overwrites a file without `--force`. Every file
is written whole or not at all (`core.files.write_atomic`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retro_tui.commands.common import config_from_args, data_dir_from_args
from retro_tui.core.config import Config, ConfigError
from retro_tui.core.files import write_atomic
from retro_tui.core.records import SessionDetail
from retro_tui.core.store import Store
from retro_tui.errors import UserError
from retro_tui.formats.export import DistancesFrom, file_names, render
from retro_tui.formats.tcx import NothingToExport


class _Distances(DistancesFrom):
    """Distances from the config the command reads (once); unreadable: left at 0."""

    def __init__(self, args: argparse.Namespace) -> None:
        self._args = args
        self._read: Config | None = None
        self._unreadable = False
        super().__init__(self._read_config)

    def _read_config(self) -> Config | None:
        if self._read is None and not self._unreadable:
            try:
                self._read = config_from_args(self._args)
            except ConfigError as err:
                self._unreadable = True  # the export goes on: distances are then unknown
                print(f"retro-tui: distances left at 0: {err}", file=sys.stderr)
        return self._read


def _what(detail: SessionDetail, fmt: str, text: str) -> str:
    if fmt == "tcx":
        return f"tcx, {text.count('<Lap ')} laps"
    if fmt == "json":
        return f"json, {len(detail.events)} events"
    return f"csv, {len(detail.steps)} steps"


def _cannot_write(path: Path, err: OSError, advice: str) -> UserError:
    reason = "is a folder" if isinstance(err, IsADirectoryError) else err.strerror or str(err)
    return UserError(f"{path}: cannot write the export ({reason}): {advice}")


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format or "csv"
    if args.all:
        return _export_all(args, fmt)
    if args.id is None:
        raise UserError("export needs a session ID (see retro-tui log), or --all with -o DIR")
    if args.since is not None or args.include_simulated:
        raise UserError("--since and --include-simulated choose sessions for --all")
    with Store.open(data_dir_from_args(args)) as store:
        detail = store.get_session(args.id)
    if detail is None:
        raise UserError(f"no session {args.id}: see retro-tui log")
    try:
        text = render(detail, fmt, _Distances(args))
    except NothingToExport as err:
        raise UserError(f"{err}; csv and json export it as it is") from None
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    path = Path(args.output)
    if path.is_dir():
        raise UserError(f"{path}: is a folder: give a file name to -o (or use --all for a folder)")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as err:
        raise _cannot_write(
            path, err, "choose another file with -o, or leave -o out to print it"
        ) from None
    print(f"Session {detail.id} written to {path} ({_what(detail, fmt, text)}).", file=sys.stderr)
    return 0


# --- export --all -----------------------------------------------------------------


def _folder(args: argparse.Namespace) -> Path:
    if not args.output or args.output == "-":
        raise UserError("export --all writes one file a session: give a folder with -o DIR")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is not a folder: give -o a folder for --all")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(
            f"{folder}: cannot create the folder ({err.strerror or err}): choose another with -o"
        ) from None
    return folder


def _export_all(args: argparse.Namespace, fmt: str) -> int:
    if args.id is not None:
        raise UserError("give a session ID or --all, not both")
    folder = _folder(args)
    distances = _Distances(args)
    counts = {"written": 0, "kept": 0, "simulated": 0, "running": 0, "empty": 0}
    with Store.open(data_dir_from_args(args)) as store:
        sessions = store.list_sessions(None)
        names = file_names(sessions, fmt)
        for summary in sorted(sessions, key=lambda s: (s.started_at, s.id)):
            if args.since is not None and summary.started_at.astimezone().date() < args.since:
                continue
            if summary.simulated and not args.include_simulated:
                counts["simulated"] += 1
                continue
            if summary.status == "running":
                counts["running"] += 1  # still being written by a live session
                continue
            path = folder / names[summary.id]
            if not args.force and (path.exists() or path.is_symlink()):
                counts["kept"] += 1
                continue
            detail = store.get_session(summary.id)
            if detail is None:  # deleted meanwhile
                continue
            try:
                text = render(detail, fmt, distances)
            except NothingToExport:
                counts["empty"] += 1
                continue
            try:
                write_atomic(path, text.encode("utf-8"))
            except OSError as err:
                raise _cannot_write(
                    path,
                    err,
                    f"{counts['written']} files were written before it, none half-written; "
                    "choose another folder with -o",
                ) from None
            counts["written"] += 1
    print(_summary(counts, folder, fmt), file=sys.stderr)
    return 0


def _summary(counts: dict[str, int], folder: Path, fmt: str) -> str:
    n = counts["written"]
    parts = [f"{n} session{'s' if n != 1 else ''} written to {folder} ({fmt})"]
    if counts["kept"]:
        parts.append(f"{counts['kept']} already there, kept (--force overwrites)")
    if counts["simulated"]:
        parts.append(f"{counts['simulated']} simulated left out (--include-simulated)")
    if counts["empty"]:
        parts.append(f"{counts['empty']} with no active time (no TCX lap) left out")
    if counts["running"]:
        parts.append(f"{counts['running']} still running left out")
    return "; ".join(parts) + "."
