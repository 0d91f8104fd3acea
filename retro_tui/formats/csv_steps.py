"""A session as a spreadsheet opens it: one row a step (the default `export`).

Columns `STEP_COLUMNS`: the step's index (from 0, as in `show --json`), its
kind and direction, planned and actual seconds (actual empty for a step
that never ended), `true`/`false` for skipped, the lap count and the lap
splits in seconds separated by spaces. Cells go through core's `csv_cell`,
so nothing a spreadsheet could run as a formula is written bare, and text
from the log shows its control characters as escapes (it may be printed).
"""

from __future__ import annotations

import csv
import io

from retro_tui.core.records import SessionDetail
from retro_tui.core.report import csv_cell, num
from retro_tui.core.text import visible

STEP_COLUMNS = (
    "index",
    "kind",
    "direction",
    "planned",
    "actual",
    "skipped",
    "laps",
    "splits",
)


def steps_csv(detail: SessionDetail) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STEP_COLUMNS)
    for step in detail.steps:
        writer.writerow(
            csv_cell(value)
            for value in (
                step.index,
                visible(step.kind),
                visible(step.direction),
                num(step.planned_s),
                None if step.actual_s is None else num(step.actual_s),
                step.skipped,
                len(step.laps),
                " ".join(str(num(lap)) for lap in step.laps),
            )
        )
    return buffer.getvalue()
