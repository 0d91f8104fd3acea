"""A session log that can't be written, and signals, in real `run --plain` processes (PRODUCT.md §8).

The disk is filled the faithful way: a soft `ulimit -f` on the process
(Python ignores SIGXFSZ, so SQLite's writes fail with EFBIG), lifted from
outside with prlimit to show that the events waiting in memory reach the
log during the session. SIGTERM, SIGHUP and SIGINT keep the session as
`stopped` with exit 130.
"""

from __future__ import annotations

import json
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from retro_tui.coach.log_fault import describe
from retro_tui.core.store import Store
from retro_tui.errors import DataError

WORKOUT = """
[settings]
get_ready = "off"
checklist = false

[[workouts]]
id = "busy"
name = "Busy"
steps = [ { repeat = 20, steps = [ { run = "20s" }, { walk = "10s" } ] } ]
"""
LIMIT_KB = 100  # the empty log is 40 KB: a few events fit in the WAL, then EFBIG


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "busy.toml"
    path.write_text(WORKOUT, encoding="utf-8")
    return path


def _cli(*args: str, data: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "retro_tui",
            *args,
            "--data-dir",
            str(data),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _limited(speed: str, data: Path, config: Path) -> subprocess.Popen[str]:
    """`run --plain` under a soft file-size limit (`ulimit -S -f`), the log made first."""
    made = _cli("log", data=data, config=config)  # the empty log, before the limit
    assert made.returncode == 0, made.stderr
    command = " ".join(
        [sys.executable, "-m", "retro_tui", "run", "busy", "--plain", "--mute", "--speed", speed]
        + ["--data-dir", str(data), "--config", str(config)]
    )
    return subprocess.Popen(
        ["sh", "-c", f"ulimit -S -f {LIMIT_KB} && exec {command}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(proc: subprocess.Popen[str], needle: str) -> list[str]:
    assert proc.stdout is not None
    printed: list[str] = []
    for line in proc.stdout:  # the run ends within a minute; then the pipe closes
        printed.append(line.rstrip("\n"))
        if needle in line:
            return printed
    pytest.fail(f"{needle!r} never printed: {printed}")


def _shown(data: Path, config: Path) -> dict:
    sessions = json.loads(_cli("log", "--json", data=data, config=config).stdout)
    assert len(sessions) == 1, sessions
    shown = _cli("show", str(sessions[0]["id"]), "--json", data=data, config=config)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_a_full_disk_to_the_end_says_what_was_saved_and_why(tmp_path: Path, config: Path) -> None:
    data = tmp_path / "data"
    proc = _limited("500", data, config)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert "Busy: completed, session 1 (simulated)" in lines  # the session itself went on
    notices = [line for line in lines if line.startswith("notice: The session log")]
    assert notices == [
        "notice: The session log cannot be written: the disk is full or failing "
        "(disk I/O error). The session goes on; its events wait in memory and are retried: "
        "free some disk space."
    ]
    # The summary's last line: how much of the session the log holds, and why not the rest.
    last = lines[-1]
    assert last.startswith("  log: ") and last.endswith(
        " not: the disk is full or failing (disk I/O error): free some disk space"
    ), lines[-4:]
    saved, total = (int(n) for n in last.split()[1:4:2])
    assert 1 < saved < total
    assert any("session log writes could not be saved" in line for line in lines)
    # What was written is there, in order: begin, then the first events.
    shown = _shown(data, config)
    assert len(shown["events"]) == saved - 1  # one write began the session
    assert [e["kind"] for e in shown["events"]][:1] == ["step_start"]


def test_room_coming_back_mid_session_loses_nothing(tmp_path: Path, config: Path) -> None:
    data = tmp_path / "data"
    proc = _limited("30", data, config)  # 10 minutes at x30: 20 s
    try:
        printed = _read_until(proc, "cannot be written: the disk is full")
        # Room again: the soft limit lifted from outside, as when a download is deleted.
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
        printed += _read_until(proc, "The session log is written again")
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    printed += out.splitlines()
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
    assert not any("could not be saved" in line or "  log: " in line for line in printed)
    shown = _shown(data, config)
    assert shown["status"] == "completed"
    # Every cue and step change printed (before, while and after the disk was full) is logged.
    rows = [line.split("  ", 2) for line in printed if line[:1].isdigit()]
    printed_cues = [r[2] for r in rows if r[1] not in ("step", "get_ready")]
    logged_cues = [e["text"] for e in shown["events"] if e["kind"] == "cue"]
    assert printed_cues and logged_cues == printed_cues
    starts = [e["step"] for e in shown["events"] if e["kind"] == "step_start"]
    assert starts == list(range(40))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_keeps_the_session_as_stopped(tmp_path: Path, config: Path, signum) -> None:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "retro_tui", "run", "busy", "--plain", "--mute", "--speed", "5"]
        + ["--data-dir", str(data), "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        printed = _read_until(proc, "step  2/40")
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err
    assert "00:00  stop  session stopped" not in printed
    assert any("stop  session stopped" in line for line in out.splitlines())
    assert any("Busy: stopped" in line for line in out.splitlines())
    shown = _shown(data, config)
    assert shown["status"] == "stopped"
    assert shown["active_s"] >= 20  # kept where it was, not "interrupted at 0:00"
    assert [e["kind"] for e in shown["events"]][-1] == "stop"


# --- which fault: the words for each ----------------------------------------------------


def test_each_fault_is_named_for_what_it_is(tmp_path: Path) -> None:
    full = describe(DataError("x: the session log cannot be used (database or disk is full)"))
    assert (full.kind, full.remedy) == ("full", "free some disk space")
    efbig = describe(OSError(27, "File too large"))
    assert efbig.kind == "full"
    # A real read-only database, and a real damaged one, through the store.
    data = tmp_path / "data"
    with Store.open(data) as store:
        assert store.list_sessions() == []
    db = data / "sessions.db"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.Error) as ro:
            conn.execute("insert into events (session_id) values (1)")
    finally:
        conn.close()
    fault = describe(ro.value)
    assert fault.kind == "read-only", ro.value
    assert "read-only" in fault.what and "permissions" in fault.remedy
    damaged = describe(sqlite3.DatabaseError("database disk image is malformed"))
    assert damaged.kind == "damaged" and damaged.remedy == "move it away to start a new log"
    assert "free some disk space" not in damaged.remedy + fault.remedy
