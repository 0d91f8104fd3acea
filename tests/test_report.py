"""The JSON and CSV shapes of a logged session (PRODUCT.md §5)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_store import EVENTS, T0, seed_session

from retro_tui.core.report import (
    event_text,
    export_json,
    iso_utc,
    session_to_json,
    summary_to_json,
)
from retro_tui.core.store import SessionDetail, Store

SUMMARY_KEYS = [
    "id",
    "workout",
    "name",
    "started_at",
    "ended_at",
    "status",
    "simulated",
    "planned_s",
    "active_s",
    "paused_s",
    "backward_s",
    "rpe",
    "notes",
]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def detail(tmp_path: Path) -> SessionDetail:
    with Store.open(tmp_path) as store:
        session_id = seed_session(store)
        store.set_review(session_id, 6, 'Windy, "soft" track, calves OK')
        store.log_event(
            session_id,
            230.0,
            "cue",
            {"kind": "form", "side": None, "text": "Line one,\nline two — ok", "step": 3},
        )
        result = store.get_session(session_id)
    assert result is not None
    return result


def test_show_json_has_exactly_the_fields_of_the_spec(detail: SessionDetail) -> None:
    out = session_to_json(detail)
    assert list(out) == SUMMARY_KEYS + ["steps", "events"]
    assert out["started_at"] == "2026-11-23T16:40:00Z"
    assert out["ended_at"] == "2026-11-23T16:44:00Z"
    assert (out["status"], out["simulated"], out["rpe"]) == ("completed", False, 6)
    assert out["notes"] == 'Windy, "soft" track, calves OK'
    assert (out["planned_s"], out["active_s"], out["paused_s"], out["backward_s"]) == (
        240,
        250,
        12.5,
        150,
    )
    for step in out["steps"]:
        assert list(step) == ["index", "kind", "planned_s", "actual_s", "skipped", "laps"]
    assert out["steps"][1] == {
        "index": 1,
        "kind": "run",
        "planned_s": 30,
        "actual_s": 30,
        "skipped": False,
        "laps": [24.25, 4.25],
    }
    assert out["steps"][2]["skipped"] is True
    for event in out["events"]:
        assert list(event)[:2] == ["at_s", "kind"]
    assert len(out["events"]) == len(EVENTS) + 3
    json.dumps(out, allow_nan=False)  # plain JSON


def test_event_json_spreads_the_data_and_keeps_the_event_kind(detail: SessionDetail) -> None:
    events = session_to_json(detail)["events"]
    assert events[1] == {"at_s": 0, "kind": "step_start", "step": 0}
    assert events[5] == {
        "at_s": 80,
        "kind": "cue",
        "cue": "shoulder",
        "side": "left",
        "text": "Check over your left shoulder",
        "step": 1,
    }
    assert events[6] == {"at_s": 84.25, "kind": "lap", "step": 1, "lap_s": 24.25}
    assert events[13] == {"at_s": 95, "kind": "mute", "muted": True}
    assert events[14] == {"at_s": 100, "kind": "skip", "step": 2}
    dropped = [e for e in events if e.get("dropped")]
    assert dropped == [
        {
            "at_s": 120,
            "kind": "cue",
            "cue": "shoulder",
            "side": "right",
            "text": "Check over your right shoulder",
            "step": 3,
            "dropped": True,
        }
    ]
    assert events[0]["at_s"] == -10


def test_log_json_is_show_json_without_steps_and_events(detail: SessionDetail) -> None:
    summary = summary_to_json(detail)
    assert list(summary) == SUMMARY_KEYS
    full = session_to_json(detail)
    assert summary == {k: v for k, v in full.items() if k not in ("steps", "events")}


def test_an_open_session_has_no_end_and_null_actuals(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session_id = seed_session(store, finish=False)
        out = session_to_json(store.get_session(session_id))  # type: ignore[arg-type]
    assert (out["ended_at"], out["status"]) == (None, "running")
    assert out["steps"][3]["actual_s"] == 30  # from the step_end before `back`
    assert (out["rpe"], out["notes"]) == (None, "")


def test_iso_utc() -> None:
    assert iso_utc(None) is None
    assert iso_utc(datetime(2026, 11, 23, 16, 40, 0, 999_999, tzinfo=UTC)) == "2026-11-23T16:40:00Z"
    plus2 = timezone(timedelta(hours=2))
    assert iso_utc(datetime(2026, 11, 23, 18, 40, tzinfo=plus2)) == "2026-11-23T16:40:00Z"
    naive = datetime(2026, 7, 1, 12, 0)
    assert iso_utc(naive) == naive.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ISO_UTC.match(iso_utc(T0) or "")


def test_export_json_parses_back_to_the_show_json(detail: SessionDetail) -> None:
    text = export_json(detail)
    assert json.loads(text) == session_to_json(detail)
    assert text.endswith("\n")


def test_event_text_for_the_human_views() -> None:
    assert event_text("cue", {"kind": "shoulder", "side": "left", "text": "Check"}) == (
        "shoulder left: Check"
    )
    assert event_text("cue", {"kind": "form", "side": None, "text": "Core", "dropped": True}) == (
        "form: Core (dropped: late)"
    )
    assert event_text("lap", {"step": 1, "lap_s": 64.25}) == "step 2 lap 1:04.2"
    assert event_text("step_end", {"step": 0, "actual_s": 10, "skipped": True}) == (
        "step 1 after 0:10.0 (skipped)"
    )
    assert event_text("back", {"step": 3, "to_step": 2}) == "step 4 -> restart step 3"
    assert event_text("mute", {"muted": False}) == "unmuted"
    assert event_text("pause", {"step": 0}) == "step 1"
    assert event_text("stop", {}) == ""
