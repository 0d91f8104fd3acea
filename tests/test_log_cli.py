"""`retro-tui log`, `show` and `export` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from test_store import T0, _crash, seed_session

from retro_tui.core.report import session_to_json, summary_to_json
from retro_tui.core.store import DB_NAME, Store

REPO_ROOT = Path(__file__).resolve().parent.parent


def cli(
    *args: str,
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "retro_tui", *args]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, "COLUMNS": "160", **(env or {})}
    full_env.pop("RETRO_TUI_DATA", None)  # never the user's own log
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=60, env=full_env, cwd=cwd or REPO_ROOT
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """Three sessions: completed+reviewed, simulated, and stopped."""
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        first = seed_session(store, name="Retro ladder")
        store.set_review(first, 7, "Good — calves tight")
        seed_session(store, started_at=T0 + timedelta(days=1), simulated=True, name="Sim")
        third = seed_session(
            store,
            started_at=T0 + timedelta(days=2),
            finish=False,
            name="Walk intro",
            workout="walk",
        )
        store.finish_session(
            third,
            status="stopped",
            ended_at=T0 + timedelta(days=2, minutes=3),
            active_s=150,
            paused_s=0,
            backward_s=90,
        )
    return data_dir


def _expected(data_dir: Path) -> tuple[list[dict[str, object]], dict[int, dict[str, object]]]:
    with Store.open(data_dir) as store:
        summaries = [summary_to_json(s) for s in store.list_sessions(None)]
        details = {
            s.id: session_to_json(store.get_session(s.id))  # type: ignore[arg-type]
            for s in store.list_sessions(None)
        }
    return summaries, details


# --- log --------------------------------------------------------------------


def test_log_json_lists_sessions_newest_first(seeded: Path) -> None:
    result = cli("log", "--json", data_dir=seeded)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summaries, _ = _expected(seeded)
    assert json.loads(result.stdout) == summaries
    assert [s["name"] for s in json.loads(result.stdout)] == ["Walk intro", "Sim", "Retro ladder"]
    assert [s["status"] for s in json.loads(result.stdout)] == ["stopped", "completed", "completed"]


def test_log_limit_and_the_common_flags_before_the_command(seeded: Path) -> None:
    result = cli("--data-dir", str(seeded), "log", "--json", "--limit", "2")
    assert [s["name"] for s in json.loads(result.stdout)] == ["Walk intro", "Sim"]
    result = cli("log", "--limit", "0", data_dir=seeded)
    assert result.returncode == 2


def test_log_table(seeded: Path) -> None:
    result = cli("log", data_dir=seeded)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "Retro ladder",
        "Sim",
        "Walk intro",
        "completed (simulated)",
        "stopped",
        "4:10",
        "2:30",
    ):
        assert text in out
    lines = out.splitlines()
    assert next(i for i, line in enumerate(lines) if "Walk intro" in line) < next(
        i for i, line in enumerate(lines) if "Retro ladder" in line
    )
    result = cli("log", "--limit", "1", data_dir=seeded)
    assert "1 of 3 sessions: use --limit N for more." in result.stdout


def test_log_of_an_empty_or_new_data_dir(tmp_path: Path) -> None:
    result = cli("log", data_dir=tmp_path / "new")
    assert result.returncode == 0
    assert "No sessions logged yet" in result.stdout
    assert json.loads(cli("log", "--json", data_dir=tmp_path / "new").stdout) == []


def test_log_data_dir_from_the_environment(seeded: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", "log", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "RETRO_TUI_DATA": str(seeded)},
        timeout=60,
    )
    assert len(json.loads(result.stdout)) == 3


def test_log_closes_a_crashed_session_as_interrupted_and_says_so(tmp_path: Path) -> None:
    session_id, _ = _crash(tmp_path, 9)
    result = cli("log", "--json", data_dir=tmp_path)
    assert result.returncode == 0
    assert f"closed unfinished session {session_id} as interrupted" in result.stderr
    (only,) = json.loads(result.stdout)
    assert (only["id"], only["status"]) == (session_id, "interrupted")
    assert only["ended_at"] is not None
    again = cli("log", "--json", data_dir=tmp_path)
    assert again.stderr == ""  # told once
    shown = json.loads(cli("show", str(session_id), "--json", data_dir=tmp_path).stdout)
    assert len(shown["events"]) == 9


def test_log_does_not_import_textual(seeded: Path) -> None:
    code = (
        "import sys; from retro_tui.cli import main; "
        f"rc = main(['log', '--data-dir', {str(seeded)!r}]); "
        "assert rc == 0; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); "
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- show -------------------------------------------------------------------


def test_show_json_is_the_stored_session(seeded: Path) -> None:
    _, details = _expected(seeded)
    for session_id, expected in details.items():
        result = cli("show", str(session_id), "--json", data_dir=seeded)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == expected
    first = json.loads(cli("show", "1", "--json", data_dir=seeded).stdout)
    assert (first["rpe"], first["notes"]) == (7, "Good — calves tight")


def test_show_table(seeded: Path) -> None:
    result = cli("show", "1", data_dir=seeded)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "Session 1: Retro ladder",
        "completed",
        "RPE 7: Good — calves tight",
        "Steps, planned vs actual",
        "skipped",
        "lap 0:24.2",
        "stumbles 1",
        "shoulder left: Check over your left shoulder",
        "(dropped: late)",
        "-0:10",
    ):
        assert text in out, text


@pytest.mark.parametrize(
    "command", [["show", "7"], ["show", "7", "--json"], ["export", "7", "--format", "csv"]]
)
def test_an_unknown_session_is_a_clear_error(seeded: Path, command: list[str]) -> None:
    result = cli(*command, data_dir=seeded)
    assert result.returncode == 2
    assert result.stderr.strip() == "retro-tui: no session 7: see retro-tui log"
    assert result.stdout == ""


# --- export -----------------------------------------------------------------


def test_export_json_to_stdout_and_to_a_file(seeded: Path, tmp_path: Path) -> None:
    _, details = _expected(seeded)
    result = cli("export", "1", "--format", "json", data_dir=seeded)
    assert result.returncode == 0
    assert json.loads(result.stdout) == details[1]
    target = tmp_path / "out" / "s1.json"
    target.parent.mkdir()
    result = cli("export", "1", "--format", "json", "-o", str(target), data_dir=seeded)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == details[1]
    assert result.stdout == ""
    assert "written to" in result.stderr
    assert sorted(os.listdir(target.parent)) == ["s1.json"]  # no temp file left


def test_export_csv_is_one_row_a_step_and_the_default(seeded: Path, tmp_path: Path) -> None:
    # PRODUCT.md §5: csv is one row a step (the event log is `show --json`'s)
    _, details = _expected(seeded)
    target = tmp_path / "s1.csv"
    target.write_text("old content")
    result = cli("export", "1", "--format", "csv", "--output", str(target), data_dir=seeded)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    steps = details[1]["steps"]
    assert isinstance(steps, list)
    assert [(int(r["index"]), r["kind"], float(r["planned"])) for r in rows] == [
        (s["index"], s["kind"], s["planned_s"]) for s in steps
    ]
    stdout = cli("export", "1", data_dir=seeded).stdout
    assert stdout == target.read_text(encoding="utf-8")


def test_export_write_errors_are_clear(seeded: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases = {
        str(blocker / "out.csv"): "cannot write the export",  # under a file: uncreatable
        str(tmp_path / "missing" / "out.csv"): "cannot write the export",
        str(tmp_path): "is a folder",
    }
    if Path("/dev/full").exists():
        cases["/dev/full"] = "No space left on device"  # a full disk
    for target, message in cases.items():
        result = cli("export", "1", "--format", "csv", "-o", target, data_dir=seeded)
        assert result.returncode == 2, target
        assert message in result.stderr, result.stderr
        assert result.stderr.startswith("retro-tui: ")
        assert len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text() == "x"


def test_export_requires_a_known_format(seeded: Path) -> None:
    result = cli("export", "1", "--format", "xml", data_dir=seeded)
    assert result.returncode == 2


# --- a damaged log ------------------------------------------------------------


def test_a_corrupt_log_is_one_message_and_untouched(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"garbage" * 1000)
    for command in (["log"], ["log", "--json"], ["show", "1"], ["export", "1", "--format", "csv"]):
        result = cli(*command, data_dir=tmp_path)
        assert result.returncode == 2
        assert "not an SQLite database" in result.stderr
        assert "it was left as it is" in result.stderr
    assert (tmp_path / DB_NAME).read_bytes() == b"garbage" * 1000


def test_a_log_from_a_newer_version_is_one_message(seeded: Path) -> None:
    conn = sqlite3.connect(seeded / DB_NAME)
    conn.execute("INSERT INTO schema_version VALUES (99, 0)")
    conn.commit()
    conn.close()
    result = cli("log", data_dir=seeded)
    assert result.returncode == 2
    assert "newer retro-tui" in result.stderr and "upgrade retro-tui" in result.stderr


def test_an_uncreatable_data_dir_is_one_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = cli("log", data_dir=blocker / "data")
    assert result.returncode == 2
    assert "the data folder cannot be created" in result.stderr
    assert result.stderr.count("\n") == 1
