"""A big table printed fast, looking as Rich's `Table` does (`timeline`'s steps and cues).

Rich measures and renders every cell as a renderable: about 0.3 ms a row, so
a 2,000-step timeline (8,000 cues) took seconds where its JSON takes a
fraction of one. This draws the same box (heavy head, padding 1, title
left) from plain strings: column widths by Rich's own collapse when the
table is wider than the terminal, and only a cell that must wrap is
wrapped by Rich's `Text.wrap`, so the lines are the ones Rich would print.
On a colour terminal the header is bold, the title italic and a column may
carry a colour per cell, as in Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich is imported only when a table is printed (`workouts --json` starts fast)
    from rich.console import Console

_TOP = ("┏", "━", "┳", "┓")
_HEAD = ("┃", "┃", "┃")
_HEAD_RULE = ("┡", "━", "╇", "┩")
_ROW = ("│", "│", "│")
_BOTTOM = ("└", "─", "┴", "┘")


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False  # justify right (numbers, times)


def _sgr(code: str, text: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and code and text else text


def _rule(parts: tuple[str, str, str, str], widths: list[int]) -> str:
    left, line, cross, right = parts
    return left + cross.join(line * w for w in widths) + right


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], max_width: int) -> list[int]:
    """Each column's width with its padding, as Rich's `_calculate_column_widths`."""
    from rich._ratio import ratio_reduce
    from rich.cells import cell_len
    from rich.table import Table

    widths = [cell_len(c.header) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            n = cell_len(cell)
            if n > widths[i]:
                widths[i] = n
    widths = [max(w, 1) + 2 for w in widths]
    if sum(widths) > max_width:
        widths = Table._collapse_widths(widths, [True] * len(widths), max_width)
        if sum(widths) > max_width:
            excess = sum(widths) - max_width
            widths = ratio_reduce(excess, [1] * len(widths), widths, widths)
    return widths


def _cell_lines(
    console: Console, text: str, width: int, right: bool, cell_len: Callable[[str], int]
) -> list[tuple[str, str]]:
    """(the text, the padding after it) of each line of a cell, as Rich lays it out."""
    if cell_len(text) <= width:
        pad = " " * (width - cell_len(text))
        return [(pad + text, "") if right else (text, pad)]
    from rich.text import Text

    lines = Text(text).wrap(console, width, justify="default", overflow="ellipsis")
    out = []
    for line in lines:
        words = line.plain.rstrip(" ") if right else line.plain
        pad = " " * (width - cell_len(words))
        out.append((pad + words, "") if right else (words, pad))
    return out


def table_lines(
    console: Console,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    colors: Sequence[Sequence[str]] | None = None,
) -> list[str]:
    """The table's lines. `colors[r][c]` is an SGR code ("35": magenta) or "" for none."""
    from rich.cells import cell_len

    color = console.color_system is not None
    n = len(columns)
    widths = _widths(columns, rows, console.width - (n + 1))
    inner = [w - 2 for w in widths]
    table_width = sum(widths) + n + 1
    lines = [_sgr("3", title + " " * (table_width - cell_len(title)), color)]
    lines.append(_rule(_TOP, widths))
    head = [
        _cell_lines(console, c.header, w, c.right, cell_len)
        for c, w in zip(columns, inner, strict=True)
    ]
    for k in range(max(len(h) for h in head)):
        cells = [
            _sgr("1", " ", color)
            + _sgr("1", "".join(h[k]) if k < len(h) else " " * w, color)
            + _sgr("1", " ", color)
            for h, w in zip(head, inner, strict=True)
        ]
        lines.append("┃" + "┃".join(cells) + "┃")
    lines.append(_rule(_HEAD_RULE, widths))
    for r, row in enumerate(rows):
        parts = [
            _cell_lines(console, cell, w, c.right, cell_len)
            for cell, w, c in zip(row, inner, columns, strict=True)
        ]
        codes = colors[r] if colors is not None else [""] * n
        for k in range(max(len(p) for p in parts)):
            cells = []
            for p, w, code in zip(parts, inner, codes, strict=True):
                text, pad = p[k] if k < len(p) else ("", " " * w)
                cells.append(" " + _sgr(code, text, color) + pad + " ")
            lines.append("│" + "│".join(cells) + "│")
    lines.append(_rule(_BOTTOM, widths))
    return lines
