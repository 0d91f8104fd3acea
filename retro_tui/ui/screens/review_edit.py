"""RPE and notes for a past session, from history (`e`): the summary's review, later.

A runner who skipped the summary (ctrl+q, a flat battery) can still add how
hard it felt and a note. The same `Store.set_review` write as the summary
screen; Enter saves, Escape leaves the session as it was.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


def rpe_from(text: str) -> int | None:
    """ "" -> None, "7" -> 7; anything else raises ValueError with what is accepted."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 10:
        return int(text)
    raise ValueError("RPE: a whole number from 1 (easy) to 10 (all out), or empty")


class ReviewEditScreen(ModalScreen["tuple[int | None, str] | None"]):
    """Dismisses with (rpe, notes) to save, None to leave them."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review.cancel"),
        Binding("enter", "save", "Save", priority=True, id="review.save"),
    ]

    def __init__(self, what: str, rpe: int | None, notes: str) -> None:
        super().__init__(id="review-edit")
        self.what, self.rpe, self.notes = what, rpe, notes

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box"):
            yield Static(Text("Effort and notes", style="bold"))
            yield Static(Text(self.what), id="review-what")
            yield Static("RPE 1–10 (1 easy, 10 all out):")
            yield Input("" if self.rpe is None else str(self.rpe), id="review-rpe")
            yield Static("Notes:")
            yield Input(self.notes, id="review-notes")
            yield Static("", id="review-error")
            yield Static("[b]Enter[/b]: save   [b]Escape[/b]: cancel", id="review-keys")

    def on_mount(self) -> None:
        self.query_one("#review-rpe", Input).focus()

    def action_save(self) -> None:
        try:
            rpe = rpe_from(self.query_one("#review-rpe", Input).value)
        except ValueError as err:
            self.query_one("#review-error", Static).update(Text(str(err), style="bold red"))
            return
        self.dismiss((rpe, self.query_one("#review-notes", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def save_review(screen: Any, session_id: int, answer: tuple[int | None, str] | None) -> None:
    """Write the answer on a thread and read the history again (or say why not)."""
    if answer is None:
        return
    rpe, notes = answer
    app = screen.app

    def write() -> None:
        import contextlib

        try:
            store = screen.context.log_store()
            if store is None or not store.set_review(session_id, rpe, notes):
                raise ValueError("the session log cannot be written")
        except Exception as err:
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(
                    screen.notify, f"Not saved: {err}", severity="error", markup=False
                )
            return
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(screen.load)

    screen.run_worker(write, thread=True, group="history-review", name="save review")
