"""Text from the log shown safely everywhere, and the history table down to the first session.

A session whose name, notes and cue text hold escape sequences (an older
log, another tool, a shared file from before the checks) is written
straight into a real log; `log`, `show`, `export` (CSV) and the TUI's
history and detail screens then show each control character as a visible
`\\x1b`, never the raw byte. Speech gets plain words. CSV cells that would
run as formulas get a leading `'`.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from test_ui_review_support import add_session, at, pin_today, review_config, settle
from test_ui_support import Harness
from textual.widgets import DataTable, Static

from retro_tui.audio.tts import TtsEngine
from retro_tui.core.records import PlannedStep
from retro_tui.core.store import Store
from retro_tui.ui.screens.history import HistoryScreen
from retro_tui.ui.screens.session_detail import SessionDetailScreen

TITLE = "\x1b]0;pwned\x07Hill\x1b[2J"  # retitles the terminal, then clears it
NOTE = "felt good\x1b[31m red"
CUE = "Stay tall\x01\x02\x1b[5m"
SHOWN_TITLE = "\\x1b]0;pwned\\x07Hill\\x1b[2J"
SIZE = (100, 30)


@pytest.fixture
def hostile_log(tmp_path: Path) -> tuple[Path, int]:
    data = tmp_path / "data"
    with Store.open(data) as store:
        session = add_session(
            store,
            at(20),
            name=TITLE,
            events=[(5.0, "cue", {"kind": "form", "side": None, "text": CUE, "step": 0})],
            rpe=6,
            notes=NOTE,
        )
    return data, session


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retro_tui", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_log_show_and_export_show_control_characters_as_escapes(hostile_log, tmp_path) -> None:
    data, session = hostile_log
    for args in (["log"], ["show", str(session)], ["export", str(session), "--format", "csv"]):
        run = _cli(*args, data=data)
        assert run.returncode == 0, (args, run.stderr)
        out = run.stdout
        assert "\x1b" not in out and "\x07" not in out and "\x01" not in out, (args, out)
        assert "Traceback" not in run.stderr
    shown = _cli("show", str(session), data=data).stdout
    assert SHOWN_TITLE in shown
    assert "felt good\\x1b[31m red" in shown
    assert "Stay tall\\x01\\x02\\x1b[5m" in shown
    assert "\\x1b]0;pwned" in _cli("log", data=data).stdout
    # JSON keeps the text as logged (JSON escapes it itself): nothing is lost
    raw = json.loads(_cli("show", str(session), "--json", data=data).stdout)
    assert raw["name"] == TITLE and raw["notes"] == NOTE
    assert "\x1b" not in _cli("show", str(session), "--json", data=data).stdout


def test_a_csv_cell_that_would_run_as_a_formula_gets_a_quote(tmp_path: Path) -> None:
    """Through both CSV exports (one session to stdout, --all to files)."""
    data = tmp_path / "data"
    steps = [
        PlannedStep(0, '=HYPERLINK("http://x","open")', "+1+cmd", 30.0),
        PlannedStep(1, "@SUM(A1)", "-2", 30.0),
        PlannedStep(2, "run\x1b[2J", "backward", 30.0),
    ]
    with Store.open(data) as store:
        session = add_session(store, at(20), steps=steps)
    run = _cli("export", str(session), "--format", "csv", data=data)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "all"
    every = _cli(
        "export", "--all", "--format", "csv", "-o", str(out), "--include-simulated", data=data
    )
    assert every.returncode == 0, every.stderr
    (written,) = out.iterdir()
    for text in (run.stdout, written.read_text(encoding="utf-8")):
        rows = list(csv.reader(io.StringIO(text)))
        assert [r[1:3] for r in rows[1:]] == [
            ['\'=HYPERLINK("http://x","open")', "'+1+cmd"],
            ["'@SUM(A1)", "-2"],  # a number stays a number
            ["run\\x1b[2J", "backward"],
        ]
        assert "\x1b" not in text


def test_speech_gets_plain_words_only() -> None:
    engine = TtsEngine("espeak-ng", "espeak-ng", "espeak")
    _, stdin, _ = engine.command("Stay\x01 14S tall\x1b[5m [[slnc 900]]", Path("out.wav"))
    assert stdin == "Stay  14S tall [5m [ [slnc 900]]"


# --- the TUI ----------------------------------------------------------------------------


async def test_history_and_detail_show_escapes(hostile_log, tmp_path: Path) -> None:
    data, session = hostile_log
    h = Harness(review_config(tmp_path), data_dir=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pin_today(h.app)
        h.app.push_screen(HistoryScreen(h.app.screen_context))
        await settle(h.app, pilot)
        table = h.app.screen.query_one("#history-table", DataTable)
        name = str(table.get_row(str(session))[2])
        assert name.startswith("\\x1b]0;pwned") and "\x1b" not in name
        await pilot.press("enter")
        await settle(h.app, pilot)
        detail = h.app.screen
        assert isinstance(detail, SessionDetailScreen)
        title = str(detail.query_one("#detail-title", Static).render())
        assert title.startswith(SHOWN_TITLE)
        review = str(detail.query_one("#detail-review", Static).render())
        assert review == "Notes: felt good\\x1b[31m red"
        events = detail.query_one("#detail-events", DataTable)
        texts = [str(events.get_row_at(i)[2]) for i in range(events.row_count)]
        assert any("Stay tall\\x01\\x02\\x1b[5m" in t for t in texts)
        svg = h.app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg


async def test_history_pages_through_every_session(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store.open(data) as store:
        ids = [
            add_session(store, at(28) - timedelta(days=n), name=f"Session {n}") for n in range(11)
        ]
    h = Harness(review_config(tmp_path), data_dir=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pin_today(h.app)
        h.app.push_screen(HistoryScreen(h.app.screen_context, limit=4))
        await settle(h.app, pilot)
        screen = h.app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 4
        title = str(screen.query_one("#history-title", Static).render())
        assert "11 sessions (newest 4 shown)" in title
        for _ in range(4):  # ctrl+end: the last row read, and a page loads below it
            await pilot.press("ctrl+end")
            await settle(h.app, pilot)
        assert table.row_count == 11
        # newest first, down to the first session: ids were made newest first
        assert [int(str(r.key.value)) for r in table.ordered_rows] == ids
        assert len({r.key.value for r in table.ordered_rows}) == 11  # none twice
        title = str(screen.query_one("#history-title", Static).render())
        assert "11 sessions" in title and "newest" not in title
        oldest = str(table.get_row_at(10)[2])
        assert oldest == "Session 10"
