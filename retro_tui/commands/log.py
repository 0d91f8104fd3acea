"""`log` and `show`: the session log from the command line (`export` is in export.py).

No Textual here (these start fast); Rich is imported only for the tables.
`log` first closes sessions left open by a crash (as `interrupted`) and says
so on standard error, so the runner learns of it whichever command they use.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from retro_tui.commands.common import data_dir_from_args
from retro_tui.core.amounts import format_duration
from retro_tui.core.report import (
    event_text,
    local_time,
    session_to_json,
    summary_to_json,
)
from retro_tui.core.store import SessionDetail, Store
from retro_tui.core.text import visible
from retro_tui.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console


def _open_store(args: argparse.Namespace) -> Store:
    return Store.open(data_dir_from_args(args))


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _get(store: Store, session_id: int) -> SessionDetail:
    detail = store.get_session(session_id)
    if detail is None:
        raise UserError(f"no session {session_id}: see retro-tui log")
    return detail


def _position(seconds: float) -> str:
    """Session position as m:ss (negative in the get-ready lead-in)."""
    return ("-" if seconds < 0 else "") + format_duration(abs(seconds))


def _duration(seconds: float | None) -> str:
    return "" if seconds is None else format_duration(seconds)


def _status(status: str, simulated: bool) -> str:
    return status + (" (simulated)" if simulated else "")


# --- log ------------------------------------------------------------------

# (heading, right-aligned). `log` draws its table itself: importing Rich
# would double its start-up time (PRODUCT.md §11: `log` within 300 ms).
LOG_COLUMNS = (
    ("ID", True),
    ("Date", False),
    ("Workout", False),
    ("Status", False),
    ("Active", True),
    ("Backward", True),
    ("RPE", True),
)


def _plain_output() -> bool:
    """Whether standard output takes box-drawing characters; unencodable text is replaced."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    try:
        "─…".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _text_table(columns: tuple[tuple[str, bool], ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A plain aligned table: heading, a rule, the rows."""
    widths = [
        max([len(name)] + [len(row[i]) for row in rows]) for i, (name, _) in enumerate(columns)
    ]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(w) if right else cell.ljust(w)
            for cell, w, (_, right) in zip(cells, widths, columns, strict=True)
        ).rstrip()

    rule = "-" if _plain_output() else "─"
    return [line(tuple(name for name, _ in columns)), line(tuple(rule * w for w in widths))] + [
        line(row) for row in rows
    ]


def cmd_log(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        closed = store.recover_interrupted()
        if closed:
            ids = ", ".join(str(i) for i in closed)
            noun = "session" if len(closed) == 1 else "sessions"
            print(
                f"retro-tui: closed unfinished {noun} {ids} as interrupted "
                f"(the app stopped before the end)",
                file=sys.stderr,
            )
        sessions = store.list_sessions(args.limit)
        total = store.count_sessions() if not args.json else len(sessions)
    if args.json:
        print(json.dumps([summary_to_json(s) for s in sessions], indent=2, ensure_ascii=False))
        return 0
    if not sessions:
        print("No sessions logged yet: start one with `retro-tui run WORKOUT` or `retro-tui`.")
        return 0
    rows = [
        (
            str(s.id),
            local_time(s.started_at),
            _clip(visible(s.name), 32),
            _status(s.status, s.simulated),
            _duration(s.active_s),
            _duration(s.backward_s),
            "" if s.rpe is None else str(s.rpe),
        )
        for s in sessions
    ]
    print("Sessions, newest first")
    for line in _text_table(LOG_COLUMNS, rows):
        print(line)
    if total > len(sessions):
        print(f"{len(sessions)} of {total} sessions: use --limit N for more.")
    return 0


# --- show -----------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        detail = _get(store, args.id)
    if args.json:
        print(json.dumps(session_to_json(detail), indent=2, ensure_ascii=False))
        return 0
    _print_detail(detail)
    return 0


def _print_detail(d: SessionDetail) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = _console()
    ended = local_time(d.ended_at) or "still running"
    console.print(
        f"[bold]Session {d.id}: {escape(visible(d.name))}[/bold] ({escape(visible(d.workout))})"
    )
    console.print(f"{local_time(d.started_at)} to {ended}, {_status(d.status, d.simulated)}")
    console.print(
        f"active {_duration(d.active_s)} of {_duration(d.planned_s)} planned, "
        f"backward {_duration(d.backward_s)} of {_duration(d.backward_planned_s)}, "
        f"paused {_duration(d.paused_s)}"
    )
    cues = ", ".join(f"{kind} {n}" for kind, n in sorted(d.cue_counts.items())) or "none"
    console.print(
        f"cues: {cues}"
        + (f" ({d.dropped_cues} dropped late)" if d.dropped_cues else "")
        + f"; laps {d.laps}; stumbles {d.stumbles}"
    )
    if d.rpe is not None or d.notes:
        console.print(
            f"RPE {d.rpe if d.rpe is not None else '-'}"
            + (f": {escape(visible(d.notes))}" if d.notes else "")
        )

    steps = Table(title="Steps, planned vs actual", title_justify="left")
    for name, justify in (
        ("#", "right"),
        ("Step", "left"),
        ("Direction", "left"),
        ("Planned", "right"),
        ("Actual", "right"),
        ("", "left"),
        ("Laps", "left"),
    ):
        steps.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in d.steps:
        steps.add_row(
            str(s.index + 1),
            visible(s.kind),
            visible(s.direction),
            _duration(s.planned_s),
            _duration(s.actual_s) if s.actual_s is not None else "-",
            "skipped" if s.skipped else "",
            ", ".join(event_text("lap", {"lap_s": lap}).strip() for lap in s.laps),
        )
    console.print(steps)

    events = Table(title="Events", title_justify="left")
    events.add_column("At", justify="right")
    events.add_column("Event")
    events.add_column("Detail")
    for e in d.events:
        events.add_row(_position(e.at_s), visible(e.kind), Text(event_text(e.kind, e.data)))
    console.print(events)
