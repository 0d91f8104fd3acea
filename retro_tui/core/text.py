"""Text from the log, made safe to show or write out (PRODUCT.md §3).

A note or a name could hold a control character (an escape sequence that
retitles a terminal, a NUL that ends an XML file early). Wherever such text
leaves the app, each one appears as a visible escape instead: ESC is `\\x1b`.
"""

from __future__ import annotations

import re

# U+0000–U+001F and U+007F–U+009F: C0, DEL and C1.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


# The same without line breaks: a CSV cell may hold lines (quoted), never escapes.
_CONTROL_IN_LINES = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control character written as `\\xNN` (a newline too,
    unless `lines`: then line breaks stay as they are)."""
    return (_CONTROL_IN_LINES if lines else _CONTROL).sub(_escape, text)


def first_control(text: str) -> int | None:
    """The offset of the first control character in `text`, or None."""
    match = _CONTROL.search(text)
    return None if match is None else match.start()


def speakable(text: str) -> str:
    """`text` for a speech engine: plain words only (PRODUCT.md §7).

    espeak-ng reads a control byte (Ctrl-A) as the start of an embedded
    command (speed, pitch, volume), macOS `say` reads `[[...]]` as one: each
    control character becomes a space and `[[` loses its meaning.
    """
    return _CONTROL.sub(" ", text).replace("[[", "[ [")
