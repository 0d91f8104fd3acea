"""The 509 malformed files of the public toml-test suite: each refused with one message.

Read from ../shared/data/toml-invalid (beside the repository, never copied in).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from retro_tui.cli import main
from tools import skip_or_fail

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "toml-invalid"
FILES = sorted(CORPUS.rglob("*.toml")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    if not FILES:
        skip_or_fail(f"the toml-test corpus is not at {CORPUS}")
    return FILES


def test_the_whole_corpus_is_there(corpus: list[Path]) -> None:
    assert len(corpus) >= 500


def _assert_refused(path: Path, code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err, path
    assert code == 2, (path, err)
    assert out == "", (path, out)
    assert err.count("\n") == 1 and err.endswith("\n"), (path, err)
    # the file, and the line where it can be known
    assert re.match(r"retro-tui: " + re.escape(str(path)) + r":\d+: \S", err), (path, err)


def test_every_file_is_refused_in_process(
    corpus: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    failures = []
    for path in corpus:
        try:
            code = main(["check", str(path)])
        except BaseException as err:  # noqa: BLE001 - a crash is what we look for
            failures.append(f"{path}: raised {err!r}")
            continue
        captured = capsys.readouterr()
        try:
            _assert_refused(path, code, captured.out, captured.err)
        except AssertionError as err:
            failures.append(f"{path}: {err}")
    assert not failures, "\n".join(failures[:20])


SAMPLES = (
    "encoding/bad-utf8-in-string.toml",
    "encoding/utf16-bom.toml",
    "control/bare-null.toml",
    "string/missing-quotes.toml",
    "table/duplicate.toml",
    "inline-table/trailing-comma.toml",
)


def test_a_handful_through_a_real_process(corpus: list[Path]) -> None:
    picked = [CORPUS / name for name in SAMPLES if (CORPUS / name).is_file()]
    picked += corpus[:: max(1, len(corpus) // 4)][:4]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETRO_TUI_")}
    procs = [
        (
            path,
            subprocess.Popen(
                [sys.executable, "-m", "retro_tui", "check", str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            ),
        )
        for path in picked
    ]
    assert len(procs) >= 6
    for path, proc in procs:
        out, err = proc.communicate(timeout=60)
        _assert_refused(path, proc.returncode, out, err)
