"""What a finished (or stopped) session comes to: the summary every shell shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from retro_tui.core.amounts import format_duration
from retro_tui.core.text import visible


@dataclass(frozen=True)
class StepResult:
    index: int
    label: str
    planned_s: float
    actual_s: float
    skipped: bool
    laps: tuple[float, ...]


@dataclass(frozen=True)
class Summary:
    workout: str
    name: str
    status: str
    simulated: bool
    planned_s: float
    active_s: float
    paused_s: float
    backward_s: float
    steps: tuple[StepResult, ...]
    cue_counts: dict[str, int] = field(default_factory=dict)
    stumbles: int = 0
    session_id: int | None = None
    # The log writes still waiting when the summary was made (a full or
    # read-only disk), those written, and why the rest were not.
    unsaved: int = 0
    saved: int = 0
    log_problem: str = ""

    @property
    def shoulder_checks(self) -> int:
        return self.cue_counts.get("shoulder", 0)

    @property
    def form_cues(self) -> int:
        return self.cue_counts.get("form", 0)

    @property
    def laps(self) -> int:
        return sum(len(s.laps) for s in self.steps)


def summary_lines(summary: Summary) -> list[str]:
    lines = [
        f"{visible(summary.name)}: {summary.status}"
        + (f", session {summary.session_id}" if summary.session_id else "")
        + (" (simulated)" if summary.simulated else ""),
        f"  active {format_duration(summary.active_s)} of {format_duration(summary.planned_s)} planned, "
        f"backward {format_duration(summary.backward_s)}, paused {format_duration(summary.paused_s)}",
        f"  shoulder checks {summary.shoulder_checks}, form cues {summary.form_cues}, "
        f"laps {summary.laps}, stumbles {summary.stumbles}",
    ]
    skipped = [s.index + 1 for s in summary.steps if s.skipped]
    if skipped:
        lines.append("  skipped steps: " + ", ".join(map(str, skipped)))
    if summary.unsaved:
        lines.append("  " + log_line(summary))
    return lines


def log_line(summary: Summary) -> str:
    """What of the session the log holds, when not all of it ("" when it holds everything)."""
    if not summary.unsaved:
        return ""
    total = summary.saved + summary.unsaved
    if summary.session_id is None:
        what = f"not in the log: none of its {total} log writes were saved"
    else:
        what = f"log: {summary.saved} of {total} writes saved, {summary.unsaved} not"
    return what + (f": {summary.log_problem}" if summary.log_problem else "")
