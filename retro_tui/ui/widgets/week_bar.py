"""This week's backward minutes against the guide, and the plan's one-line texts.

"This week  ███████░░░░░░  12 of 30 backward min" — the bar turns to the
warning colour past the guide (`-over`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:  # the programme is loaded by the plan read, after home's first frame
    from retro_tui.core.program import PlanStatus, ProgramSession


def short_name(session: ProgramSession) -> str:
    """ "Foundations 3.1: 50 m jogs" -> "Foundations 3.1"."""
    return session.name.partition(": ")[0] or session.workout_id


NARROW_BELOW = 80  # columns: below this the one-line texts take their short form


def up_next_text(status: PlanStatus, *, narrow: bool = False, key: str = "") -> Text:
    """ "Up next: Week 3, session 1 — Foundations 3.1 (14 backward min)", or "" with no plan.

    `narrow` (a terminal under 80 columns): "Up next: Foundations 3.1 · 14 backward min",
    and `key` ("u") says which key starts it ("Up next (u): ..."), so it is never cut.
    A Text, not markup: the session's name is the user's own (a workout name).
    """
    if not status.sessions:
        return Text("")
    up = status.suggested
    if up is None:
        return Text.assemble(
            ("Programme complete", "bold"),
            " — well done. Keep backward running to 10–15 minutes a couple of times a week.",
        )
    from retro_tui.core.week import minutes_text

    minutes = minutes_text(up.backward_planned_s / 60)
    if narrow:
        return Text.assemble(
            ("Up next", "bold"),
            (f" ({key})" if key else "", "dim"),
            ":",
            f" {short_name(up)} · {minutes} backward min",
        )
    text = Text.assemble(
        ("Up next:", "bold"),
        f" {up.label} — {short_name(up)} ",
        f"({minutes} backward min)",
    )
    if key:
        text.append("  ").append(f"· {key} starts it", style="dim")
    return text


def recovered_text(ids: list[int] | tuple[int, ...]) -> str:
    """What home says about sessions the log closed as interrupted when it opened."""
    if not ids:
        return ""
    if len(ids) == 1:
        return (
            f"Closed session {ids[0]} as interrupted: a crash or a flat battery; "
            "it is in your history."
        )
    names = ", ".join(str(i) for i in ids[:-1]) + f" and {ids[-1]}"
    return (
        f"Closed sessions {names} as interrupted: a crash or a flat battery; "
        "they are in your history."
    )


class WeekBar(Horizontal):
    """This week's backward minutes of the weekly guide, as a bar and words."""

    DEFAULT_CSS = """
    WeekBar {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    WeekBar > .week-bar--name {
        width: 10;
        text-style: bold;
    }
    WeekBar > ProgressBar {
        width: 1fr;
    }
    WeekBar > ProgressBar > Bar {
        width: 1fr;
    }
    WeekBar > ProgressBar > Bar > .bar--bar,
    WeekBar > ProgressBar > Bar > .bar--complete {
        color: $accent;
    }
    WeekBar.-over > ProgressBar > Bar > .bar--bar,
    WeekBar.-over > ProgressBar > Bar > .bar--complete {
        color: $warning;
    }
    WeekBar > .week-bar--value {
        width: auto;
        padding-left: 1;
    }
    WeekBar.-over > .week-bar--value {
        color: $text-warning;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.minutes = 0.0
        self.guide = 0.0

    def compose(self) -> ComposeResult:
        yield Label("This week", classes="week-bar--name")
        yield ProgressBar(total=1.0, show_percentage=False, show_eta=False)
        yield Label("", classes="week-bar--value")

    def show(self, minutes: float, guide: float) -> None:
        """`minutes` of `guide` backward minutes (a full bar, no more, past it)."""
        self.minutes, self.guide = minutes, guide
        over = minutes > guide + 1e-6
        fraction = 1.0 if guide <= 0 else min(max(minutes / guide, 0.0), 1.0)
        self.query_one(ProgressBar).update(total=1.0, progress=fraction)
        from retro_tui.core.week import guide_text, minutes_text

        text = f"{minutes_text(minutes)} of {guide_text(guide)} backward min"
        if over:
            text += ", past the guide"
        self.query_one(".week-bar--value", Label).update(text)
        self.set_class(over, "-over")

    @property
    def value_text(self) -> str:
        return str(self.query_one(".week-bar--value", Label).render())
