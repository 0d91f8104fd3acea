"""The history screen's export: one session as a TCX file in the runner's Downloads.

Blocking (the log and the disk): called from a thread worker. Never
overwrites: a session exported before is said to be there already.
"""

from __future__ import annotations

from pathlib import Path

from retro_tui.core.files import write_atomic
from retro_tui.core.records import SessionSummary
from retro_tui.formats.export import DistancesFrom, file_names, render
from retro_tui.formats.tcx import NothingToExport
from retro_tui.ui.context import ScreenContext


def export_folder() -> Path:
    """Downloads where the system has one (browsers upload from there), else home."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.home()


def export_tcx(
    context: ScreenContext, session: SessionSummary, folder: Path | None = None
) -> tuple[str, str]:
    """(what to tell the runner, notification severity)."""
    store = context.log_store()
    if store is None:
        return f"Not exported: {context.log.error or 'no session log'}", "error"
    try:
        detail = store.get_session(session.id)
    except Exception as err:  # a damaged log: say so, never a traceback
        return f"Not exported: {err}", "error"
    if detail is None:
        return f"Not exported: session {session.id} is no longer in the log", "error"
    try:
        text = render(detail, "tcx", DistancesFrom(lambda: context.config))
    except NothingToExport as err:
        return f"Not exported: {err}", "warning"
    path = (folder or export_folder()) / file_names([session], "tcx")[session.id]
    if path.exists() or path.is_symlink():
        return f"Already exported: {path}", "information"
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as err:
        return f"Not exported to {path.parent}: {err.strerror or err}", "error"
    return (
        f"Exported to {path}: upload it to Strava, Garmin Connect or intervals.icu",
        "information",
    )
