"""The line of a value path (`workouts[2].steps[1].repeat`) in TOML text.

tomllib gives values without positions, so a refusal's line is found by
walking the text along the path: best effort, never wrong about the file.
Scans are cached per text: `check` locates many paths in the same file.
"""

from __future__ import annotations

import functools
import re

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")


@functools.lru_cache(maxsize=16)
def _header_lines(text: str, pattern: str) -> list[int]:
    # Cached: `check` locates up to MAX_LISTED_ERRORS paths in the same text.
    rx = re.compile(pattern)
    return [i for i, line in enumerate(text.splitlines()) if rx.match(line)]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# Characters that can end or nest a value; everything between them is skipped
# by the regex engine rather than a character at a time (a 1 MiB file).
_VALUE_MARK = re.compile(r"[\"'#\[\]{},\n]")
_BASIC_END = {q: re.compile(r"\\[\s\S]|" + q) for q in ('"', '"""')}


@functools.lru_cache(maxsize=4096)
def _scan_value(text: str, pos: int) -> int:
    """The offset just past the TOML value starting at pos (strings, arrays, tables)."""
    depth = 0
    i = pos
    n = len(text)
    while i < n:
        mark = _VALUE_MARK.search(text, i)
        if mark is None:
            return n
        i = mark.start()
        ch = text[i]
        if ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote)
            if ch == "'":  # a literal string: no escapes
                close = text.find(quote, i)
                i = n if close < 0 else close + len(quote)
            else:
                end = _BASIC_END[quote]
                while True:
                    found = end.search(text, i)
                    if found is None:
                        i = n
                        break
                    i = found.end()
                    if not found.group().startswith("\\"):
                        break
            if depth == 0:
                return i
            continue
        if ch == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth <= 0:
                return i + 1
        elif depth == 0 and ch in ",\n":
            return i
        i += 1
    return n


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos] in " \t\r\n,":
            pos += 1
        elif text[pos] == "#":
            while pos < len(text) and text[pos] != "\n":
                pos += 1
        else:
            break
    return pos


def _find_key(text: str, start: int, end: int, key: str) -> int | None:
    """Offset of the value of `key` among the direct keys of the table in [start, end)."""
    pos = start
    while pos < end:
        pos = _skip_blank(text, pos)
        if pos >= end or text[pos] in "}":
            return None
        if text[pos] == "[" and start == 0:
            return None
        m = re.compile(r"([A-Za-z0-9_\"'-]+)\s*=\s*").match(text, pos)
        if not m:
            return None
        name = m.group(1).strip("\"'")
        value_at = m.end()
        if name == key:
            return value_at
        pos = _scan_value(text, value_at)
    return None


def _array_item(text: str, pos: int, index: int) -> int | None:
    """Offset of the index-th item of the array whose '[' is at pos."""
    starts = _array_starts(text, pos)
    return starts[index] if index < len(starts) else None


@functools.lru_cache(maxsize=64)
def _array_starts(text: str, pos: int) -> tuple[int, ...]:
    # Every item's offset, found once: errors deep in a long array are each
    # located without rescanning the items before them.
    if pos >= len(text) or text[pos] != "[":
        return ()
    starts = []
    pos = _skip_blank(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        starts.append(pos)
        pos = _skip_blank(text, _scan_value(text, pos))
    return tuple(starts)


def locate(text: str, path: str) -> int | None:
    """Best-effort line of a value path such as workouts[2].steps[1].repeat."""
    parts = [(m.group(1), m.group(2)) for m in _PATH_PART.finditer(path)]
    if not parts:
        return None
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    top, _ = parts[0]
    settings_heads = _header_lines(text, r"^\s*\[\s*settings\s*\]")
    workout_heads = _header_lines(text, r"^\s*\[\[\s*workouts\s*\]\]")
    if top == "settings" and settings_heads:
        heads = settings_heads
        block_start = offsets[heads[0] + 1] if heads[0] + 1 < len(offsets) else len(text)
        rest = parts[1:]
        best: int | None = heads[0] + 1
    elif top == "workouts" and workout_heads:
        heads = workout_heads
        if len(parts) < 2 or parts[1][1] is None or int(parts[1][1]) >= len(heads):
            return heads[0] + 1
        head = heads[int(parts[1][1])]
        block_start = offsets[head + 1] if head + 1 < len(offsets) else len(text)
        rest = parts[2:]
        best = head + 1
    else:
        # keys at the top: a single-workout file, or `settings = {...}` /
        # `workouts = [...]` written inline, or a table header such as [workouts]
        block_start, rest, best = 0, parts, top_key_line(text, top or "")
    following = [i for i in _header_lines(text, r"^\s*\[") if offsets[i] >= block_start]
    block_end = offsets[following[0]] if following else len(text)
    pos: int | None = block_start
    end = block_end
    for key, index in rest:
        if pos is None:
            break
        if key is not None:
            found = _find_key(text, pos, end, key)
            if found is None:
                break
            # No need to find where this value ends: a key search inside an
            # inline table stops at its "}" (and scanning a long array is slow).
            pos = found
        else:
            item = _array_item(text, pos, int(index))
            if item is None:
                break
            pos = item
            if text[pos] == "{":
                pos += 1
        best = _line_of(text, pos)
    return best


def top_key_line(text: str, key: str) -> int | None:
    rx = re.compile(r"^\s*\[*\s*[\"']?" + re.escape(key) + r"[\"']?\s*[\]=.]")
    for i, line in enumerate(text.splitlines()):
        if rx.match(line):
            return i + 1
    return None
