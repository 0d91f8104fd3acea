"""`retro-tui run WORKOUT`: the TUI, or with --plain one line per step and cue."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from retro_tui.coach.live import LiveSession
from retro_tui.coach.log import SessionLog
from retro_tui.coach.remote import RemoteOptions
from retro_tui.coach.results import summary_lines
from retro_tui.coach.start import start_session
from retro_tui.commands.common import config_from_args, data_dir_from_args, find_workout
from retro_tui.core.amounts import format_duration
from retro_tui.core.checklist import checklist_items
from retro_tui.core.config import Config
from retro_tui.core.phrases import step_length_text
from retro_tui.core.resources import sounds_dir
from retro_tui.core.session import Event
from retro_tui.core.text import visible
from retro_tui.core.timeline import Timeline
from retro_tui.core.week import guide_warning
from retro_tui.core.workout import Workout
from retro_tui.errors import DataError

QR_PAINT, QR_RESET = "\x1b[30;107m", "\x1b[0m"  # black on bright white, then back
MAX_SLEEP_S = 0.5  # wake now and then even when nothing is due, for notices
# What stops a session and keeps it as stopped (exit 130): SIGHUP where the OS has it.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def cmd_run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    workout = find_workout(config, args.workout)
    data_dir = data_dir_from_args(args)
    remote = RemoteOptions.chosen(config.settings, args.remote, args.remote_port)
    if not args.plain:
        from retro_tui.ui.app import run_live_app

        return run_live_app(
            config, workout, data_dir=data_dir, speed=args.speed, muted=args.mute, remote=remote
        )
    return run_plain(
        config, workout, data_dir=data_dir, speed=args.speed, muted=args.mute, remote=remote
    )


def position_text(position: float) -> str:
    """Fixed-width mm:ss of a session position, the `--plain` stamp; negative in get-ready."""
    sign = "-" if position < -1e-9 else ""
    total = int(abs(position) + 1e-9)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def event_line(event: Event, timeline: Timeline) -> str | None:
    """The `--plain` line for an event, or None for events it does not show."""
    at = position_text(event.at_s)
    data = event.data
    if event.kind == "cue" and event.cue is not None:
        late = "  (dropped: late)" if event.dropped else ""
        return f"{at}  {event.cue.kind}  {visible(event.cue.text)}{late}"
    if event.kind == "step_start":
        step = timeline.steps[data["step"]]
        length = step_length_text(step)
        repeat = f", repeat {step.round}/{step.rounds}" if step.round else ""
        return f"{at}  step  {step.index + 1}/{len(timeline.steps)} {step.label} {length}{repeat}"
    if event.kind == "get_ready":
        return f"{at}  get_ready  {visible(data['text'])}: {format_duration(data['seconds'])}"
    if event.kind == "lap":
        return f"{at}  lap  {format_duration(data['lap_s'])}"
    if event.kind == "mute":
        return f"{at}  mute  {'muted' if data['muted'] else 'sound on'}"
    if event.kind == "back":
        return f"{at}  back  to step {data['to_step'] + 1}"
    if event.kind in ("pause", "resume", "skip", "stumble", "stumble_undone", "stop"):
        words = {
            "pause": "paused",
            "resume": "resumed",
            "skip": "step skipped",
            "stumble": "near-fall logged, paused",
            "stumble_undone": "not a near-fall after all: not counted",
            "stop": "session stopped",
        }
        return f"{at}  {event.kind}  {words[event.kind]}"
    return None


def _terminal_bell() -> Callable[[], None] | None:
    """A bell on a terminal; none when the output is piped (it would only be noise)."""
    if not sys.stdout.isatty():
        return None

    def bell() -> None:
        sys.stdout.write("\a")
        sys.stdout.flush()

    return bell


def _serve_remote(
    session: LiveSession, remote: RemoteOptions, say: Callable[[str], None], paint: bool
) -> Any:
    """The phone remote on its own thread: `remote  URL` and the QR first, or why it is off.

    On a terminal the code is painted black on white (phone cameras want dark
    modules on a light ground, whatever the terminal's colours); piped, it is
    plain text.
    """
    from retro_tui.remote.qr import qr_lines
    from retro_tui.remote.server import ThreadedRemote
    from retro_tui.remote.target import RemoteUnavailable

    server = ThreadedRemote(session, sounds_dir=sounds_dir(), host=remote.host, port=remote.port)
    try:
        server.start()
    except RemoteUnavailable as err:
        say(f"remote  off: {err.reason}")
        return None
    say(f"remote  {server.url}")
    for line in qr_lines(server.url):
        say(f"{QR_PAINT}{line}{QR_RESET}" if paint else line)
    for note in server.notices:
        session.notice(f"remote: {note}")
    return server


def run_plain(
    config: Config,
    workout: Workout,
    *,
    data_dir: Path,
    speed: float = 1.0,
    muted: bool = False,
    out: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] | None = None,
    remote: RemoteOptions | None = None,
) -> int:
    out = out or sys.stdout
    print_lock = threading.Lock()

    def say(line: str) -> None:
        with print_lock, contextlib.suppress(OSError):  # a hung-up terminal: the log still has it
            print(line, file=out, flush=True)

    log = SessionLog(data_dir)
    if log.store() is None and log.error:
        raise DataError(log.error)  # --plain never runs unsaved: it says why and stops
    session = start_session(
        config,
        workout,
        log=log,
        speed=speed,
        muted=muted,
        clock=clock,
        bell=_terminal_bell(),
        log_in_thread=False,
    )
    timeline = session.timeline
    paint = out.isatty()
    server = _serve_remote(session, remote, say, paint) if remote is not None else None
    recovered = log.untold_recovered()  # after the remote: its URL is the first line
    if recovered:
        ids = ", ".join(str(i) for i in recovered)
        say(f"Closed unfinished session(s) {ids} as interrupted (see retro-tui log).")
    notices_shown: set[str] = set()

    def show_notices() -> None:
        for note in session.poll_notices():
            if note not in notices_shown:
                notices_shown.add(note)
                say(f"notice: {note}")

    say(
        f"{visible(timeline.name)}: {format_duration(timeline.total_s)}, "
        f"{format_duration(timeline.backward_s)} backwards, {len(timeline.steps)} "
        + ("step" if len(timeline.steps) == 1 else "steps")
        + (f" (clock x{speed:g}, simulated)" if speed != 1.0 else "")
    )
    if config.settings.checklist:
        say("Before you start:")
        for item in checklist_items(config.settings, workout):
            say(f"  [ ] {item}")
    if speed == 1.0:  # simulated sessions are no training load: never warned
        warning = guide_warning(
            log.minutes_this_week(datetime.now(UTC)),
            timeline.backward_s / 60,
            config.settings.weekly_backward_minutes,
        )
        if warning:
            say(f"notice: {warning}")

    # Every event is printed once it is logged, whoever caused it (these keys,
    # the loop below, the phone remote's thread); a change wakes the loop.
    changed = threading.Event()

    def print_events(events: list[Event], source: str) -> None:
        for event in events:
            line = event_line(event, timeline)
            if line:
                say(line)
        changed.set()

    session.add_listener(print_events)

    def wait(seconds: float) -> None:
        if sleep is not None:
            sleep(seconds)
            return
        changed.wait(seconds)  # a tap on the phone ends the wait at once
        changed.clear()  # the loop reads the engine next: no change is missed

    # Ctrl-C, SIGTERM and SIGHUP (a closed terminal, an SSH drop) only raise a
    # flag: the loop stops between two updates, so no event the engine produced
    # can be lost between "due" and "logged", and the session is kept as stopped.
    stop_asked: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stop_asked.append(signum)
        changed.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    keys = None
    try:
        session.start()
        if sleep is None:  # single keys on a terminal, never in a scripted run
            from retro_tui.commands.plain_keys import plain_keys

            keys = plain_keys(session, say, sys.stdin)
        while True:
            show_notices()
            if session.engine.is_over:
                break
            if stop_asked:
                session.act("stop")
                continue
            due = session.engine.next_due_in()
            wait(MAX_SLEEP_S if due is None else min(max(due, 0.0), MAX_SLEEP_S))
            session.update()
            if keys is not None:
                keys.tick()
    finally:
        if keys is not None:
            keys.close()  # the terminal as it was, whatever ended the loop
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        summary = session.close()
        if server is not None:
            server.stop()  # after the close: the phone is sent the summary first
        log.close()
    show_notices()
    for line in summary_lines(summary):
        say(line)
    return 130 if stop_asked else 0
