"""ctrl+q while a session runs: ask first, and on yes say how to review what was kept.

A mis-press at the track must not end a run without a word; a yes keeps
the session as stopped (as `q` does) and, as the app closes, prints the
command that shows it (`retro-tui show ID`) on the terminal.
"""

from __future__ import annotations

from typing import Any

from retro_tui.ui.screens.confirm import ConfirmScreen, answer_bindings


class ConfirmQuitScreen(ConfirmScreen):
    BINDINGS = answer_bindings("quit", "Quit", "Go on")
    YES_WORDS = "quit"
    NO_WORDS = "go on"

    def __init__(self) -> None:
        super().__init__(
            "Quit retro-tui mid-session?",
            [("The session is kept in your log as stopped.", None)],
        )


def session_running(run: Any) -> bool:
    """A session started and not yet closed (the checklist's prepared run is not one)."""
    return run is not None and run.started_at is not None and not run.closed


def review_hint(summary: Any) -> str:
    """What the terminal says after quitting mid-session."""
    session_id = getattr(summary, "session_id", None)
    if session_id is None:
        return "The session was stopped; it could not be saved to the log."
    return (
        f"Session {session_id} kept as stopped. Review it: retro-tui show {session_id}"
        " (or h for history on the home screen)."
    )
