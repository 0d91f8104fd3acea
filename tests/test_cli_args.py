"""Bad arguments: one line saying what is wrong, exit 2, never a usage block or traceback."""

from __future__ import annotations

import pytest

from retro_tui.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "ladder", "--speed", "-1"],
        ["run", "ladder", "--speed", "nan"],
        ["frob"],
        ["log", "--limit", "0"],
        ["show", "abc"],
        ["export", "1", "--format", "xml"],
        ["timeline"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "usage:" not in err and "Traceback" not in err
    assert err.startswith("retro-tui")
