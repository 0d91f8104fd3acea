"""The TUI summary when the log could not take the session: it says so, and `r` retries.

A real Store in tmp_path behind a switch that makes every write fail with
ENOSPC (the disk full) until the test frees it: the summary names what is
missing and why, `r` writes it all, and the log then holds every event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_ui_review_support import review_config, settle
from test_ui_support import Harness
from textual.widgets import Static

from retro_tui.core.store import Store
from retro_tui.ui.screens import SummaryScreen

SIZE = (80, 24)
WRITES = ("begin_session", "log_event", "finish_session")


class FullDisk:
    """A Store whose writes fail while `full` is set (reads go straight through)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.full = True

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if name not in WRITES:
            return method

        def write(*args: Any, **kwargs: Any) -> Any:
            if self.full:
                raise OSError(28, "No space left on device")
            return method(*args, **kwargs)

        return write


def text_of(screen: SummaryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_r_on_the_summary_saves_what_a_full_disk_held_back(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    h = Harness(review_config(tmp_path), workout="short", data_dir=data_dir)
    disks: list[FullDisk] = []

    def factory(path: Path) -> FullDisk:
        disks.append(FullDisk(Store.open(path)))
        return disks[-1]

    h.app.store_factory = factory
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(h.app, pilot)
        await pilot.press("enter")  # the checklist
        await pilot.pause()
        h.run_to(10_000)
        await settle(h.app, pilot)
        screen = h.app.screen
        assert isinstance(screen, SummaryScreen)
        summary = screen.summary
        assert summary.status == "completed" and summary.session_id is None
        total = summary.unsaved
        assert total > 10 and summary.saved == 0
        log_line = screen.query_one("#summary-log", Static)
        assert log_line.display
        assert text_of(screen, "#summary-log") == (
            f"Not in the log: none of its {total} log writes were saved: the disk is full or "
            "failing (No space left on device): free some disk space · r: try again"
        )
        assert text_of(screen, "#summary-status") == "Workout complete."

        await pilot.press("r")  # still full: nothing changes, nothing is lost
        await settle(h.app, pilot)
        assert screen.summary.unsaved == total and log_line.display

        disks[0].full = False  # room again
        await pilot.press("r")
        await settle(h.app, pilot)
        assert screen.summary.unsaved == 0 and screen.summary.session_id is not None
        assert not log_line.display
        assert text_of(screen, "#summary-status").startswith("Workout complete. Well done!")
        session_id = screen.summary.session_id
    assert h.app.return_code in (None, 0)
    with Store.open(data_dir) as store:
        detail = store.get_session(session_id)
        assert detail is not None and detail.status == "completed"
        assert len(detail.events) == total - 2  # every event: all but begin and finish
