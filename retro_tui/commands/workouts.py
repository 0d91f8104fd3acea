"""`check`, `workouts` and `timeline`: reading workouts, no session."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from retro_tui.commands.common import config_from_args, find_workout
from retro_tui.commands.text_table import Column
from retro_tui.core.amounts import format_duration
from retro_tui.core.config import load_config, load_workout_file, read_toml
from retro_tui.core.phrases import step_length_text
from retro_tui.core.text import visible
from retro_tui.core.timeline import compile_timeline, json_number, timeline_totals
from retro_tui.core.workout import count_steps


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() == ".txt":
        return _check_text(path, args)
    raw = read_toml(path)  # refuses syntax errors before anything else
    if "steps" in raw.data:
        # A lone workout runs with the runner's settings (their pace, their track).
        settings = config_from_args(args).settings
        kind = "workout file"
    else:
        # A config overlays the shipped default; every error in it is listed.
        settings = load_config(path, every_error=True).settings
        kind = "config"
    workouts = load_workout_file(path, settings, every_error=True)
    for workout in workouts:
        compile_timeline(workout, settings)
    names = ", ".join(w.id for w in workouts[:5]) + (", ..." if len(workouts) > 5 else "")
    n_settings = (
        len(raw.data.get("settings", {})) if isinstance(raw.data.get("settings"), dict) else 0
    )
    print(
        f"{path}: ok, {kind} with {len(workouts)} workout{'s' if len(workouts) != 1 else ''}"
        + (f" ({names})" if workouts else "")
        + (f" and {n_settings} setting{'s' if n_settings != 1 else ''}" if kind == "config" else "")
    )
    return 0


def _check_text(path: Path, args: argparse.Namespace) -> int:
    """A text workout (PRODUCT.md §13), read with the runner's settings."""
    from retro_tui.formats.text_workout import read_text_workout

    settings = config_from_args(args).settings
    workout = read_text_workout(path, settings).workout
    timeline = compile_timeline(workout, settings)
    print(
        f"{path}: ok, text workout {workout.id} ({len(timeline.steps)} steps, "
        f"{format_duration(timeline.total_s)})"
    )
    return 0


def cmd_workouts(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    # Totals and step counts only: no cue plan is needed to list workouts.
    rows = [
        (w, *timeline_totals(w, config.settings), count_steps(w.steps))
        for w in config.workouts.values()
    ]
    if args.json:
        out = [
            {
                "id": w.id,
                "name": w.name,
                "description": w.description,
                "total_s": json_number(total),
                "backward_s": json_number(backward),
                "steps": steps,
                "program": w.program,
                "week": w.week,
                "session": w.session,
            }
            for w, total, backward, steps in rows
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Workouts", title_justify="left")
    table.add_column("id", style="bold")
    table.add_column("name")
    table.add_column("total", justify="right")
    table.add_column("backward", justify="right", style="magenta")
    table.add_column("steps", justify="right")
    for w, total, backward, steps in rows:
        table.add_row(
            w.id,
            Text(visible(w.name)),
            format_duration(total),
            format_duration(backward),
            str(steps),
        )
    Console().print(table)
    return 0


STEP_COLUMNS = (
    Column("#", right=True),
    Column("start", right=True),
    Column("length", right=True),
    Column("step"),
    Column("repeat"),
    Column("note"),
)
CUE_COLUMNS = (Column("at", right=True), Column("kind"), Column("text"))


def cmd_timeline(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    workout = find_workout(config, args.workout)
    timeline = compile_timeline(workout, config.settings)
    if args.json:
        print(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.markup import escape

    from retro_tui.commands.text_table import table_lines

    console = Console()
    console.print(
        f"[bold]{escape(visible(timeline.name))}[/] ({timeline.workout}): {format_duration(timeline.total_s)} in all, "
        f"[magenta]{format_duration(timeline.backward_s)} backwards[/], "
        f"{len(timeline.steps)} steps, {len(timeline.cues)} cues, "
        f"after a {format_duration(timeline.get_ready_s)} get-ready"
    )
    # Rich's look, drawn from plain strings: a 2,000-step table prints as fast as its JSON.
    steps = [
        [
            str(s.index),
            format_duration(s.start_s),
            step_length_text(s, estimate="≈ {}"),
            s.label,
            f"{s.round}/{s.rounds}" if s.round else "",
            visible(s.note),  # the runner's own text: never markup, never an escape
        ]
        for s in timeline.steps
    ]
    colors = [["", "", "", "35" if s.backward else "36", "", ""] for s in timeline.steps]
    cues = [
        [
            format_duration(c.at_s) if c.at_s == int(c.at_s) else f"{c.at_s:.1f}s",
            c.kind,
            visible(c.text),
        ]
        for c in timeline.cues
    ]
    lines = table_lines(console, "Steps", STEP_COLUMNS, steps, colors)
    lines += table_lines(console, "Cues", CUE_COLUMNS, cues)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
