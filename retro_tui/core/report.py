"""Summaries and exports of logged sessions: the stable JSON and CSV shapes.

JSON (PRODUCT.md §5): `session_to_json` is `show --json` and `export
--format json`; `summary_to_json` is one item of `log --json` (the same
without `steps` and `events`). Times are ISO 8601 UTC to the second
("2026-11-23T16:40:00Z"); `ended_at` is null while a session is open, and
`status` is `completed`, `stopped`, `interrupted`, or `running` for a session
still being written by a live process. Numbers are seconds rounded to the
millisecond (whole numbers print without a fraction, as in `timeline --json`).
A step's `laps` is the list of its lap times in seconds (its length is the
lap count); `actual_s` is null for a step that never ended.

An event is `{"at_s", "kind", ...its data}`. A cue event's data has its own
`kind` (shoulder, form, ...), which would clash with the event's: it is
given under the key `"cue"` instead, e.g.
`{"at_s": 20, "kind": "cue", "cue": "shoulder", "side": "left", "text": ..., "step": 1}`.

CSV cells (`csv_cell`, for formats/csv_steps.py's per-step export): control
characters visible, and a cell that would run as a formula gets a leading `'`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeGuard

from retro_tui.core.amounts import format_tenths
from retro_tui.core.records import EventRecord, SessionDetail, SessionSummary
from retro_tui.core.text import visible

_RESERVED = ("at_s", "kind")


def num(value: float) -> float | int:
    """Seconds for JSON: rounded to the millisecond, whole numbers as ints."""
    rounded = round(float(value), 3)
    return int(rounded) if rounded.is_integer() else rounded


def iso_utc(moment: datetime | None) -> str | None:
    """ "2026-11-23T16:40:00Z" (to the second), or None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive: local time
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_time(moment: datetime | None) -> str:
    """ "2026-11-23 17:40" in the machine's local time, or "" for None."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def summary_to_json(summary: SessionSummary) -> dict[str, Any]:
    """One item of `log --json`."""
    return {
        "id": summary.id,
        "workout": summary.workout,
        "name": summary.name,
        "started_at": iso_utc(summary.started_at),
        "ended_at": iso_utc(summary.ended_at),
        "status": summary.status,
        "simulated": summary.simulated,
        "planned_s": num(summary.planned_s),
        "active_s": num(summary.active_s),
        "paused_s": num(summary.paused_s),
        "backward_s": num(summary.backward_s),
        "rpe": summary.rpe,
        "notes": summary.notes,
    }


def event_data(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An event's data as its JSON keys: a clashing `kind` becomes `cue` (see above)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _RESERVED:
            key = "cue" if kind == "cue" and key == "kind" else f"data_{key}"
        out[key] = num(value) if key in ("actual_s", "lap_s") and _is_number(value) else value
    return out


def event_to_json(event: EventRecord) -> dict[str, Any]:
    return {"at_s": num(event.at_s), "kind": event.kind, **event_data(event.kind, event.data)}


def session_to_json(detail: SessionDetail) -> dict[str, Any]:
    """`show --json` / `export --format json`."""
    out = summary_to_json(detail)
    out["steps"] = [
        {
            "index": step.index,
            "kind": step.kind,
            "planned_s": num(step.planned_s),
            "actual_s": None if step.actual_s is None else num(step.actual_s),
            "skipped": step.skipped,
            "laps": [num(lap) for lap in step.laps],
        }
        for step in detail.steps
    ]
    out["events"] = [event_to_json(event) for event in detail.events]
    return out


def export_json(detail: SessionDetail) -> str:
    return json.dumps(session_to_json(detail), indent=2, ensure_ascii=False) + "\n"


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    """One CSV cell; text a spreadsheet would run as a formula gets a leading `'` (§8)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(num(value))
    if isinstance(value, int):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = visible(text, lines=True)  # `cat file.csv` never drives the terminal
    if text.startswith(_FORMULA_START) and not _is_numeric_text(text):
        return "'" + text
    return text


def _is_numeric_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def event_text(kind: str, data: Mapping[str, Any]) -> str:
    """An event in words, for the human views ("shoulder left: Check over ...").

    Control characters in the log's text come out as visible escapes."""
    return visible(_event_words(kind, data))


def _event_words(kind: str, data: Mapping[str, Any]) -> str:
    step = data.get("step")
    where = f"step {step + 1}" if isinstance(step, int) and not isinstance(step, bool) else ""
    if kind == "cue":
        parts = [str(data.get("kind", "")), str(data.get("side") or "")]
        head = " ".join(p for p in parts if p)
        text = f"{head}: {data.get('text', '')}".strip(": ")
        return text + (" (dropped: late)" if data.get("dropped") else "")
    if kind == "step_end":
        actual = data.get("actual_s")
        took = f" after {format_tenths(actual)}" if _is_number(actual) else ""
        return f"{where}{took}" + (" (skipped)" if data.get("skipped") else "")
    if kind == "lap":
        lap = data.get("lap_s")
        return f"{where} lap {format_tenths(lap)}" if _is_number(lap) else where
    if kind == "back":
        to = data.get("to_step")
        target = f"step {to + 1}" if isinstance(to, int) and not isinstance(to, bool) else "?"
        return f"{where} -> restart {target}"
    if kind == "mute":
        return "muted" if data.get("muted") else "unmuted"
    if kind == "get_ready":
        return str(data.get("text", ""))
    return where
