"""TCX out (PRODUCT.md §13): every export valid against Garmin's schema, shaped as importers need.

The schema is read from ../shared/data/tcx (beside the repository, never
copied in): under CI=true a missing schema fails, elsewhere it skips. The
sessions are really run: the coach's LiveSession on a fake clock, logging
into a real store (tests/session_runs.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from session_runs import mixed_workout, plain_settings, run_logged

from retro_tui.core.amounts import Amount
from retro_tui.core.records import SessionDetail
from retro_tui.core.report import iso_utc
from retro_tui.core.store import Store
from retro_tui.core.workout import Step, Workout
from retro_tui.formats.session_laps import planned_steps, step_distances
from retro_tui.formats.tcx import NothingToExport, session_tcx
from tools import skip_or_fail

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tcx"
SCHEMA_FILE = SCHEMA / "TrainingCenterDatabasev2.xsd"
NS = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA_FILE.is_file():
        skip_or_fail(f"the TCX schema is not at {SCHEMA_FILE}")
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def tcx_of(detail: SessionDetail, workout: Workout | None = None) -> str:
    plan = planned_steps(workout or mixed_workout(), plain_settings())
    return session_tcx(detail, step_distances(detail.steps, plan), "0.1.0")


def checked(text: str, schema: etree.XMLSchema) -> etree._Element:
    """Parse and validate one export; the checks every TCX must pass."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')  # first bytes: no BOM
    root = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(root), schema.error_log
    assert not root.findall(".//t:Position", NS)  # never GPS fields
    laps = root.findall(".//t:Lap", NS)
    distance = 0.0
    previous_time = ""
    for lap in laps:
        points = lap.findall("t:Track/t:Trackpoint", NS)
        assert len(points) >= 2
        times = [p.findtext("t:Time", namespaces=NS) for p in points]
        assert times[0] == lap.get("StartTime")
        assert times == sorted(times) and times[0] >= previous_time
        previous_time = times[-1]
        for p in points:
            metres = float(p.findtext("t:DistanceMeters", namespaces=NS) or "nan")
            assert metres >= distance  # cumulative, never decreasing
            distance = metres
        assert lap.find("t:Notes", NS) is not None  # after the Track: the schema says where
    return root


def _laps(root: etree._Element) -> list[dict[str, str]]:
    return [
        {child.tag.split("}")[1]: (child.text or "") for child in lap if child.tag != "Track"}
        | {"StartTime": lap.get("StartTime", "")}
        for lap in root.findall(".//t:Lap", NS)
    ]


def _offsets(detail: SessionDetail, laps: list[dict[str, str]]) -> list[float]:
    """Each lap's StartTime as seconds after the session's start (to the millisecond)."""
    return [
        round((datetime.fromisoformat(lap["StartTime"]) - detail.started_at).total_seconds(), 2)
        for lap in laps
    ]


def test_a_whole_session(tmp_path: Path, schema: etree.XMLSchema) -> None:
    detail = run_logged(tmp_path, mixed_workout())
    root = checked(tcx_of(detail), schema)
    activities = root.findall(".//t:Activity", NS)
    assert len(activities) == 1 and activities[0].get("Sport") == "Running"
    assert activities[0].findtext("t:Id", namespaces=NS) == iso_utc(detail.started_at)
    laps = _laps(root)
    assert [lap["Intensity"] for lap in laps] == [
        "Active",
        "Active",
        "Resting",
        "Active",
        "Resting",
        "Active",
    ]
    assert [lap["TriggerMethod"] for lap in laps] == [
        "Time",
        "Distance",
        "Time",
        "Distance",
        "Time",
        "Time",
    ]
    assert [float(lap["DistanceMeters"]) for lap in laps] == [0, 100, 0, 100, 0, 0]
    assert all(lap["Calories"] == "0" for lap in laps)
    total = sum(float(lap["TotalTimeSeconds"]) for lap in laps)
    assert total == pytest.approx(detail.active_s, abs=0.01)
    # wall-clock lap starts: the 10 s get-ready, then each step back to back
    assert _offsets(detail, laps) == [10, 70, 120, 150, 200, 230]
    assert "Step 2 of 6: Run, backward, 100 m" in laps[1]["Notes"]
    notes = activities[0].findtext("t:Notes", namespaces=NS) or ""
    assert "Mixed (mixed)" in notes and "retro (backward) running" in notes
    assert "Near-falls: 0" in notes
    creator = activities[0].find("t:Creator", NS)
    assert creator is not None
    assert creator.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "Device_t"
    assert creator.findtext("t:Name", namespaces=NS) == "retro-tui"
    assert creator.findtext("t:UnitId", namespaces=NS) == "0"
    assert creator.findtext("t:ProductID", namespaces=NS) == "0"
    # one trackpoint a second: a 60 s lap has its start, 59 in between and its end
    first = root.findall(".//t:Lap", NS)[0]
    assert len(first.findall("t:Track/t:Trackpoint", NS)) == 61


def test_laps_pressed_pauses_skips_and_a_stumble(tmp_path: Path, schema: etree.XMLSchema) -> None:
    keys = [
        (30, "lap"),  # 20 s into the warm-up
        (55, "lap"),  # 45 s into it
        (110, "lap"),  # 40 s into the first 100 m: reached the mark
        (130, "toggle_pause"),  # 20 s into the rest, paused 30 s
        (160, "toggle_pause"),
        (180, "skip"),  # 10 s into the second 100 m
        (185, "skip"),  # 5 s into the second rest
        (200, "stumble"),  # 15 s into the walk: pauses
        (210, "toggle_pause"),
    ]
    detail = run_logged(tmp_path, mixed_workout(), keys)
    root = checked(tcx_of(detail), schema)
    laps = _laps(root)
    rows = [
        (float(lap["TotalTimeSeconds"]), lap["TriggerMethod"], float(lap["DistanceMeters"]))
        for lap in laps
    ]
    assert rows == [
        (20, "Manual", 0),  # the warm-up's pressed laps are laps of their own
        (25, "Manual", 0),
        (15, "Time", 0),
        (40, "Manual", 100),  # lap key at the mark
        (30, "Time", 0),
        (10, "Time", 0),  # skipped partway: ran, but did not reach the mark
        (5, "Time", 0),
        (90, "Time", 0),
    ]
    assert sum(r[0] for r in rows) == pytest.approx(detail.active_s, abs=0.01)
    # pauses are on the wall clock: the rest's 30 s pause delays everything after it
    starts = _offsets(detail, laps)
    assert starts[3:6] == [70, 110, 170]
    assert starts[7] == 185
    assert "(skipped)" in laps[5]["Notes"]
    notes = root.findtext(".//t:Activity/t:Notes", namespaces=NS) or ""
    assert "Near-falls: 1" in notes


def test_a_speed_session_starts_laps_at_the_simulated_time(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    # at 10x, 2 s of wall time paused is 20 simulated seconds
    detail = run_logged(
        tmp_path, mixed_workout(), [(3, "toggle_pause"), (5, "toggle_pause")], speed=10
    )
    assert detail.simulated and detail.paused_s == pytest.approx(20)
    root = checked(tcx_of(detail), schema)
    # paused 20 s into the warm-up: the 100 m starts at 10 + 60 + 20
    assert _offsets(detail, _laps(root))[:2] == [10, 90]
    assert "Simulated" in (root.findtext(".//t:Activity/t:Notes", namespaces=NS) or "")


def test_a_stopped_session_has_laps_for_what_ran(tmp_path: Path, schema: etree.XMLSchema) -> None:
    detail = run_logged(tmp_path, mixed_workout(), until_s=100)  # 30 s into the first 100 m
    assert detail.status == "stopped"
    root = checked(tcx_of(detail), schema)
    laps = _laps(root)
    assert len(laps) == 2
    assert (laps[1]["TriggerMethod"], float(laps[1]["DistanceMeters"])) == ("Time", 0)
    assert "(stopped here)" in laps[1]["Notes"]
    assert sum(float(lap["TotalTimeSeconds"]) for lap in laps) == pytest.approx(
        detail.active_s, abs=0.01
    )


def test_an_edited_workout_leaves_distances_unknown(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    detail = run_logged(tmp_path, mixed_workout())
    edited = Workout("mixed", "Mixed", (Step("run", Amount(metres=400), "backward"),))
    root = checked(tcx_of(detail, edited), schema)
    laps = _laps(root)
    assert {lap["DistanceMeters"] for lap in laps} == {"0.0"}
    assert {lap["TriggerMethod"] for lap in laps} == {"Time"}


def test_text_from_the_log_is_escaped_and_control_characters_visible(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    workout = Workout(
        "odd",
        "Hill <b>&</b> \x1b]0;owned\x07",
        (Step("run", Amount(seconds=20), "backward"),),
    )
    detail = run_logged(tmp_path, workout)
    with Store.open(tmp_path) as store:
        store.set_review(detail.id, 6, 'calves \x1b[2J tight\x00 "ok"')
        detail = store.get_session(detail.id)  # type: ignore[assignment]
    assert detail is not None
    text = tcx_of(detail, workout)
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    root = checked(text, schema)
    notes = root.findtext(".//t:Activity/t:Notes", namespaces=NS) or ""
    assert "Hill <b>&</b> \\x1b]0;owned\\x07" in notes
    assert 'Notes: calves \\x1b[2J tight\\x00 "ok"' in notes and "RPE 6/10" in notes


def test_a_session_that_never_ran_a_step_has_no_tcx(tmp_path: Path) -> None:
    detail = run_logged(tmp_path, mixed_workout(), until_s=5)  # stopped in the get-ready
    assert detail.active_s == 0
    with pytest.raises(NothingToExport, match="no active time"):
        tcx_of(detail)


def test_an_hour_long_session(tmp_path: Path, schema: etree.XMLSchema) -> None:
    workout = Workout("hour", "Hour", (Step("run", Amount(seconds=3600), "backward"),))
    started = datetime.now()
    detail = run_logged(tmp_path, workout, speed=20)
    root = checked(tcx_of(detail, workout), schema)
    assert len(root.findall(".//t:Trackpoint", NS)) == 3601
    assert datetime.now() - started < timedelta(seconds=60)


def test_an_interrupted_session_ends_with_the_step_it_was_in(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    from test_store import STEPS, _crash

    session_id, _ = _crash(tmp_path, 18)  # killed 20 s into the last step
    with Store.open(tmp_path) as store:
        store.recover_interrupted()
        detail = store.get_session(session_id)
    assert detail is not None and detail.status == "interrupted"
    root = checked(session_tcx(detail, {}), schema)
    laps = _laps(root)
    assert len(laps) == 6  # warm-up; the run's two pressed laps and the rest of it; rest; walk
    assert "(cut off (the session was interrupted))" in laps[-1]["Notes"]
    assert laps[-1]["Notes"].startswith(f"Step 4 of {len(STEPS)}: Walk, backward")
    total = sum(float(lap["TotalTimeSeconds"]) for lap in laps)
    assert total == pytest.approx(detail.active_s, abs=0.01)
