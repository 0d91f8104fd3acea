"""Big block letters that grow with the room they have: the clock, 3-2-1, LEFT / RIGHT.

Textual's `Digits` is always 3 rows tall, a third of what a runner two
metres away needs on a big terminal. This draws a 3x5 pixel font in half
blocks (one pixel is a column wide and half a row tall, so it is square on
a usual terminal cell) at the largest whole scale that fits the widget, so
"0:30" is 3 rows at the smallest, 5 at scale 2, 10 at scale 4.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

# "#" is a pixel. Every glyph is 5 pixels tall; most are 3 wide.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": ("###", "#..", "#.#", "#.#", "###"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "◀": ("..#", ".##", "###", ".##", "..#"),
    "▶": ("#..", "##.", "###", "##.", "#.."),
}
GLYPH_ROWS = 5
HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def drawable(text: str) -> bool:
    return bool(text) and all(ch in FONT for ch in text)


def pixel_width(text: str) -> int:
    """Width at scale 1: the glyphs and a pixel's gap between them."""
    return sum(len(FONT[ch][0]) for ch in text) + max(len(text) - 1, 0)


def rows_at(scale: int) -> int:
    return -(-GLYPH_ROWS * scale // 2)


def fit_scale(text: str, width: int, height: int, largest: int = 12) -> int:
    """The largest scale (0: none) at which `text` fits `width` x `height` cells."""
    if not drawable(text):
        return 0
    best = 0
    for scale in range(1, largest + 1):
        if rows_at(scale) > height or pixel_width(text) * scale > width:
            break
        best = scale
    return best


def big_lines(text: str, scale: int) -> list[str]:
    """`text` in half blocks at `scale`: rows_at(scale) lines of the same width."""
    pixels: list[list[bool]] = [[] for _ in range(GLYPH_ROWS * scale)]
    for n, ch in enumerate(text):
        glyph = FONT[ch]
        for row in range(GLYPH_ROWS):
            line = [c == "#" for c in glyph[row]] + ([False] if n < len(text) - 1 else [])
            wide = [p for p in line for _ in range(scale)]
            for k in range(scale):
                pixels[row * scale + k].extend(wide)
    if len(pixels) % 2:
        pixels.append([False] * len(pixels[0]))
    return [
        "".join(HALVES[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[::2], pixels[1::2], strict=True)
    ]


class BigText(Widget):
    """One short text ("12:30", "3", "◀ LEFT") drawn as big as the widget allows.

    Centred in the widget; where even scale 1 does not fit (or a character
    has no glyph) the text is shown as it is, on the middle line.
    """

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
        min-height: 3;
        text-style: bold;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = text
        # A clock is drawn at the scale of its widest reading ("0:00" or
        # "00:00"), so the digits keep their size from one step to the next.
        self.sizing = ""

    def update(self, text: str) -> None:
        if text != self.value:
            self.value = text
            self.refresh()

    @property
    def scale(self) -> int:
        width, height = self.size.width, self.size.height
        scale = fit_scale(self.value, width, height)
        if self.sizing and ":" in self.value:
            scale = min(scale, fit_scale(self.sizing, width, height) or scale)
        return scale

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        scale = self.scale
        lines = big_lines(self.value, scale) if scale else [self.value]
        top = max((height - len(lines)) // 2, 0)
        out = [""] * top + [line.center(width).rstrip() for line in lines]
        return Text("\n".join(out), no_wrap=True, overflow="crop")
