"""`plan [--json]`: the progression programme and where you are in it."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from retro_tui.commands.common import config_from_args, data_dir_from_args
from retro_tui.core.program import (
    PlanStatus,
    Program,
    build_program,
    latest_program_session,
    plan_status,
    plan_to_json,
)
from retro_tui.core.week import (
    backward_minutes_this_week,
    guide_text,
    guide_warning,
    minutes_text,
)

if TYPE_CHECKING:
    from rich.console import Console

    from retro_tui.core.store import SessionSummary

BAR_WIDTH = 20


@dataclass(frozen=True)
class PlanView:
    """Everything `plan` shows (and what a screen would need)."""

    status: PlanStatus
    this_week_min: float
    guide_min: float

    @property
    def warning(self) -> str | None:
        """The weekly-guide warning for starting the suggested session now."""
        up = self.status.suggested
        if up is None:
            return None
        return guide_warning(self.this_week_min, up.backward_planned_s / 60, self.guide_min)

    def to_json(self) -> dict[str, object]:
        return plan_to_json(self.status, self.this_week_min, self.guide_min)


def read_log(data_dir: Path, program: Program) -> tuple[list[SessionSummary], int]:
    """Every logged session (newest first) and the latest programme session's stumbles.

    With no log yet there is nothing to read, and nothing is created: `plan`
    only reads. An existing log is opened as usual (unfinished sessions of
    processes that are gone are closed as interrupted first).
    """
    from retro_tui.core.store import DB_NAME, Store

    if not (data_dir / DB_NAME).is_file():
        return [], 0
    with Store.open(data_dir) as store:
        store.recover_interrupted()
        sessions = store.list_sessions(limit=None)
        latest = latest_program_session(program, sessions)
        detail = store.get_session(latest.id) if latest is not None else None
        return sessions, detail.stumbles if detail is not None else 0


def build_view(
    args: argparse.Namespace, now: datetime | None = None, tz: tzinfo | None = None
) -> PlanView:
    config = config_from_args(args)
    program = build_program(config)
    sessions, stumbles = read_log(data_dir_from_args(args), program)
    status = plan_status(program, sessions, stumbles=lambda _latest: stumbles)
    now = now or datetime.now(UTC)
    this_week = backward_minutes_this_week(sessions, now, tz)
    return PlanView(status, this_week, config.settings.weekly_backward_minutes)


def cmd_plan(args: argparse.Namespace) -> int:
    view = build_view(args)
    if getattr(args, "json", False):
        print(json.dumps(view.to_json(), indent=2, ensure_ascii=False))
        return 0
    from rich.console import Console

    print_plan(Console(), view)
    return 0


# --- the table ----------------------------------------------------------------


def bar(value: float, total: float, width: int = BAR_WIDTH, unicode: bool = True) -> str:
    """A small text bar: `value` of `total`, full (no more) past it."""
    full, empty = ("█", "░") if unicode else ("#", "-")
    filled = width if total <= 0 else min(width, round(width * value / total))
    return full * filled + empty * (width - filled)


_ASCII = str.maketrans({"—": "-", "–": "-", "…": "...", "’": "'", "‘": "'", "“": '"', "”": '"'})


def _fit(text: str, encoding: str) -> str:
    """`text` as the console's encoding can write it (an ASCII pipe, a legacy console)."""
    if encoding.lower().replace("-", "").startswith("utf"):
        return text
    return text.translate(_ASCII).encode(encoding or "ascii", "replace").decode(encoding or "ascii")


def print_plan(console: Console, view: PlanView) -> None:
    from rich.markup import escape
    from rich.table import Table

    status = view.status
    program = status.program
    encoding = console.encoding or "ascii"
    unicode = encoding.lower().replace("-", "").startswith("utf")

    def say(text: str) -> None:
        console.print(_fit(text, encoding))

    marks = {
        "done": ("✓" if unicode else "x", "green"),
        "next": ("▶" if unicode else ">", "bold yellow"),
        "ahead": ("·" if unicode else ".", "dim"),
    }
    if not program.sessions:
        say(f"No sessions of the {program.id!r} programme in the config.")
    else:
        weeks = status.weeks()
        per_week = max(len(items) for _, items in weeks)
        table = Table(
            title=f"{program.name}: {status.done_count} of {len(status.sessions)} sessions done",
            title_justify="left",
        )
        table.add_column("week", justify="right", style="bold")
        for n in range(1, per_week + 1):
            table.add_column(f"session {n}")
        table.add_column("focus", style="dim")
        for week, items in weeks:
            cells = []
            for item in items:
                mark, style = marks[item.status]
                cells.append(f"[{style}]{mark} {item.status}[/] [dim]{item.session.workout_id}[/]")
            cells += [""] * (per_week - len(items))
            name = items[0].session.name
            focus = escape(_fit(name.partition(": ")[2] or name, encoding))
            style = "on grey15" if status.hold_week == week else ""
            table.add_row(str(week), *cells, focus, style=style)
        console.print(table)

        nxt = status.next
        if nxt is None:
            say(
                "[bold green]Programme complete — well done.[/] Keep backward running to "
                "10–15 minutes a couple of times a week."
            )
        else:
            say(
                f"[bold]Up next:[/] week {nxt.week}, session {nxt.session} — {escape(nxt.name)} "
                f"({minutes_text(nxt.backward_planned_s / 60)} backward min): "
                f"[bold]retro-tui run {nxt.workout_id}[/]"
            )
        if status.hold_message:
            suggested = status.suggested
            start = (
                f" (start with [bold]retro-tui run {suggested.workout_id}[/])"
                if suggested is not None and suggested != nxt
                else ""
            )
            say(f"[bold yellow]{status.hold_message}[/]{start}")

    over = view.this_week_min > view.guide_min
    say(
        f"[bold]This week:[/] {minutes_text(view.this_week_min)} of {guide_text(view.guide_min)} "
        f"backward minutes  [{'yellow' if over else 'magenta'}]"
        f"{bar(view.this_week_min, view.guide_min, unicode=unicode)}[/]"
        + ("  [yellow]past the weekly guide[/]" if over else "")
    )
    warning = view.warning
    if warning:
        say(f"[yellow]{warning}[/]")
