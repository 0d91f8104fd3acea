"""The visual cue: every cue's text, shown as it fires (always on)."""

from __future__ import annotations

from textual.widgets import Static

from retro_tui.core.timeline import Cue

SHOULDER_ARROWS = {"left": ("◀ ", ""), "right": ("", " ▶")}


class CueBanner(Static):
    """The last cue fired, styled by its kind (`-shoulder`, `-form`, `-countdown`...)."""

    DEFAULT_CSS = """
    CueBanner {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-style: bold;
        border: round $foreground 30%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)  # cue texts carry the user's notes
        self.cue: Cue | None = None

    def show_cue(self, cue: Cue, *, before: str = "") -> None:
        """The cue's text; `before`: a line above it (the split of a lap just logged)."""
        self.cue = cue
        left, right = SHOULDER_ARROWS.get(cue.side or "", ("", ""))
        text = f"{left}{cue.text}{right}"
        self.update(f"{before}\n{text}" if before else text, layout=False)
        for kind in ("step_start", "countdown", "shoulder", "form", "halfway", "finish"):
            self.set_class(cue.kind == kind, f"-{kind.replace('_', '-')}")

    def show_text(self, text: str) -> None:
        """A message that is not a cue (get ready, paused)."""
        self.cue = None
        self.update(text, layout=False)
