"""`run --plain` end to end: real processes, the real log, crashes and company."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retro_tui.commands.run import event_line, position_text
from retro_tui.core.session import Event

WORKOUT = """
[settings]
get_ready = "2s"
checklist = true

[[workouts]]
id = "short"
name = "Short test"
steps = [
  { warmup = "20s" },
  { repeat = 2, steps = [ { run = "100m", note = "Stay tall" }, { rest = "15s" } ] },
  { walk = "45s" },
]
"""


def _cli(*args: str, data_dir: Path, config: Path, **kw):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "retro_tui",
            *args,
            "--data-dir",
            str(data_dir),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "short.toml"
    path.write_text(WORKOUT, encoding="utf-8")
    return path


def test_position_text_and_lines() -> None:
    assert position_text(-10) == "-00:10"
    assert position_text(0) == "00:00"
    assert position_text(3725) == "62:05"
    assert event_line(Event(1.0, "step_end", {"step": 0}), None) is None  # type: ignore[arg-type]


def test_a_plain_run_prints_every_cue_and_logs_a_completed_session(
    tmp_path: Path, config: Path
) -> None:
    data = tmp_path / "data"
    run = _cli("run", "short", "--plain", "--speed", "40", "--mute", data_dir=data, config=config)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    out = run.stdout.splitlines()
    assert any("Flat, even surface" in line for line in out), "the checklist is printed"
    timeline = json.loads(_cli("timeline", "short", "--json", data_dir=data, config=config).stdout)

    # One line per cue, in the plan's order, `mm:ss  kind  text`.
    cue_lines = [
        line
        for line in out
        if line.split("  ")[1:2] and line.split("  ")[1] in {c["kind"] for c in timeline["cues"]}
    ]
    assert [line.split("  ", 2)[2] for line in cue_lines] == [c["text"] for c in timeline["cues"]]
    assert cue_lines[0].startswith("00:00  step_start  Warm-up")
    step_lines = [line for line in out if line.split("  ")[1:2] == ["step"]]
    assert len(step_lines) == len(timeline["steps"])
    assert any("completed" in line for line in out[-4:])

    sessions = json.loads(_cli("log", "--json", data_dir=data, config=config).stdout)
    assert len(sessions) == 1
    session = sessions[0]
    assert session["status"] == "completed" and session["simulated"] is True
    assert session["planned_s"] == timeline["total_s"]
    shown = json.loads(
        _cli("show", str(session["id"]), "--json", data_dir=data, config=config).stdout
    )
    assert [s["planned_s"] for s in shown["steps"]] == [s["duration_s"] for s in timeline["steps"]]
    assert [s["actual_s"] for s in shown["steps"]] == pytest.approx(
        [s["duration_s"] for s in timeline["steps"]], abs=0.01
    )
    cue_events = [e for e in shown["events"] if e["kind"] == "cue"]
    assert [(e["at_s"], e["text"]) for e in cue_events] == [
        (c["at_s"], c["text"]) for c in timeline["cues"]
    ]
    starts = [e["step"] for e in shown["events"] if e["kind"] == "step_start"]
    assert starts == list(range(len(timeline["steps"])))


def _start_plain(speed: str, data: Path, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "retro_tui",
            "run",
            "short",
            "--plain",
            "--speed",
            speed,
            "--mute",
            "--data-dir",
            str(data),
            "--config",
            str(config),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(proc: subprocess.Popen[str], needle: str) -> list[str]:
    """Lines printed up to and including the first holding `needle` (60 s at most)."""
    assert proc.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        printed.append(line.rstrip("\n"))
        if needle in line:
            return printed
    proc.kill()
    pytest.fail(f"{needle!r} never printed: {printed}")


def test_sigkill_mid_session_loses_nothing_printed(tmp_path: Path, config: Path) -> None:
    data = tmp_path / "data"
    proc = _start_plain("10", data, config)
    printed = _read_until(proc, "shoulder")  # well into the first backward repeat
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    sessions = json.loads(_cli("log", "--json", data_dir=data, config=config).stdout)
    assert [s["status"] for s in sessions] == ["interrupted"]
    shown = json.loads(
        _cli("show", str(sessions[0]["id"]), "--json", data_dir=data, config=config).stdout
    )
    # Every cue and every step change printed before the kill is in the log, in order.
    logged_cues = [e["text"] for e in shown["events"] if e["kind"] == "cue"]
    rows = [line.split("  ", 2) for line in printed if line[:1].isdigit() or line[:1] == "-"]
    printed_cues = [r[2] for r in rows if r[1] not in ("step", "get_ready")]
    assert printed_cues and logged_cues[: len(printed_cues)] == printed_cues
    printed_steps = [int(r[2].split("/")[0]) - 1 for r in rows if r[1] == "step"]
    logged_steps = [e["step"] for e in shown["events"] if e["kind"] == "step_start"]
    assert printed_steps and logged_steps[: len(printed_steps)] == printed_steps
    # Closed at its last event: no later than the last thing logged.
    assert shown["ended_at"] is not None
    assert shown["active_s"] <= max(e["at_s"] for e in shown["events"]) + 1e-6


def test_ctrl_c_stops_cleanly_with_exit_130(tmp_path: Path, config: Path) -> None:
    data = tmp_path / "data"
    proc = _start_plain("5", data, config)
    _read_until(proc, "step_start")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in out + err
    assert "stopped" in out
    sessions = json.loads(_cli("log", "--json", data_dir=data, config=config).stdout)
    assert [s["status"] for s in sessions] == ["stopped"]


def test_two_sessions_at_once_share_the_log(tmp_path: Path, config: Path) -> None:
    data = tmp_path / "data"
    args = [
        sys.executable,
        "-m",
        "retro_tui",
        "run",
        "short",
        "--plain",
        "--speed",
        "60",
        "--mute",
        "--data-dir",
        str(data),
        "--config",
        str(config),
    ]
    procs = [
        subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    sessions = json.loads(_cli("log", "--json", data_dir=data, config=config).stdout)
    assert sorted(s["status"] for s in sessions) == ["completed", "completed"]
    counts = []
    for s in sessions:
        shown = json.loads(
            _cli("show", str(s["id"]), "--json", data_dir=data, config=config).stdout
        )
        counts.append(len(shown["events"]))
    assert counts[0] == counts[1] > 20


def test_unusable_data_dir_is_one_message_and_exit_2(tmp_path: Path, config: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _cli("run", "short", "--plain", "--speed", "50", data_dir=blocker / "data", config=config)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    assert str(blocker) in run.stderr


def test_bad_speed_and_unknown_workout_exit_2(tmp_path: Path, config: Path) -> None:
    for args in (
        ["run", "short", "--plain", "--speed", "0"],
        ["run", "nope", "--plain"],
        ["run", "missing.toml", "--plain"],
    ):
        run = _cli(*args, data_dir=tmp_path, config=config)
        assert run.returncode == 2, args
        assert "Traceback" not in run.stderr
    assert os.listdir(tmp_path)  # nothing else required


def test_plain_warns_before_passing_the_weekly_guide(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from retro_tui.core.store import PlannedStep, Store

    config = tmp_path / "guide.toml"
    config.write_text(
        '[settings]\nget_ready = "off"\nweekly_backward_minutes = 2\n'
        '[[workouts]]\nid = "tiny"\nsteps = [ { walk = "5s" } ]\n',
        encoding="utf-8",
    )
    data = tmp_path / "data"
    with Store.open(data) as store:  # 2 backward minutes done already this week
        sid = store.begin_session(
            workout="tiny",
            name="tiny",
            planned_s=120,
            backward_planned_s=120,
            simulated=False,
            started_at=datetime.now(UTC),
            steps=[PlannedStep(0, "walk", "backward", 120)],
        )
        store.finish_session(
            sid,
            status="completed",
            ended_at=datetime.now(UTC),
            active_s=120,
            paused_s=0,
            backward_s=120,
        )
    run = _cli("run", "tiny", "--plain", "--mute", data_dir=data, config=config)
    assert run.returncode == 0, run.stderr
    notices = [line for line in run.stdout.splitlines() if line.startswith("notice:")]
    assert any("guide" in line for line in notices), run.stdout
    # ... and a simulated run is never warned: it is no training load.
    run = _cli("run", "tiny", "--plain", "--mute", "--speed", "50", data_dir=data, config=config)
    assert "guide" not in run.stdout


def test_a_treadmill_workout_gets_the_treadmill_checklist(tmp_path: Path) -> None:
    run = _cli(
        "run",
        "treadmill",
        "--plain",
        "--mute",
        "--speed",
        "1000",
        data_dir=tmp_path / "data",
        config=tmp_path / "none.toml",
    )
    assert run.returncode == 2  # the --config file does not exist: one message
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    run = _cli(
        "run",
        "treadmill",
        "--plain",
        "--mute",
        "--speed",
        "1000",
        data_dir=tmp_path / "data",
        config=config,
    )
    assert "safety clip" in run.stdout
    assert "lane line" not in run.stdout
