"""`retro-tui export` as a runner uses it: per-step CSV by default, TCX, and `--all` into a folder."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree
from test_disk_trouble import _mount
from test_export_tcx import SCHEMA_FILE
from test_store import T0, begin, seed_session

from retro_tui.core.records import PlannedStep
from retro_tui.core.report import csv_cell
from retro_tui.core.store import Store
from retro_tui.formats.csv_steps import STEP_COLUMNS
from tools import clean_env, skip_or_fail

WORKOUT = """
[settings]
get_ready = "5s"
checklist = false

[[workouts]]
id = "mix"
name = "Mix"
steps = [
  { warmup = "30s" },
  { repeat = 2, steps = [ { run = "50m" }, { rest = "20s" } ] },
]
"""


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "retro_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=clean_env(tmp_path),
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA_FILE.is_file():
        skip_or_fail(f"the TCX schema is not at {SCHEMA_FILE}")
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def valid(text: str | bytes, schema: etree.XMLSchema) -> etree._Element:
    data = text.encode("utf-8") if isinstance(text, str) else text
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    return root


@pytest.fixture
def ran(tmp_path: Path) -> Path:
    """A session really run by `run --plain --speed`, with its config beside it."""
    config = tmp_path / "mix.toml"
    config.write_text(WORKOUT, encoding="utf-8")
    result = cli(
        tmp_path, "run", "mix", "--plain", "--speed", "100", "--mute", "--config", str(config)
    )
    assert result.returncode == 0, result.stderr
    return config


# --- one session ----------------------------------------------------------------


def test_the_default_export_is_one_csv_row_a_step(tmp_path: Path, ran: Path) -> None:
    result = cli(tmp_path, "export", "1")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == STEP_COLUMNS
    assert [r[:4] for r in rows[1:]] == [
        ["0", "warmup", "forward", "30"],
        ["1", "run", "backward", "25"],  # 50 m at the shipped 0:50 pace
        ["2", "rest", "forward", "20"],
        ["3", "run", "backward", "25"],
        ["4", "rest", "forward", "20"],
    ]
    assert all(r[5] == "false" and r[6] == "0" and r[7] == "" for r in rows[1:])


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert [csv_cell(t) for t in ("+1x", "-", "@me", "-3", "+2.5", "plain")] == [
        "'+1x",
        "'-",
        "'@me",
        "-3",
        "+2.5",
        "plain",
    ]
    with Store.open(tmp_path / "data") as store:  # a step kind as a stranger's log might hold
        store.begin_session(
            workout="w",
            name="W",
            planned_s=30,
            backward_planned_s=0,
            simulated=False,
            started_at=T0,
            steps=[PlannedStep(0, "=cmd|calc", "forward\x1b[2J", 30.0)],
        )
    rows = list(csv.reader(io.StringIO(cli(tmp_path, "export", "1").stdout)))
    assert rows[1][1:3] == ["'=cmd|calc", "forward\\x1b[2J"]  # control characters visible


def test_laps_and_splits_in_the_csv(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        seed_session(store)
    rows = list(csv.DictReader(io.StringIO(cli(tmp_path, "export", "1").stdout)))
    assert (rows[1]["laps"], rows[1]["splits"]) == ("2", "24.25 4.25")
    assert (rows[2]["skipped"], rows[2]["actual"]) == ("true", "10")


def test_tcx_of_a_run_session(tmp_path: Path, ran: Path, schema: etree.XMLSchema) -> None:
    result = cli(tmp_path, "export", "1", "--format", "tcx", "--config", str(ran))
    assert result.returncode == 0, result.stderr
    root = valid(result.stdout, schema)
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    laps = root.findall(".//t:Lap", ns)
    assert [lap.findtext("t:DistanceMeters", namespaces=ns) for lap in laps] == [
        "0.0",
        "50.0",
        "0.0",
        "50.0",
        "0.0",
    ]
    total = sum(float(lap.findtext("t:TotalTimeSeconds", namespaces=ns) or 0) for lap in laps)
    logged = json.loads(cli(tmp_path, "show", "1", "--json").stdout)
    assert total == pytest.approx(logged["active_s"], abs=0.01)


def test_a_symlinked_output_keeps_its_link(tmp_path: Path, ran: Path) -> None:
    real = tmp_path / "real" / "session.tcx"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.tcx"
    link.symlink_to(real)
    result = cli(tmp_path, "export", "1", "--format", "tcx", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8").startswith("<?xml")
    assert sorted(os.listdir(real.parent)) == ["session.tcx"]  # no temp file left


def test_a_session_with_no_active_time_has_no_tcx(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        begin(store)
    result = cli(tmp_path, "export", "1", "--format", "tcx")
    assert result.returncode == 2
    assert "no active time" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "needs a session ID"),
        (["1", "--all", "-o", "x"], "not both"),
        (["1", "--since", "2026-01-01"], "choose sessions for --all"),
        (["--all"], "give a folder with -o"),
        (["--all", "-o", "-"], "give a folder with -o"),
        (["--all", "-o", "x", "--since", "yesterday"], "not a date"),
        (["1", "--format", "gpx"], "invalid choice"),
    ],
)
def test_wrong_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], words: str
) -> None:
    result = cli(tmp_path, "export", *args)
    assert result.returncode == 2
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- --all ----------------------------------------------------------------------


@pytest.fixture
def logged(tmp_path: Path) -> Path:
    """Four sessions: two in the same minute, one simulated, one a day later."""
    with Store.open(tmp_path / "data") as store:
        seed_session(store)  # 1
        seed_session(store)  # 2: the same minute, the same workout
        seed_session(store, started_at=T0 + timedelta(days=1), simulated=True)  # 3
        seed_session(store, started_at=T0 + timedelta(days=2), workout="walk", name="Walk")  # 4
    return tmp_path / "data"


def _name(days: int, workout: str, ext: str, suffix: str = "") -> str:
    local = (T0 + timedelta(days=days)).astimezone()
    return f"{local:%Y-%m-%d_%H%M}_{workout}{suffix}.{ext}"


def test_all_one_file_a_session_named_by_local_start(
    tmp_path: Path, logged: Path, schema: etree.XMLSchema
) -> None:
    out = tmp_path / "out" / "tcx"  # made if need be
    result = cli(tmp_path, "export", "--all", "--format", "tcx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    expected = [_name(0, "ladder", "tcx"), _name(0, "ladder", "tcx", "_2"), _name(2, "walk", "tcx")]
    assert sorted(os.listdir(out)) == sorted(expected)
    assert "3 sessions written" in result.stderr and "1 simulated left out" in result.stderr
    for name in expected:
        valid((out / name).read_bytes(), schema)
    result = cli(tmp_path, "export", "--all", "--include-simulated", "-o", str(tmp_path / "csv"))
    assert result.returncode == 0, result.stderr
    assert len(os.listdir(tmp_path / "csv")) == 4
    assert all(n.endswith(".csv") for n in os.listdir(tmp_path / "csv"))


def test_all_never_overwrites_without_force(tmp_path: Path, logged: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / _name(2, "walk", "json")
    mine.write_text("mine")
    result = cli(tmp_path, "export", "--all", "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert mine.read_text() == "mine"
    assert "2 sessions written" in result.stderr and "1 already there, kept" in result.stderr
    again = cli(tmp_path, "export", "--all", "--format", "json", "-o", str(out))
    assert "0 sessions written" in again.stderr and "3 already there" in again.stderr
    forced = cli(tmp_path, "export", "--all", "--format", "json", "-o", str(out), "--force")
    assert "3 sessions written" in forced.stderr
    assert json.loads(mine.read_text())["workout"] == "walk"


def test_all_since_a_date(tmp_path: Path, logged: Path) -> None:
    since = (T0 + timedelta(days=1)).astimezone().date().isoformat()
    out = str(tmp_path / "o")
    result = cli(tmp_path, "export", "--all", "-o", out, "--since", since, "--include-simulated")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "o")) == sorted(
        [_name(1, "ladder", "csv"), _name(2, "walk", "csv")]
    )


def test_all_into_a_file_or_an_uncreatable_folder(tmp_path: Path, logged: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for target, words in ((blocker, "is not a folder"), (blocker / "sub", "cannot create")):
        result = cli(tmp_path, "export", "--all", "-o", str(target))
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text() == "x"


def test_all_into_a_read_only_folder_writes_nothing(tmp_path: Path, logged: Path) -> None:
    for folder in _mount(tmp_path / "ro", "ro,size=1m"):
        result = cli(tmp_path, "export", "--all", "--format", "tcx", "-o", str(folder))
        assert result.returncode == 2
        assert result.stderr.startswith("retro-tui: ") and "cannot write" in result.stderr
        assert "0 files were written before it" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert os.listdir(folder) == []


def test_all_onto_a_full_disk_leaves_only_whole_files(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    with Store.open(tmp_path / "data") as store, store.batch():
        for day in range(40):
            seed_session(store, started_at=T0 + timedelta(days=day))
    for folder in _mount(tmp_path / "tiny", "size=64k"):
        result = cli(tmp_path, "export", "--all", "--format", "tcx", "-o", str(folder))
        assert result.returncode == 2, result.stderr
        assert "No space left on device" in result.stderr
        names = os.listdir(folder)
        assert names and len(names) < 40
        assert not [n for n in names if n.endswith(".tmp")]  # no half file, no temp file
        for name in names:
            valid((folder / name).read_bytes(), schema)


def test_all_of_an_empty_log(tmp_path: Path) -> None:
    result = cli(tmp_path, "export", "--all", "-o", str(tmp_path / "none"))
    assert result.returncode == 0 and "0 sessions written" in result.stderr


def test_a_never_started_step_list_is_still_a_csv(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        store.begin_session(
            workout="w",
            name="W",
            planned_s=30,
            backward_planned_s=0,
            simulated=False,
            started_at=T0,
            steps=[PlannedStep(0, "rest", "forward", 30.0)],
        )
    rows = list(csv.reader(io.StringIO(cli(tmp_path, "export", "1").stdout)))
    assert rows[1] == ["0", "rest", "forward", "30", "", "false", "0", ""]
