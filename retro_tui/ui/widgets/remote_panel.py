"""The phone remote's address on the laptop: its QR code (black on white) and URL.

Phone cameras want dark modules on a light ground, so the code is drawn
black on white whatever the theme. Where the QR does not fit beside the
screen's own content, the panel is one line: the URL and how to show the QR.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

QR_STYLE = "#000000 on #ffffff"
MIN_MAIN_WIDTH = 56  # what the screen beside the QR keeps, at least


class RemotePanel(Static):
    DEFAULT_CSS = """
    RemotePanel { width: 100%; height: auto; padding: 0 1; }
    RemotePanel.-side { dock: right; width: auto; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.url: str | None = None
        self.error: str | None = None
        self.qr_shown = True
        self._qr: list[str] = []

    def show_link(self, link: Any) -> None:
        """A session's RemoteLink (its url, error, qr_shown), or None: nothing shown."""
        if link is None:
            self.display = False
        else:
            self.show(link.url, link.error, link.qr_shown)

    def show(self, url: str | None, error: str | None, qr_shown: bool) -> None:
        if url != self.url:
            from retro_tui.remote.qr import qr_lines

            self._qr = qr_lines(url) if url else []
        self.url, self.error, self.qr_shown = url, error, qr_shown
        self.display = bool(url or error)
        self.redraw()

    def fits_qr(self) -> bool:
        if not self._qr or not self.qr_shown:
            return False
        width, height = self.screen.size
        qr_w = max(len(self._qr[0]), len(self.url or "")) + 2
        return width - qr_w >= MIN_MAIN_WIDTH and height >= len(self._qr) + 3

    @property
    def docked_width(self) -> int:
        """Columns the panel takes at the right (0 when it is a line, or hidden)."""
        if not self.display or not self.fits_qr():
            return 0
        return max(len(self._qr[0]), len(self.url or "")) + 2

    def redraw(self) -> None:
        if self.error and not self.url:
            self.set_class(False, "-side")
            self.update(Text(f"Remote off: {self.error}"))
            return
        if self.url is None:
            return
        big = self.fits_qr()
        self.set_class(big, "-side")  # else one line in the flow, above the footer
        if not big:
            hint = "r: hide" if self.qr_shown else "r: QR code"
            self.update(Text.assemble(("Phone remote ", "bold"), self.url, f"  ({hint})"))
            return
        text = Text()
        for line in self._qr:
            text.append(line, style=QR_STYLE)
            text.append("\n")
        text.append("Scan for the phone remote\n", style="bold")
        text.append(self.url, style="")
        self.update(text)

    def on_resize(self) -> None:
        self.redraw()
