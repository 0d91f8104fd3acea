"""One session as an export file: its text in a format, its distances, its file name.

Shared by `retro-tui export` and the history screen's `e`, so both write the
same file under the same name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from retro_tui import __version__
from retro_tui.core.config import Config
from retro_tui.core.records import SessionDetail, SessionSummary
from retro_tui.core.report import export_json
from retro_tui.formats.csv_steps import steps_csv
from retro_tui.formats.session_laps import planned_steps, step_distances
from retro_tui.formats.tcx import session_tcx

FORMATS = ("csv", "json", "tcx")
_SLUG_MAX = 60

Distances = Callable[[SessionDetail], dict[int, float]]


def render(detail: SessionDetail, fmt: str, distances: Distances) -> str:
    """The export's text; raises tcx.NothingToExport for a TCX of no active time."""
    if fmt == "json":
        return export_json(detail)
    if fmt == "tcx":
        return session_tcx(detail, distances(detail), __version__)
    return steps_csv(detail)


class DistancesFrom:
    """Each session's step distances, from the config's workout of the same id (read once)."""

    def __init__(self, config: Callable[[], Config | None]) -> None:
        self._config = config
        self._plans: dict[str, list[tuple[str, str, float, float | None]]] = {}

    def __call__(self, detail: SessionDetail) -> dict[int, float]:
        config = self._config()
        if config is None:
            return {}
        if detail.workout not in self._plans:
            workout = config.workout(detail.workout)
            self._plans[detail.workout] = (
                planned_steps(workout, config.settings) if workout is not None else []
            )
        return step_distances(detail.steps, self._plans[detail.workout])


def file_names(sessions: Iterable[SessionSummary], ext: str) -> dict[int, str]:
    """Session id → `YYYY-MM-DD_HHMM_<workout>.<ext>` (local start time).

    Named oldest first over the whole log, so a name never depends on which
    sessions `--since` picks; a second session in the same minute of the
    same workout gets its id too (`..._ladder_12.tcx`).
    """
    names: dict[int, str] = {}
    taken: set[str] = set()
    for s in sorted(sessions, key=lambda s: (s.started_at, s.id)):
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", s.workout).strip("-")[:_SLUG_MAX] or "workout"
        stem = f"{s.started_at.astimezone():%Y-%m-%d_%H%M}_{slug}"
        name = f"{stem}.{ext}" if f"{stem}.{ext}" not in taken else f"{stem}_{s.id}.{ext}"
        taken.add(name)
        names[s.id] = name
    return names
