"""`retro-tui plan [--json]` end to end, on an empty and on a seeded session log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from retro_tui.core.config import load_config
from retro_tui.core.store import DB_NAME, Store, planned_steps_from_timeline
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.week import week_bounds

REPO_ROOT = Path(__file__).resolve().parent.parent
TOP_KEYS = {"program", "next", "weeks", "this_week"}


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETRO_TUI_")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # no user config file from the machine running the tests
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        APPDATA=str(home),
        LOCALAPPDATA=str(home),
        COLUMNS="160",
        PYTHONIOENCODING="utf-8",
    )
    return env


def run_plan(tmp_path: Path, data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", "plan", *extra, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result


def assert_shape(data: dict[str, object]) -> None:
    assert set(data) == TOP_KEYS
    assert data["program"] == "retro-foundations"
    nxt = data["next"]
    assert nxt is None or (isinstance(nxt, dict) and set(nxt) == {"week", "session", "workout"})
    weeks = data["weeks"]
    assert isinstance(weeks, list) and [w["week"] for w in weeks] == list(range(1, 11))
    for week in weeks:
        assert set(week) == {"week", "sessions"}
        assert [s["session"] for s in week["sessions"]] == [1, 2]
        for s in week["sessions"]:
            assert set(s) == {"session", "workout", "status"}
            assert s["status"] in {"done", "next", "ahead"}
    assert isinstance(data["this_week"], dict)
    assert set(data["this_week"]) == {"backward_min", "guide_min"}


def statuses(data: dict[str, object]) -> dict[str, str]:
    weeks = data["weeks"]
    assert isinstance(weeks, list)
    return {s["workout"]: s["status"] for w in weeks for s in w["sessions"]}


# --- seeding through the Store API ----------------------------------------------


def seed(
    store: Store,
    workout_id: str,
    *,
    backward_s: float,
    status: str = "completed",
    simulated: bool = False,
    started_at: datetime | None = None,
    stumbles: int = 0,
) -> int:
    config = load_config()
    workout = config.workouts[workout_id]
    timeline = compile_timeline(workout, config.settings)
    started_at = started_at or datetime.now(UTC) - timedelta(minutes=30)
    sid = store.begin_session(
        workout=workout.id,
        name=workout.name,
        planned_s=timeline.total_s,
        backward_planned_s=timeline.backward_s,
        simulated=simulated,
        started_at=started_at,
        steps=planned_steps_from_timeline(timeline),
    )
    for n in range(stumbles):
        store.log_event(sid, 400.0 + n, "stumble", {"step": 1})
    store.finish_session(
        sid,
        status=status,
        ended_at=started_at + timedelta(seconds=timeline.total_s),
        active_s=timeline.total_s,
        paused_s=0.0,
        backward_s=backward_s,
    )
    return sid


# A process that logs rf-w1-s1 up to 10 s into the fifth backward walk, then
# dies without closing the session (as a crash or kill -9 would). Four walks
# of 120 s and 10 s of the fifth: 490 of 600 backward seconds, over 80%.
_CRASHING_RUN = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from retro_tui.core.config import load_config
    from retro_tui.core.store import Store, planned_steps_from_timeline
    from retro_tui.core.timeline import compile_timeline

    config = load_config()
    workout = config.workouts["rf-w1-s1"]
    timeline = compile_timeline(workout, config.settings)
    store = Store.open(Path(sys.argv[1]))
    sid = store.begin_session(
        workout=workout.id, name=workout.name, planned_s=timeline.total_s,
        backward_planned_s=timeline.backward_s, simulated=False,
        started_at=datetime.now(UTC) - timedelta(minutes=20),
        steps=planned_steps_from_timeline(timeline),
    )
    for step in timeline.steps[:9]:
        store.log_event(sid, step.start_s, "step_start", {"step": step.index})
        store.log_event(sid, step.end_s, "step_end",
                        {"step": step.index, "actual_s": step.duration_s, "skipped": False})
    fifth = timeline.steps[9]
    store.log_event(sid, fifth.start_s, "step_start", {"step": fifth.index})
    store.log_event(sid, fifth.start_s + 10, "cue", {"kind": "shoulder"})
    os._exit(0)
    """
)


def crash_mid_session(tmp_path: Path, data_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", _CRASHING_RUN, str(data_dir)],
        check=True,
        env=_env(tmp_path),
        cwd=REPO_ROOT,
        timeout=60,
    )


# --- tests ------------------------------------------------------------------------


def test_plan_json_on_an_empty_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    result = run_plan(tmp_path, data_dir, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_shape(data)
    assert data["next"] == {"week": 1, "session": 1, "workout": "rf-w1-s1"}
    marks = statuses(data)
    assert marks["rf-w1-s1"] == "next"
    assert set(list(marks.values())[1:]) == {"ahead"}
    assert data["this_week"] == {"backward_min": 0, "guide_min": 30}
    assert list(data_dir.iterdir()) == []  # a read-only command creates no log


def test_plan_json_on_a_missing_data_dir(tmp_path: Path) -> None:
    result = run_plan(tmp_path, tmp_path / "nowhere", "--json")
    assert result.returncode == 0, result.stderr
    assert_shape(json.loads(result.stdout))
    assert not (tmp_path / "nowhere").exists()


def test_plan_json_on_a_seeded_log(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    before = week_bounds(datetime.now(UTC))
    crash_mid_session(tmp_path, data_dir)  # rf-w1-s1, interrupted at 490 of 600 s: done
    with Store.open(data_dir) as store:
        seed(store, "rf-w1-s2", backward_s=720, status="completed")  # done
        seed(store, "rf-w2-s1", backward_s=360, status="stopped")  # 50%: not done
        seed(store, "rf-w2-s2", backward_s=720, simulated=True)  # simulated: never
        seed(store, "rf-w3-s1", backward_s=700, status="stopped")  # 81%: done
        seed(store, "ladder", backward_s=600, simulated=True)  # not counted anywhere

    result = run_plan(tmp_path, data_dir, "--json")
    assert result.returncode == 0, result.stderr
    if week_bounds(datetime.now(UTC)) != before:
        pytest.skip("the local week changed while the test ran")
    data = json.loads(result.stdout)
    assert_shape(data)
    assert data["next"] == {"week": 2, "session": 1, "workout": "rf-w2-s1"}
    marks = statuses(data)
    assert marks["rf-w1-s1"] == "done"  # the interrupted one, recovered by `plan`
    assert marks["rf-w1-s2"] == "done"
    assert marks["rf-w2-s1"] == "next"
    assert marks["rf-w2-s2"] == "ahead"
    assert marks["rf-w3-s1"] == "done"
    assert marks["rf-w3-s2"] == "ahead"
    # 490 + 720 + 360 + 700 backward seconds; the simulated ones never count
    assert data["this_week"] == {"backward_min": 37.8, "guide_min": 30}

    with Store.open(data_dir) as store:
        logged = {s.workout: s for s in store.list_sessions(limit=None)}
    assert logged["rf-w1-s1"].status == "interrupted"
    assert logged["rf-w1-s1"].backward_s == pytest.approx(490)


def test_plan_json_complete_programme_next_is_null(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = load_config()
    ids = [w.id for w in config.workouts.values() if w.program == "retro-foundations"]
    long_ago = datetime(2024, 1, 1, 9, tzinfo=UTC)
    with Store.open(data_dir) as store, store.batch():
        for i, workout_id in enumerate(ids):
            timeline = compile_timeline(config.workouts[workout_id], config.settings)
            seed(
                store,
                workout_id,
                backward_s=timeline.backward_s,
                started_at=long_ago + timedelta(days=3 * i),
            )
    result = run_plan(tmp_path, data_dir, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_shape(data)
    assert data["next"] is None
    assert set(statuses(data).values()) == {"done"}
    assert data["this_week"]["backward_min"] == 0  # all long ago


def test_plan_table_shows_up_next_the_week_and_the_hold(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    now = datetime.now(UTC)
    with Store.open(data_dir) as store:
        seed(store, "rf-w1-s1", backward_s=600, started_at=now - timedelta(hours=3))
        seed(store, "rf-w1-s2", backward_s=720, started_at=now - timedelta(hours=1), stumbles=2)
    result = run_plan(tmp_path, data_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Retro foundations" in out
    assert "Up next: week 2, session 1" in out and "rf-w2-s1" in out
    assert "Two near-falls last time: repeat week 1 before moving on" in out
    assert "retro-tui run rf-w1-s1" in out  # the held week's first session
    assert "backward minutes" in out and "of 30" in out


def test_plan_table_no_hold_after_one_stumble(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        seed(store, "rf-w1-s1", backward_s=600, stumbles=1)
    result = run_plan(tmp_path, data_dir)
    assert result.returncode == 0, result.stderr
    assert "near-fall" not in result.stdout
    assert "Up next: week 1, session 2" in result.stdout


def test_plan_on_an_empty_data_dir_prints_the_table(tmp_path: Path) -> None:
    result = run_plan(tmp_path, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Up next: week 1, session 1" in result.stdout
    assert "This week: 0 of 30 backward minutes" in result.stdout


def test_plan_refuses_a_damaged_log_with_one_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"this is not a database at all" * 10)
    result = run_plan(tmp_path, data_dir, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("retro-tui: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_plan_respects_the_weekly_guide_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    config.write_text("[settings]\nweekly_backward_minutes = 45\n", encoding="utf-8")
    result = run_plan(tmp_path, tmp_path / "data", "--json", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["this_week"] == {"backward_min": 0, "guide_min": 45}


def test_plan_table_on_an_ascii_only_output(tmp_path: Path) -> None:
    env = _env(tmp_path) | {"PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", "plan", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    result.stdout.decode("ascii")  # nothing the console cannot write
    assert b"Up next: week 1, session 1" in result.stdout
