"""Phone remote benchmark (PRODUCT.md §11): taps, pushes and CPU, all on loopback.

(a) action POST -> applied and logged: a real `LiveSession` (start_session,
    a real Store in a temp dir, silent audio) served by `ThreadedRemote` as
    `--plain` serves it, driven by a loop like `--plain`'s. N `lap` POSTs,
    one after another over one keep-alive connection; each counts from the
    request's first byte until both the reply is read and the lap's
    `log_event` (a committed SQLite write) has returned. Twice: with the log
    written inline (`--plain`: the reply waits for the commit) and on the
    writer's own thread (the TUI's). Baseline: the same client's round trip
    to a bare aiohttp echo handler on its own thread, interleaved with the
    taps. Target p99 <= 100 ms.
(b) a change -> pushed: one SSE client on `/events`; the laptop's key
    (`act("mute")`) flips `muted` N times, each timed from just before the
    call to the arrival of the first frame showing the new value. Baseline:
    the echo round trip from (a). Target p99 <= 300 ms.
(c) live-screen CPU with the remote serving one page: bench_live's 60-second
    session (`retro-tui run bench --remote --remote-port 0`, `checklist =
    false`) in a pty, its URL read off its own screen, one SSE client
    connected for the session; beside it, started at the same moment, the
    same session without the remote (for reference) and bench_live's 4 Hz
    Digits clock (the baseline). CPU = user+system from /proc over the same
    window. Target <= 1.5x the baseline. The ptys are 120x30: the QR and URL
    need 105 columns beside the live screen (narrower, the panel is one line).

    .venv/bin/python benchmarks/bench_remote.py [--actions N] [--skip-cpu] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench_first_frame import ESCAPES
from bench_live import BASELINE_APP, BENCH_CONFIG, RETRO_TUI, SESSION_S, PtyProcess, percentile
from loopback import WAIT_S, Client, EventStream, echo_server, now
from ptyspawn import spawn_in_pty

from retro_tui.audio.base import VisualOnly
from retro_tui.coach.log import SessionLog
from retro_tui.coach.start import start_session
from retro_tui.core.config import load_config
from retro_tui.core.resources import sounds_dir
from retro_tui.remote.server import ThreadedRemote

ACTION_TARGET_MS, PUSH_TARGET_MS, CPU_TARGET = 100.0, 300.0, 1.5
COLUMNS, ROWS = 120, 30
# (a) and (b): one long step, so nothing but the taps and keys changes the state.
RIG_CONFIG = """
[settings]
get_ready = "1s"
checklist = false

[[workouts]]
id = "remote"
name = "Remote benchmark"
steps = [ { warmup = "30min" }, { walk = "1min" } ]
"""
CPU_CONFIG = BENCH_CONFIG.replace("[settings]\n", '[settings]\nremote_host = "127.0.0.1"\n', 1)
URL_ON_SCREEN = re.compile(rb"http://127\.0\.0\.1:\d+/r/[A-Za-z0-9_-]{22,}(?=[^A-Za-z0-9_-])")


# --- (a) and (b): a real session, served as --plain serves it --------------------


class Rig:
    """A started session with its remote, a --plain-like driving loop and a commit hook."""

    def __init__(self, config_path: Path, data_dir: Path, *, log_in_thread: bool) -> None:
        config = load_config(config_path)
        workout = config.workout("remote")
        assert workout is not None
        self.log = SessionLog(data_dir)
        self.session = start_session(
            config,
            workout,
            log=self.log,
            muted=True,
            audio_factory=lambda settings, **_: VisualOnly(),
            keep_awake_factory=None,
            log_in_thread=log_in_thread,
        )
        self.laps_logged: queue.Queue[float] = queue.Queue()
        self._hook_lap_commits()
        self.remote = ThreadedRemote(
            self.session, sounds_dir=sounds_dir(), host="127.0.0.1", port=0
        )
        self.remote.start()
        self._stop = threading.Event()
        self._driver = threading.Thread(target=self._drive, daemon=True)
        self._driver.start()
        deadline = time.monotonic() + WAIT_S
        while self.session.state()["step"] is None:  # past the get-ready: a lap counts
            if time.monotonic() > deadline:
                raise RuntimeError("the session never reached its first step")
            time.sleep(0.01)

    def _hook_lap_commits(self) -> None:
        store = self.session.store
        assert store is not None
        write = store.log_event

        def log_event(*args: Any, **kwargs: Any) -> Any:
            result = write(*args, **kwargs)  # returns once committed
            if kwargs.get("kind", args[2] if len(args) > 2 else None) == "lap":
                self.laps_logged.put(now())
            return result

        store.log_event = log_event  # type: ignore[method-assign]

    def _drive(self) -> None:
        session = self.session
        session.start()
        while not self._stop.is_set() and not session.engine.is_over:
            due = session.engine.next_due_in()
            self._stop.wait(0.5 if due is None else min(max(due, 0.0), 0.5))
            session.update()

    def logged_laps(self) -> list[Any]:
        session_id = self.session.session_id
        assert session_id is not None
        store = self.session.store
        assert store is not None
        detail = store.get_session(session_id)
        assert detail is not None
        return [e for e in detail.events if e.kind == "lap"]

    def close(self) -> None:
        self._stop.set()
        self._driver.join(WAIT_S)
        self.session.close()
        self.remote.stop()


def measure_taps(rig: Rig, echo_url: str, n: int) -> tuple[list[float], list[float]]:
    """(tap -> applied and logged, echo round trip), ms, interleaved one for one."""
    remote, echo = Client(rig.remote.url), Client(echo_url)
    taps, echoes = [], []
    try:
        for i in range(n):
            body = json.dumps({"action": "lap", "id": f"bench-{i}"}).encode()
            start = now()
            assert echo.post("", body) == 200
            echoes.append((now() - start) * 1000)
            start = now()
            assert remote.post("/action", body) == 200
            replied = now()
            logged = rig.laps_logged.get(timeout=WAIT_S)
            taps.append((max(replied, logged) - start) * 1000)
    finally:
        remote.close()
        echo.close()
    return taps, echoes


def measure_pushes(rig: Rig, n: int) -> list[float]:
    """The laptop's key -> the SSE frame showing it, ms."""
    stream = EventStream(rig.remote.url)
    pushes = []
    try:
        stream.next_frame()  # the state on connecting
        muted = rig.session.engine.muted
        for _ in range(n):
            want = not muted
            start = now()
            rig.session.act("mute")
            while True:
                arrived, state = stream.next_frame()
                if state["muted"] == want:
                    break
            pushes.append((arrived - start) * 1000)
            muted = want
    finally:
        stream.close()
    return pushes


def run_rigs(work: Path, n: int) -> dict[str, Any]:
    (work / "rig.toml").write_text(RIG_CONFIG, encoding="utf-8")
    results: dict[str, Any] = {"echo": []}
    with echo_server() as echo_url:
        for mode, threaded in (("plain", False), ("tui", True)):
            rig = Rig(work / "rig.toml", work / f"data-{mode}", log_in_thread=threaded)
            try:
                taps, echoes = measure_taps(rig, echo_url, n)
                pushes = measure_pushes(rig, n)
            finally:
                rig.close()
            laps = rig.logged_laps()
            rig.log.close()
            results["echo"] += echoes
            results[mode] = {
                "taps": taps,
                "pushes": pushes,
                "laps_ok": len(laps) == n and all(e.data.get("source") == "remote" for e in laps),
            }
    return results


# --- (c): the live screen's CPU with the remote serving one page -----------------


class ScreenProcess(PtyProcess):
    """bench_live's pty process at this benchmark's size; its screen searched for the URL."""

    def __init__(self, argv: list[str], env: dict[str, str], *, find_url: bool = False) -> None:
        # PtyProcess.__init__ fixes bench_live's size; the rest of it (cpu_s, stop) is reused.
        self.proc, self.master = spawn_in_pty(argv, env, ROWS, COLUMNS)
        self.output = bytearray()
        self.url: str | None = None
        self.url_seen = threading.Event()
        self._find_url = find_url
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        screen = bytearray()
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            if self._find_url and self.url is None:
                screen += data
                del screen[:-262144]  # the URL is on the first live frames; keep the search short
                found = URL_ON_SCREEN.search(ESCAPES.sub(b"", bytes(screen)))
                if found:
                    self.url = found.group().decode()
                    self.url_seen.set()


def run_cpu(work: Path) -> dict[str, Any]:
    (work / "cpu.toml").write_text(CPU_CONFIG, encoding="utf-8")
    (work / "baseline.py").write_text(BASELINE_APP, encoding="utf-8")
    (work / "home").mkdir(exist_ok=True)
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        HOME=str(work / "home"),
    )
    env.pop("RETRO_TUI_CONFIG", None)

    def live(name: str, *extra: str) -> ScreenProcess:
        config, data = str(work / "cpu.toml"), str(work / f"data-{name}")
        argv = [str(RETRO_TUI), "run", "bench", *extra, "--config", config, "--data-dir", data]
        return ScreenProcess(argv, env, find_url=bool(extra))

    started = time.monotonic()
    remote = live("remote", "--remote", "--remote-port", "0")
    plain = live("no-remote")
    base = ScreenProcess([sys.executable, str(work / "baseline.py"), str(work / "ticks.log")], env)
    stream: EventStream | None = None
    result: dict[str, Any] = {"url": None}
    try:
        if not remote.url_seen.wait(WAIT_S):
            return result
        result["url"] = remote.url
        assert remote.url is not None
        stream = EventStream(remote.url)
        stream.next_frame()
        time.sleep(1.0)  # start-up (imports, first frames, the connection) left out
        processes = (remote, plain, base)
        cpu0, w0 = [p.cpu_s() for p in processes], time.monotonic()
        # The window ends with the session: its last push says "over".
        stream.over.wait(started + SESSION_S + WAIT_S - time.monotonic())
        cpu1, w1 = [p.cpu_s() for p in processes], time.monotonic()
        window = w1 - w0
        result.update(
            window=window,
            frames=stream.count,
            over=stream.over.is_set(),
            cpu=[(b - a) / window * 100 for a, b in zip(cpu0, cpu1, strict=True)],
        )
    finally:
        if stream is not None:
            stream.close()
        time.sleep(2.0)  # the session without the remote ends at about the same moment
        result["exits"] = [p.stop() for p in (remote, base, plain)]
    return result


# --- the report ----------------------------------------------------------------------


def row(name: str, values: list[float]) -> str:
    return (
        f"  {name:<38} n={len(values):<4} p50 {percentile(values, 50):7.2f} ms   "
        f"p99 {percentile(values, 99):7.2f} ms   max {max(values, default=float('nan')):7.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300, help="taps and pushes per session")
    parser.add_argument("--skip-cpu", action="store_true", help="only (a) and (b)")
    parser.add_argument("--keep", metavar="DIR", help="keep the logs and data in DIR")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-remote-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"bench_remote: {args.actions} taps and {args.actions} pushes a session on loopback"
        f"{'' if args.skip_cpu else f', then a {SESSION_S}-second live screen with one page'}"
        f" ({os.cpu_count()} CPUs)...",
        flush=True,
    )
    rigs = run_rigs(work, args.actions)
    plain, tui, echo = rigs["plain"], rigs["tui"], rigs["echo"]
    print(f"\n(a) action POST -> applied and logged (target p99 <= {ACTION_TARGET_MS:g} ms)")
    print(row("--plain (logged before the reply)", plain["taps"]))
    print(row("TUI (logged on the writer's thread)", tui["taps"]))
    print(row("baseline: bare aiohttp echo round trip", echo))
    print(f"\n(b) laptop key -> SSE frame at the client (target p99 <= {PUSH_TARGET_MS:g} ms)")
    print(row("--plain", plain["pushes"]))
    print(row("TUI", tui["pushes"]))
    print(row("baseline: the same echo round trip", echo))
    checks = [
        ("every tap logged once, with source remote", plain["laps_ok"] and tui["laps_ok"]),
        (
            f"action p99 <= {ACTION_TARGET_MS:g} ms",
            max(percentile(m["taps"], 99) for m in (plain, tui)) <= ACTION_TARGET_MS,
        ),
        (
            f"push p99 <= {PUSH_TARGET_MS:g} ms",
            max(percentile(m["pushes"], 99) for m in (plain, tui)) <= PUSH_TARGET_MS,
        ),
    ]
    if not args.skip_cpu:
        cpu = run_cpu(work)
        if cpu["url"] is None or "cpu" not in cpu:
            print("\n(c) the remote's URL never showed on the live screen")
            checks.append(("the URL on the live screen", False))
        else:
            with_remote, no_remote, base = cpu["cpu"]
            ratio = with_remote / base if base > 0 else float("inf")
            print(f"\n(c) CPU over {cpu['window']:.1f} s (start-up excluded), % of one core")
            print(f"  live screen + remote, one SSE client    {with_remote:5.2f} %")
            print(f"  live screen, no remote (reference)      {no_remote:5.2f} %")
            print(f"  baseline Digits clock                   {base:5.2f} %")
            print(f"  ratio                                   {ratio:5.2f}x  (target <= 1.5x)")
            print(f"  frames pushed to the client: {cpu['frames']}; URL read off the screen")
            checks += [
                ("the page saw the session end", cpu["over"]),
                (f"CPU <= {CPU_TARGET:g}x the baseline", ratio <= CPU_TARGET),
            ]
        checks.append(("all three exited cleanly", cpu["exits"] == [0, 0, 0]))
    print()
    ok = True
    for name, passed in checks:
        ok &= bool(passed)
        print(f"  [{'ok' if passed else 'MISS'}] {name}")
    if args.keep:
        print(f"\nlogs and data in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
