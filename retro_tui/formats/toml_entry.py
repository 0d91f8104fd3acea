"""A workout as a `[[workouts]]` entry, and the user file with it added (comments kept).

`entry_text` writes the entry in the shipped config's style (one step a
line). `add_entry` returns the file's new text: a new id is appended after
the file's last byte, so everything already there stays byte for byte; an
id replaced (`--replace`) is swapped in place with tomlkit, which keeps the
rest of the document (and the comments after the old entry) as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Comment, Table, Whitespace


class EntryError(ValueError):
    """The user file cannot take the entry as it is; the message says why and what to do."""


def _value(value: object) -> str:
    return tomlkit.item(value).as_string()


def _inline(step: Mapping[str, Any]) -> str:
    if "repeat" in step:
        inner = ", ".join(_inline(s) for s in step["steps"])
        return f"{{ repeat = {step['repeat']}, steps = [ {inner} ] }}"
    return "{ " + ", ".join(f"{key} = {_value(v)}" for key, v in step.items()) + " }"


def entry_text(data: Mapping[str, Any]) -> str:
    """`[[workouts]]` with id, name, description and steps, one step a line."""
    lines = ["[[workouts]]"]
    for key in ("id", "name", "description"):
        if key in data:
            lines.append(f"{key} = {_value(data[key])}")
    lines.append("steps = [")
    lines += [f"  {_inline(step)}," for step in data["steps"]]
    lines.append("]")
    return "\n".join(lines) + "\n"


def _workouts(doc: tomlkit.TOMLDocument) -> AoT | None:
    if "steps" in doc:
        raise EntryError(
            "holds a single workout (steps at the top), not a config: import into a "
            "config with [[workouts]], or use --print and paste the entry"
        )
    workouts = doc.get("workouts")
    if workouts is None:
        return None
    if not isinstance(workouts, AoT):
        raise EntryError(
            "lists its workouts inline (workouts = [...]): write them as [[workouts]] "
            "tables, or use --print and paste the entry"
        )
    return workouts


def file_ids(text: str) -> list[str]:
    """The ids of the `[[workouts]]` in a config file's text."""
    workouts = _workouts(tomlkit.parse(text))
    return [str(t.get("id")) for t in workouts.body] if workouts is not None else []


def _trailing_trivia(table: Table) -> list[Comment | Whitespace]:
    """The comments and blank lines that end a table's text (they sit before the next one)."""
    tail: list[Comment | Whitespace] = []
    for key, item in reversed(table.value.body):
        if key is not None or not isinstance(item, Comment | Whitespace):
            break
        tail.insert(0, item)
    return tail


def add_entry(existing: str, entry: str, workout_id: str, replace: bool = False) -> str:
    """`existing` (a config's text, maybe empty) with `entry` added or swapped in."""
    if not existing.strip():
        return existing + entry
    doc = tomlkit.parse(existing)
    workouts = _workouts(doc)
    tables = workouts.body if workouts is not None else []
    index = next((i for i, t in enumerate(tables) if t.get("id") == workout_id), None)
    if index is None:
        gap = "" if existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n"
        return existing + gap + entry
    if not replace:
        raise EntryError(f"already has a workout {workout_id!r}: add --replace to overwrite it")
    assert workouts is not None
    new = tomlkit.parse(entry)["workouts"][0]
    for item in _trailing_trivia(tables[index]):
        new.value.append(None, item)
    workouts[index] = new
    return tomlkit.dumps(doc)
