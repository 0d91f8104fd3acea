"""`retro-tui run WORKOUT`: the TUI, or with --plain one line per step and cue."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from retro_tui.audio.base import open_audio
from retro_tui.commands.common import config_from_args, data_dir_from_args, find_workout
from retro_tui.core.amounts import format_duration
from retro_tui.core.checklist import checklist_items
from retro_tui.core.config import Config
from retro_tui.core.session import Event
from retro_tui.core.timeline import Timeline, compile_timeline
from retro_tui.core.workout import Workout
from retro_tui.live import LiveSession, Summary

MAX_SLEEP_S = 0.5  # wake now and then even when nothing is due, for notices


def cmd_run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    workout = find_workout(config, args.workout)
    data_dir = data_dir_from_args(args)
    if not args.plain:
        from retro_tui.ui.app import run_live_app

        return run_live_app(config, workout, data_dir=data_dir, speed=args.speed, muted=args.mute)
    return run_plain(config, workout, data_dir=data_dir, speed=args.speed, muted=args.mute)


def clock_text(position: float) -> str:
    """mm:ss of a session position; the get-ready lead-in is negative."""
    sign = "-" if position < -1e-9 else ""
    total = int(abs(position) + 1e-9)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def event_line(event: Event, timeline: Timeline) -> str | None:
    """The `--plain` line for an event, or None for events it does not show."""
    at = clock_text(event.at_s)
    data = event.data
    if event.kind == "cue" and event.cue is not None:
        late = "  (dropped: late)" if event.dropped else ""
        return f"{at}  {event.cue.kind}  {event.cue.text}{late}"
    if event.kind == "step_start":
        step = timeline.steps[data["step"]]
        length = format_duration(step.duration_s)
        if step.distance_m is not None:
            length = f"{step.distance_m:g} m (~{length})"
        repeat = f", repeat {step.round}/{step.rounds}" if step.round else ""
        return f"{at}  step  {step.index + 1}/{len(timeline.steps)} {step.label} {length}{repeat}"
    if event.kind == "get_ready":
        return f"{at}  get_ready  {data['text']}: {format_duration(data['seconds'])}"
    if event.kind == "lap":
        return f"{at}  lap  {format_duration(data['lap_s'])}"
    if event.kind == "mute":
        return f"{at}  mute  {'muted' if data['muted'] else 'sound on'}"
    if event.kind == "back":
        return f"{at}  back  to step {data['to_step'] + 1}"
    if event.kind in ("pause", "resume", "skip", "stumble", "stop"):
        words = {
            "pause": "paused",
            "resume": "resumed",
            "skip": "step skipped",
            "stumble": "near-fall logged, paused",
            "stop": "session stopped",
        }
        return f"{at}  {event.kind}  {words[event.kind]}"
    return None


def summary_lines(summary: Summary) -> list[str]:
    lines = [
        f"{summary.name}: {summary.status}"
        + (f", session {summary.session_id}" if summary.session_id else "")
        + (" (simulated)" if summary.simulated else ""),
        f"  active {format_duration(summary.active_s)} of {format_duration(summary.planned_s)} planned, "
        f"backward {format_duration(summary.backward_s)}, paused {format_duration(summary.paused_s)}",
        f"  shoulder checks {summary.shoulder_checks}, form cues {summary.form_cues}, "
        f"laps {summary.laps}, stumbles {summary.stumbles}",
    ]
    skipped = [s.index + 1 for s in summary.steps if s.skipped]
    if skipped:
        lines.append("  skipped steps: " + ", ".join(map(str, skipped)))
    return lines


def _open_store(data_dir: Path, out: TextIO):  # type: ignore[no-untyped-def]
    from retro_tui.core.store import Store

    store = Store.open(data_dir)
    recovered = store.recover_interrupted()
    if recovered:
        ids = ", ".join(str(i) for i in recovered)
        print(
            f"Closed unfinished session(s) {ids} as interrupted (see retro-tui log).",
            file=out,
            flush=True,
        )
    return store


def _terminal_bell() -> Callable[[], None] | None:
    """A bell on a terminal; none when the output is piped (it would only be noise)."""
    if not sys.stdout.isatty():
        return None

    def bell() -> None:
        sys.stdout.write("\a")
        sys.stdout.flush()

    return bell


def _guide_warning(store: object, config: Config, timeline: Timeline) -> str | None:
    """Why this session passes the weekly guide (a warning, never a block)."""
    from datetime import UTC, datetime

    from retro_tui.core.program import guide_warning, logged_minutes_this_week

    try:
        this_week = logged_minutes_this_week(store, datetime.now(UTC))  # type: ignore[arg-type]
    except Exception:  # an unreadable log must not stop a session from starting
        return None
    return guide_warning(
        this_week, timeline.backward_s / 60, config.settings.weekly_backward_minutes
    )


def run_plain(
    config: Config,
    workout: Workout,
    *,
    data_dir: Path,
    speed: float = 1.0,
    muted: bool = False,
    out: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    out = out or sys.stdout
    timeline = compile_timeline(workout, config.settings)

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    store = _open_store(data_dir, out)
    notices_shown: set[str] = set()
    pending: list[str] = []
    audio = open_audio(
        config.settings,
        muted=muted or config.settings.voice == "off",
        on_notice=pending.append,
        bell=_terminal_bell(),
    )
    live = LiveSession(
        timeline,
        config.settings,
        audio=audio,
        store=store,
        clock=clock,
        speed=speed,
        muted=muted,
        workout=workout,
        log_in_thread=False,
    )
    from retro_tui.keepawake import KeepAwake

    awake = KeepAwake()

    def show_notices() -> None:
        live.notices.extend(n for n in pending if n not in live.notices)
        pending.clear()
        if awake.message:
            live.notice(awake.message)
        for note in live.notices:
            if note not in notices_shown:
                notices_shown.add(note)
                say(f"notice: {note}")

    say(
        f"{timeline.name}: {format_duration(timeline.total_s)}, "
        f"{format_duration(timeline.backward_s)} backwards, {len(timeline.steps)} "
        + ("step" if len(timeline.steps) == 1 else "steps")
        + (f" (clock x{speed:g}, simulated)" if speed != 1.0 else "")
    )
    if config.settings.checklist:
        say("Before you start:")
        for item in checklist_items(config.settings, workout):
            say(f"  [ ] {item}")
    if speed == 1.0:  # simulated sessions are no training load: never warned
        warning = _guide_warning(store, config, timeline)
        if warning:
            say(f"notice: {warning}")

    # Ctrl-C and SIGTERM only raise a flag: the loop stops between two updates,
    # so no event the engine produced can be lost between "due" and "logged".
    stop_asked: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stop_asked.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    awake.acquire()
    try:
        events = live.start()
        while True:
            for event in events:
                line = event_line(event, timeline)
                if line:
                    say(line)
            _ = awake.active  # sets a message when the lock could not be held
            show_notices()
            if live.engine.is_over:
                break
            if stop_asked:
                events = live.act("stop")
                continue
            wait = live.engine.next_due_in()
            sleep(MAX_SLEEP_S if wait is None else min(max(wait, 0.0), MAX_SLEEP_S))
            events = live.update()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        awake.release()
        summary = live.close()
        store.close()
    show_notices()
    for line in summary_lines(summary):
        say(line)
    return 130 if stop_asked else 0
