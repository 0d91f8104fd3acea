"""`timeline WORKOUT` as a table: Rich's look, byte for byte, at the speed of its JSON.

The fast table (commands/text_table.py) is checked against Rich's own
`Table` on every shipped workout and a 2,000-step one, at four terminal
widths, with and without colour; then the CLI prints the 2,000 steps
within twice the time `--json` takes.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from retro_tui.commands.text_table import Column, table_lines
from retro_tui.core.amounts import format_duration
from retro_tui.core.config import load_config, load_workout_file
from retro_tui.core.phrases import step_length_text
from retro_tui.core.text import visible
from retro_tui.core.timeline import compile_timeline

BIG_STEPS = ",\n".join(
    f'  {{ run = "{20 + i % 5}s", note = "row {i}" }}, {{ walk = "10s" }}' for i in range(1000)
)
BIG = f"""[settings]
get_ready = "off"

[[workouts]]
id = "big"
name = "Big"
steps = [
{BIG_STEPS}
]
"""


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(BIG, encoding="utf-8")
    return path


def rich_version(tl, width: int, color: bool) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=color, color_system="standard" if color else None
    )
    steps = Table(title="Steps", title_justify="left")
    for col, justify in (
        ("#", "right"),
        ("start", "right"),
        ("length", "right"),
        ("step", "left"),
        ("repeat", "left"),
        ("note", "left"),
    ):
        steps.add_column(col, justify=justify)  # type: ignore[arg-type]
    for s in tl.steps:
        steps.add_row(
            str(s.index),
            format_duration(s.start_s),
            step_length_text(s, estimate="≈ {}"),
            f"[{'magenta' if s.backward else 'cyan'}]{s.label}[/]",
            f"{s.round}/{s.rounds}" if s.round else "",
            Text(visible(s.note)),
        )
    console.print(steps)
    cues = Table(title="Cues", title_justify="left")
    cues.add_column("at", justify="right")
    cues.add_column("kind")
    cues.add_column("text")
    for c in tl.cues:
        cues.add_row(
            format_duration(c.at_s) if c.at_s == int(c.at_s) else f"{c.at_s:.1f}s",
            c.kind,
            Text(visible(c.text)),
        )
    console.print(cues)
    return buf.getvalue()


def mine(tl, width: int, color: bool) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=color, color_system="standard" if color else None
    )
    cols = [
        Column("#", True),
        Column("start", True),
        Column("length", True),
        Column("step"),
        Column("repeat"),
        Column("note"),
    ]
    rows = [
        [
            str(s.index),
            format_duration(s.start_s),
            step_length_text(s, estimate="≈ {}"),
            s.label,
            f"{s.round}/{s.rounds}" if s.round else "",
            visible(s.note),
        ]
        for s in tl.steps
    ]
    colors = [["", "", "", "35" if s.backward else "36", "", ""] for s in tl.steps]
    out = table_lines(console, "Steps", cols, rows, colors)
    cols2 = [Column("at", True), Column("kind"), Column("text")]
    rows2 = [
        [
            format_duration(c.at_s) if c.at_s == int(c.at_s) else f"{c.at_s:.1f}s",
            c.kind,
            visible(c.text),
        ]
        for c in tl.cues
    ]
    out += table_lines(console, "Cues", cols2, rows2)
    return "\n".join(out) + "\n"


def test_the_fast_table_is_richs_byte_for_byte(big: Path) -> None:
    config = load_config()
    shipped = [(w, (40, 60, 80, 120)) for w in config.workouts.values()]
    (big_workout,) = load_workout_file(big, config.settings)
    for workout, widths in [*shipped, (big_workout, (80,))]:  # Rich takes seconds on the big one
        timeline = compile_timeline(workout, config.settings)
        for width in widths:
            for color in (False, True):
                assert mine(timeline, width, color) == rich_version(timeline, width, color), (
                    workout.id,
                    width,
                    color,
                )


def _timed(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    best, done = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "retro_tui", *args], capture_output=True, text=True, timeout=120
        )
        best = min(best, time.perf_counter() - start)
    assert done is not None
    return best, done


def test_a_2000_step_table_prints_within_twice_its_json(big: Path) -> None:
    json_s, as_json = _timed("timeline", "big", "--json", "--config", str(big))
    table_s, table = _timed("timeline", "big", "--config", str(big))
    assert as_json.returncode == 0 and table.returncode == 0, table.stderr
    data = json.loads(as_json.stdout)
    assert len(data["steps"]) == 2000
    steps_part = table.stdout.split("\nCues")[0]
    rows = [line for line in steps_part.splitlines() if line.startswith("│ ")]
    assert len(rows) == 2000  # every step printed, on one line each
    assert "row 999" in table.stdout
    assert table_s <= 2 * json_s, (table_s, json_s)
