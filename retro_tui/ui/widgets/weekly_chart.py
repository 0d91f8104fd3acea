"""Weekly backward minutes as a bar chart with the weekly guide line, in Rich blocks.

    45 ┤                      ▆▆▆▆
    30 ┤╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌ 28 ╌████╌╌╌╌╌╌ …   the guide (settings.weekly_backward_minutes)
       │ 12        ▄▄▄▄  ████  ████
     0 ┤ ▇▇▇▇      ████  ████  ████
         3 Nov       17 Nov      1 Dec

Drawn with eighth blocks rather than plotext: at the height the history
screen can spare (6-8 rows at 80x24) that gives eight steps a row, the
guide line stays visible between the bars, each bar carries its number, and
the drawing is a pure function of (weeks, guide, size), the same on every
run (the snapshot tests rely on it). Weeks over the guide are drawn in the
warning colour; the current week (the last) is bold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

from retro_tui.core.week import minutes_text

BLOCKS = " ▁▂▃▄▅▆▇█"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AXIS_W = 5  # "  30 ┤"-style labels: 4 characters and the axis
BAR_STYLE = "#6fb4ff"
OVER_STYLE = "#ff8f5f"
GUIDE_STYLE = "#ffd75f"
AXIS_STYLE = "#8a8a8a"


def week_label(monday: date) -> str:
    """ "3 Nov" (locale-free, so the same everywhere)."""
    return f"{monday.day} {MONTHS[monday.month - 1]}"


def _minutes(value: float) -> str:
    return f"{value:.0f}" if value >= 9.5 or value == int(value) else f"{value:.1f}"


def bar_number(minutes: float, room: int) -> str:
    """A bar's minutes, whole ("<1" for a few seconds), cut to the room there is."""
    text = minutes_text(minutes)
    return text if len(text) <= room else text[:room]


def scale_top(weeks: Sequence[tuple[date, float]], guide: float, rows: int = 6) -> float:
    """The value at the top of the chart: room for the tallest bar's number and the guide."""
    tallest = max([m for _, m in weeks] + [0.0])
    highest = max(tallest * rows / max(rows - 1, 1), guide * 1.25, 1.0)
    step = 5.0 if highest <= 50 else 10.0 if highest <= 200 else 50.0
    return math.ceil(highest / step) * step


def chart_lines(
    weeks: Sequence[tuple[date, float]], guide: float, width: int, height: int
) -> list[Text]:
    """The chart as `height` lines of `width` cells (the last line: week labels)."""
    if not weeks or width < AXIS_W + 4 or height < 3:
        return [Text("no room for the chart")]
    rows = height - 1
    n = len(weeks)
    slot = max(2, (width - AXIS_W) // n)
    bar_w = max(1, min(slot - 2 if slot >= 4 else slot - 1, 6))
    top = scale_top(weeks, guide, rows)
    unit = top / (rows * 8)  # minutes per eighth of a cell
    eighths = [round(m / unit) if m > 0 else 0 for _, m in weeks]
    eighths = [max(e, 1) if m > 0 else 0 for e, (_, m) in zip(eighths, weeks, strict=True)]
    guide_row = None  # row index from the top where the guide line runs
    if guide > 0:
        guide_row = rows - 1 - min(rows - 1, int(guide / unit) // 8)
    lines: list[Text] = []
    for r in range(rows):
        level = rows - 1 - r  # cells below this one
        line = Text(no_wrap=True, overflow="crop")
        if r == 0:
            label = _minutes(top)
        elif r == guide_row:
            label = _minutes(guide)
        elif r == rows - 1:
            label = "0"
        else:
            label = ""
        if r == guide_row and r == 0:
            label = _minutes(guide)
        line.append(f"{label:>{AXIS_W - 1}}", style=GUIDE_STYLE if r == guide_row else AXIS_STYLE)
        line.append("┤" if label else "│", style=AXIS_STYLE)
        on_guide = r == guide_row
        filler = "╌" if on_guide else " "
        for i, (_, minutes) in enumerate(weeks):
            e = eighths[i]
            full_rows = math.ceil(e / 8)
            style = OVER_STYLE if guide > 0 and minutes > guide + 1e-9 else BAR_STYLE
            if i == n - 1:
                style += " bold"
            cell_fill = e - level * 8
            if cell_fill > 0:
                cells = Text(BLOCKS[min(cell_fill, 8)] * bar_w, style=style)
            elif level == full_rows and minutes > 0:  # the bar's number, just above it
                number = bar_number(minutes, bar_w)
                pad = bar_w - len(number)
                cells = Text(filler * (pad // 2), style=GUIDE_STYLE)
                cells.append(number, style=style)
                cells.append(filler * (pad - pad // 2), style=GUIDE_STYLE)
            else:
                cells = Text(filler * bar_w, style=GUIDE_STYLE)
            gap = slot - bar_w
            line.append(filler * (gap // 2), style=GUIDE_STYLE)
            line.append_text(cells)
            line.append(filler * (gap - gap // 2), style=GUIDE_STYLE)
        lines.append(line)
    # week labels: every week when they fit in a slot, else every other one
    labels = Text(" " * AXIS_W, no_wrap=True, overflow="crop")
    widest = max(len(week_label(d)) for d, _ in weeks)
    every = 1 if slot > widest else 2
    row = [" "] * (slot * n + widest)
    for i, (monday, _) in enumerate(weeks):
        if (n - 1 - i) % every:
            continue  # keep the current week's label
        text = week_label(monday)
        start = i * slot + (slot - len(text)) // 2 if every == 1 else i * slot
        row[start : start + len(text)] = list(text)
    labels.append("".join(row).rstrip(), style=AXIS_STYLE)
    lines.append(labels)
    return lines


class WeeklyChart(Widget):
    """Backward minutes per week (oldest first) against the weekly guide."""

    DEFAULT_CSS = """
    WeeklyChart {
        height: 7;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks: list[tuple[date, float]] = []
        self.guide = 0.0

    def set_data(self, weeks: Sequence[tuple[date, float]], guide: float) -> None:
        self.weeks = list(weeks)
        self.guide = float(guide)
        self.refresh()

    def render(self) -> Text:
        if not self.weeks:
            return Text("")
        lines = chart_lines(self.weeks, self.guide, self.size.width, self.size.height)
        return Text("\n", no_wrap=True).join(lines)
