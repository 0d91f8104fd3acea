"""The phone remote end to end: `run --plain --remote` as a real process (PRODUCT.md §12).

The laptop's side is the real thing, a `retro-tui run WORKOUT --plain --remote`
subprocess with its own config and data dir; the phone is headless Chromium
(or a plain HTTP client). A tap must show in the printed lines, in the
session log with `"source": "remote"`, and the page must end with the summary.
Without Chromium the browser test is skipped with the reason (CI=true: fails).
Nothing here sleeps for a fixed time: every wait polls for what it waits for.
"""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser_support import click, headless_chromium, text, wait_until

from retro_tui.core.store import SessionDetail, Store
from tools import clean_env

pytestmark = pytest.mark.slow

DEADLINE_S = 60.0  # generous: two shared cores, a Python start-up and Chromium's
# A long first step, so nothing moves on by itself while a test taps; a short get-ready.
CONFIG = """
[settings]
get_ready = "1s"
checklist = false
remote_host = "127.0.0.1"

[[workouts]]
id = "long"
name = "Long first step"
steps = [
  { warmup = "20min" },
  { walk = "1min" },
]
"""
LAP_LINE = re.compile(r"^\d\d:\d\d  lap  \d+:\d\d$")
REMOTE_LINE = "remote  "


class PlainRemoteRun:
    """`retro-tui run long --plain --remote --remote-port 0` with its stdout read line by line."""

    def __init__(self, tmp_path: Path) -> None:
        config = tmp_path / "remote.toml"
        config.write_text(CONFIG, encoding="utf-8")
        self.data_dir = tmp_path / "data"
        self._stderr_path = tmp_path / "stderr.txt"
        self._stderr = self._stderr_path.open("w", encoding="utf-8")  # a file: never a full pipe
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "retro_tui",
                "run",
                "long",
                "--plain",
                "--remote",
                "--remote-port",
                "0",
                "--mute",
                "--data-dir",
                str(self.data_dir),
                "--config",
                str(config),
            ],
            cwd=tmp_path,
            env=clean_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        # A reader thread, so a silent process can never block a wait past its deadline.
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _take(self, timeout: float) -> bool:
        """Move one printed line into `lines`; False at the end of the output."""
        line = self._queue.get(timeout=max(timeout, 0.0))
        if line is None:
            self._queue.put(None)  # the end stays the end for later calls
            return False
        self.lines.append(line)
        return True

    def wait_for(self, matches: Callable[[str], bool], what: str) -> str:
        """The first printed line (from the start) that `matches`, waiting for it."""
        deadline = time.monotonic() + DEADLINE_S
        index = 0
        while True:
            for line in self.lines[index:]:
                if matches(line):
                    return line
            index = len(self.lines)
            try:
                if self._take(deadline - time.monotonic()):
                    continue
            except queue.Empty:
                pass
            pytest.fail(f"{what} never printed; output so far: {self.lines}\n{self.stderr()}")

    def url(self) -> str:
        line = self.wait_for(lambda line: line.startswith(REMOTE_LINE), "the remote's URL")
        return line.removeprefix(REMOTE_LINE)

    def finish(self) -> int:
        """Wait for the process to exit and read the rest of its output; its exit code."""
        code = self.proc.wait(DEADLINE_S)
        with_end = True
        while with_end:
            with_end = self._take(DEADLINE_S)
        return code

    def stderr(self) -> str:
        self._stderr.flush()
        return self._stderr_path.read_text(encoding="utf-8")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(DEADLINE_S)
        self._reader.join(DEADLINE_S)
        self._stderr.close()

    def session(self, session_id: int) -> SessionDetail:
        store = Store.open(self.data_dir)
        try:
            detail = store.get_session(session_id)
        finally:
            store.close()
        assert detail is not None, f"session {session_id} is not in the log"
        return detail


@pytest.fixture
def run(tmp_path: Path) -> Iterator[PlainRemoteRun]:
    started = PlainRemoteRun(tmp_path)
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from headless_chromium(tmp_path_factory.mktemp("chromium-profile"))


# --- the phone as a bare HTTP client -------------------------------------------


def get_state(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/state", timeout=10) as response:
        return dict(json.load(response))


def post(url: str, body: bytes) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url + "/action", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(json.load(response))
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(json.load(error))


def action(name: str, action_id: str) -> bytes:
    return json.dumps({"action": name, "id": action_id}).encode()


def wait_for_state(
    url: str, condition: Callable[[dict[str, Any]], bool], what: str
) -> dict[str, Any]:
    deadline = time.monotonic() + DEADLINE_S
    state = get_state(url)
    while not condition(state):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: the state stayed {state}")
        time.sleep(0.05)  # a poll interval, not a wait for time to pass
        state = get_state(url)
    return state


def in_first_step(state: dict[str, Any]) -> bool:
    return state["state"] == "running" and (state["step"] or {}).get("index") == 0


def summary_line(lines: list[str], session_id: int) -> str:
    ending = f": stopped, session {session_id}"
    return next(line for line in lines if line.endswith(ending))


# --- the tests -------------------------------------------------------------------


def test_a_tap_in_chromium_laps_the_real_session_and_the_page_ends_with_the_summary(
    browser: Any, run: PlainRemoteRun
) -> None:
    from selenium.webdriver.common.by import By

    url = run.url()
    assert run.lines[0] == REMOTE_LINE + url, "the URL is the first line (PRODUCT.md §12)"
    assert url.startswith("http://127.0.0.1:") and "/r/" in url, url
    browser.get(url)
    wait_until(browser, lambda: text(browser, "label") == "Warm-up", "the first step on the page")
    wait_until(browser, lambda: text(browser, "banner") == "Connected", "the connected banner")
    session_id = get_state(url)["session_id"]
    assert isinstance(session_id, int)
    assert not any(LAP_LINE.match(line) for line in run.lines)

    click(browser, "lap")
    lap_line = run.wait_for(LAP_LINE.match, "the lap's line")

    # Stop from the phone: it asks first, then the laptop's session ends by itself.
    click(browser, "stop")
    confirm = browser.find_element(By.ID, "confirm")
    wait_until(browser, confirm.is_displayed, "the stop question")
    click(browser, "yes")
    wait_until(browser, lambda: text(browser, "label") == "Session over", "the end on the page")
    assert run.finish() == 0, run.stderr()  # stopped from the phone: not a signal's 130
    assert "Traceback" not in run.stderr()
    assert any(line.endswith("  stop  session stopped") for line in run.lines)
    printed_summary = summary_line(run.lines, session_id)
    page_summary = text(browser, "summary")
    assert page_summary.startswith(printed_summary), (page_summary, printed_summary)
    assert "laps 1" in page_summary
    assert not browser.find_element(By.ID, "controls").is_displayed()

    detail = run.session(session_id)
    assert detail.status == "stopped"
    laps = [e for e in detail.events if e.kind == "lap"]
    assert [e.data.get("source") for e in laps] == ["remote"]
    assert lap_line.startswith(f"00:{int(laps[0].at_s):02d}  lap  "), (lap_line, laps[0].at_s)
    stops = [e for e in detail.events if e.kind == "stop"]
    assert [e.data.get("source") for e in stops] == ["remote"]
    assert detail.steps[0].laps == pytest.approx([laps[0].at_s], abs=1e-3)


def test_a_bad_action_is_refused_with_400_and_a_repeated_id_laps_once(
    run: PlainRemoteRun,
) -> None:
    url = run.url()
    state = wait_for_state(url, in_first_step, "the first step")
    session_id = state["session_id"]

    for body in (
        b"{not json",
        b"[]",
        json.dumps({"action": "fly", "id": "a"}).encode(),
        json.dumps({"action": "lap"}).encode(),
        json.dumps({"action": "lap", "id": ""}).encode(),
    ):
        status, reply = post(url, body)
        assert (status, reply["ok"]) == (400, False), body
        assert reply["error"]
    assert run.proc.poll() is None, "a bad request must not end the session"
    # The session goes on: its clock moves and it still takes a good action.
    moved_from = get_state(url)["position_s"]
    wait_for_state(url, lambda s: s["position_s"] > moved_from, "the clock moving on")

    status, first = post(url, action("lap", "tap-1"))
    assert status == 200 and first["ok"] is True and "duplicate" not in first
    status, again = post(url, action("lap", "tap-1"))  # the phone's retry of the same tap
    assert status == 200 and again["ok"] is True and again["duplicate"] is True
    run.wait_for(LAP_LINE.match, "the lap's line")

    run.proc.send_signal(signal.SIGTERM)
    assert run.finish() == 130, run.stderr()
    assert "Traceback" not in run.stderr()
    assert sum(1 for line in run.lines if LAP_LINE.match(line)) == 1
    assert any(line.endswith("  stop  session stopped") for line in run.lines)

    detail = run.session(session_id)
    laps = [e for e in detail.events if e.kind == "lap"]
    assert [e.data.get("source") for e in laps] == ["remote"]
    assert detail.steps[0].laps == pytest.approx([laps[0].at_s], abs=1e-3)
    # The laptop's own stop (the signal) is not the phone's: it carries no source.
    assert [e.data.get("source") for e in detail.events if e.kind == "stop"] == [None]
    assert detail.status == "stopped"
