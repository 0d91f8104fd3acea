"""A runner's own text (names, notes) is shown as written, never read as markup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WORKOUT = """
[[workouts]]
id = "mk"
name = "Hard [/] day [bold"
steps = [ { run = "30s", note = "[red]x [/]" } ]
"""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retro_tui", *args], capture_output=True, text=True, timeout=60
    )


def test_markup_like_names_and_notes_print_literally(tmp_path: Path) -> None:
    config = tmp_path / "mk.toml"
    config.write_text(WORKOUT, encoding="utf-8")
    data = str(tmp_path / "data")
    common = ["--config", str(config), "--data-dir", data]
    for args in (
        ["timeline", "mk"],
        ["workouts"],
        ["run", "mk", "--plain", "--speed", "200", "--mute"],
        ["show", "1"],
        ["log"],
    ):
        run = _cli(*args, *common)
        assert run.returncode == 0, (args, run.stderr)
        assert "Traceback" not in run.stderr
        assert (
            "Hard [/] day [bold" in run.stdout
            or args == ["timeline", "mk"]
            and ("[red]x [/]" in run.stdout)
        ), (args, run.stdout)
    assert "[red]x [/]" in _cli("timeline", "mk", *common).stdout
