"""`run --plain` on a terminal: single keys drive the session, and a time-left line.

SSH or a phone's terminal has no TUI, but it has a keyboard: space pause /
resume, n skip, b back, l lap, s stumble, m mute, q then y stop. The
terminal is put in cbreak mode (keys arrive one by one, unechoed; Ctrl-C
still raises SIGINT, so the run's signal handling is untouched) and is put
back as it was on every way out: the normal end, an exception, a signal
that stops the loop, and interpreter exit. Keys are read on a thread of
their own and go through `LiveSession.act`, the same door as the TUI's keys
and the phone's taps; the run's listener prints the events they make.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import select
import threading
from collections.abc import Callable
from typing import Any, TextIO

from retro_tui.core.amounts import format_duration

KEYS = {
    " ": "toggle_pause",
    "n": "skip",
    "b": "back",
    "l": "lap",
    "s": "stumble",
    "m": "mute",
}
# by the event an action made: what pressing the key again does
HINTS = {
    "skip": "b within 3 s: undo",
    "back": "b again within 3 s: the previous step",
    "stumble": "s again within 3 s: undo",
}
HELP = "keys: space pause · n skip · b back · l lap · s stumble · m mute · q stop"
TIME_LEFT_EVERY_S = 30.0
POLL_S = 0.2  # how often the key thread looks whether it should stop


def time_left_line(engine: Any, last: list[Any]) -> str | None:
    """A "time left" line each 30 s of a step (`last` holds what was said, between calls)."""
    step = engine.current_step
    if step is None or engine.is_over:
        return None
    into = engine.position() - step.start_s
    mark = math.floor(into / TIME_LEFT_EVERY_S + 1e-9)
    key = (step.index, mark)
    said, last[:] = last == [key], [key]
    if mark < 1 or said:  # a new or restarted step counts its 30 s afresh
        return None
    left = math.ceil(engine.step_remaining() - 1e-6)
    total_left = engine.timeline.total_s - math.floor(max(engine.position(), 0.0))
    return (
        f"left  {format_duration(left)} of this step, {format_duration(total_left)} of the session"
    )


class PlainKeys:
    """The key thread for one `--plain` run; `close()` stops it and restores the terminal."""

    def __init__(self, session: Any, say: Callable[[str], None], stdin: TextIO) -> None:
        self.session = session
        self.say = say
        self.fd = stdin.fileno()
        self._saved: list[Any] | None = None
        self._stop = threading.Event()
        self._asking = False
        self._last: list[Any] = []
        self._thread = threading.Thread(target=self._run, name="plain-keys", daemon=True)

    def start(self) -> PlainKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        atexit.register(self.restore)
        tty.setcbreak(self.fd)
        self.say(HELP)
        self._thread.start()
        return self

    def restore(self) -> None:
        """The terminal as it was (idempotent: close, atexit and errors all call it)."""
        saved, self._saved = self._saved, None
        if saved is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)
        self.restore()
        atexit.unregister(self.restore)

    def tick(self) -> None:
        """Called by the run's loop: the time-left line when a 30 s mark of the step passed."""
        with self.session.lock:
            line = time_left_line(self.session.engine, self._last)
        if line:
            self.say(line)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], POLL_S)
                if not ready:
                    continue
                data = os.read(self.fd, 1)
            except (OSError, ValueError):
                return  # the terminal went away: the run's signals handle the rest
            if not data:
                return
            self.key(data.decode("utf-8", "replace"))

    def key(self, ch: str) -> None:
        """One key: the action it names, then a word on what it did."""
        if self.session.closed:
            return
        if self._asking:
            self._asking = False
            if ch in ("y", "Y", "\r", "\n"):
                self.session.act("stop")
            else:
                self.say("going on")
            return
        if ch == "q":
            self._asking = True
            self.say("stop the session? y: stop (it is kept as stopped) · any other key: go on")
            return
        action = KEYS.get(ch.lower() if ch != " " else ch)
        if action is None:
            self.say(HELP)
            return
        events = self.session.act(action)
        if not events:
            self.say(f"{ch.strip() or 'space'}: nothing to do now")
        else:
            made = {event.kind for event in events}
            for kind, hint in HINTS.items():
                if kind in made:
                    self.say(f"  ({hint})")


def plain_keys(session: Any, say: Callable[[str], None], stdin: TextIO) -> PlainKeys | None:
    """The key reader, started, when stdin is a terminal; None otherwise (piped, tests)."""
    try:
        if not stdin.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return PlainKeys(session, say, stdin).start()
