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


def visible(text: str) -> str:
    """`text` with every control character written as `\\xNN` (a newline too)."""
    return _CONTROL.sub(_escape, text)


def first_control(text: str) -> int | None:
    """The offset of the first control character in `text`, or None."""
    match = _CONTROL.search(text)
    return None if match is None else match.start()
