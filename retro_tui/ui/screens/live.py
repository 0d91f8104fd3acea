"""The live session: what the runner sees from two metres away.

Timing follows Textual's stopwatch example: a 4 Hz interval only refreshes
the display, and every number shown is computed from the engine (and so from
the clock), never by counting ticks. Cues are fired by a one-shot wake-up at
the engine's `next_due_in()`, re-armed after every update and action, so a
cue is handed to audio when it is due, not at the next display tick. The
interval pauses while the session is paused or another screen covers this
one; no wake-up is armed while paused (the engine says nothing is due).

CPU: widgets of fixed size are updated without a layout pass, and only when
their text changes, so a second of the session repaints a few cells, not
the screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from retro_tui.coach.live import KEYS, LiveSession
from retro_tui.core.session import PAUSED, Event
from retro_tui.ui.messages import RemoteKey, SessionFinished
from retro_tui.ui.screens.confirm import ConfirmStopScreen
from retro_tui.ui.screens.live_display import LiveDisplay
from retro_tui.ui.widgets import CueBanner, TimeBar
from retro_tui.ui.widgets.big_text import BigText
from retro_tui.ui.widgets.remote_panel import RemotePanel

TICK_S = 1 / 4  # display refresh; cue timing does not depend on it
DUE_MARGIN_S = 0.0005  # the engine never fires early: wake just after, not just before

# (action, palette name, help) for the command palette; keys in BINDINGS.
LIVE_COMMANDS = (
    ("toggle_pause", "Pause / resume", "Freeze or restart the timers and the cue plan (space)"),
    ("skip", "Skip step", "End this step now and start the next (n)"),
    ("back", "Back", "Restart this step; twice quickly: the previous step (b)"),
    ("lap", "Lap / reached the mark", "Ends a distance step, else logs a split (l)"),
    ("stumble", "Stumble", "Log a near-fall and pause (s)"),
    ("mute", "Mute / unmute", "Visual cues only, or sound back on (m)"),
    ("stop", "Stop session", "Stop (asks to confirm); the session is kept (q)"),
    ("remote", "Phone remote", "Serve this session to your phone, or hide its QR code (r)"),
)
SHORT_ROWS = 24  # below this, the layout drops its blank lines
TALL_ROWS = 30  # from this, the step band is 3 rows
SIDE_COLUMNS = 96  # the main area this wide or more shows the steps ahead beside the clock
SIDE_W = 34


class LiveScreen(LiveDisplay, Screen[None]):
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", id="live.pause"),
        Binding("n", "skip", "Skip", id="live.skip"),
        Binding("b", "back", "Back", id="live.back"),
        Binding("l", "lap", "Lap", id="live.lap"),
        Binding("s", "stumble", "Stumble", id="live.stumble"),
        Binding("m", "mute", "Mute", id="live.mute"),
        Binding("m", "unmute", "Unmute", id="live.unmute"),
        Binding("q", "stop", "Stop", id="live.stop"),
        Binding("r", "remote", "Remote", show=False, id="live.remote"),
    ]

    def __init__(self, session: LiveSession, remote: Any = None) -> None:
        super().__init__(id="live")
        self.session = session
        self.engine = session.engine
        self.remote = remote  # the session's RemoteLink, when the phone remote is on
        self._tick: Timer | None = None
        self._due: asyncio.TimerHandle | None = None
        self._suspended = False
        self._finished = False
        self._shown: dict[str, str] = {}
        self.step_class = ""  # -work, -rest, -easy, -ready or -paused: the colour shown
        # the big 3-2-1 or LEFT / RIGHT: (text, shown until this session position, step)
        self._moment: tuple[str, float, int | None] | None = None
        self._notice_seen: dict[str, float] = {}  # notice -> wall clock it was first shown
        self._said: tuple[str, float] | None = None  # what the last key did, until when

    # --- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Every line here may hold the user's own text (workout name, notes,
        # cue texts, notices): shown literally, never read as markup.
        with Horizontal(id="live-top"):
            yield Static(self.session.timeline.name, id="live-title", markup=False)
            yield Static("", id="live-status", markup=False)
        with Horizontal(id="live-head"):
            yield Static("", id="live-kind", markup=False)
            yield Static("", id="live-repeat", markup=False)
        yield Static("", id="live-note", markup=False)
        with Horizontal(id="live-middle"):
            yield BigText("", id="live-digits")
            yield Static("", id="live-ahead", markup=False)
        yield TimeBar("Step", id="live-step-bar")
        yield Static("", id="live-next", markup=False)
        yield Static("", id="live-next-cue", markup=False)
        yield TimeBar("Session", id="live-session-bar")
        yield CueBanner(id="live-banner")
        yield Static("", id="live-notice", markup=False)
        yield RemotePanel(id="live-remote")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._digits = self.query_one("#live-digits", BigText)
        longest = max(s.duration_s for s in self.engine.steps)
        self._digits.sizing = (
            "0:00:00" if longest >= 3600 else "00:00" if longest >= 600 else "0:00"
        )
        self._step_bar = self.query_one("#live-step-bar", TimeBar)
        self._session_bar = self.query_one("#live-session-bar", TimeBar)
        self._banner = self.query_one(CueBanner)
        self._notice = self.query_one("#live-notice", Static)
        self._coloured = [self.query_one("#live-head"), self._digits, self._step_bar]
        self._tick = self.set_interval(TICK_S, self.refresh_display, name="live-display")
        self._loop = asyncio.get_running_loop()
        self._ui_thread = threading.get_ident()
        self._unlisten = self.session.add_listener(self._heard)
        self.show_remote(self.remote)
        self.show_events(self.session.start())
        self.after_change()

    # --- the phone remote ------------------------------------------------------

    def show_remote(self, remote: Any) -> None:
        """The remote's QR and URL (the app calls this once it serves, or on `r`)."""
        self.remote = remote
        self.query_one(RemotePanel).show_link(remote)
        self._place_side()

    def action_remote(self) -> None:
        self.post_message(RemoteKey())

    def _heard(self, events: list[Event], source: str) -> None:
        """A change the screen did not make itself (a tap on the phone): show it.

        Called on the remote's thread: handed to the UI loop without waiting,
        since that thread holds the session's lock while it calls.
        """
        if source == KEYS or not events:
            return
        if threading.get_ident() == self._ui_thread:
            self._show_change(events)
        else:
            with contextlib.suppress(RuntimeError):  # the loop has closed: the app is gone
                self._loop.call_soon_threadsafe(self._show_change, events)

    def _show_change(self, events: list[Event]) -> None:
        if self._finished:
            return
        self.show_events(events)
        self.after_change()
        self.refresh_bindings()  # mute from the phone: the footer's m says Unmute

    # --- the clock -------------------------------------------------------------

    def _arm(self) -> None:
        """Arm the one-shot wake-up for the next thing due (a cue or a step boundary).

        The deadline is absolute (the event loop's monotonic clock, fixed now),
        not "N seconds after a timer task gets round to starting": after a step
        change the loop is busy repainting for a few tens of ms, and a relative
        timer started then would fire that much late.
        """
        self._disarm()
        if self._finished:
            return
        due = self.engine.next_due_in()
        if due is None or not math.isfinite(due):
            return
        loop = asyncio.get_running_loop()
        self._due = loop.call_at(loop.time() + due + DUE_MARGIN_S, self._on_due)

    def _disarm(self) -> None:
        if self._due is not None:
            self._due.cancel()
            self._due = None

    @property
    def armed_in(self) -> float | None:
        """Seconds until the armed wake-up (None when nothing is armed)."""
        if self._due is None:
            return None
        return self._due.when() - asyncio.get_running_loop().time()

    def _on_due(self) -> None:
        self._due = None
        try:
            self.poll()
        except Exception as error:  # as Textual's own timers do: show it, end the app
            self.app._handle_exception(error)

    def poll(self) -> None:
        """Bring the session up to the clock now (the timer calls this; tests may too)."""
        if self._finished:
            return
        self.show_events(self.session.update())
        self.after_change()

    def after_change(self) -> None:
        if self.engine.is_over:
            self.finish()
            return
        self._arm()
        self._sync_tick()
        self.refresh_display()

    def _sync_tick(self) -> None:
        if self._tick is None:
            return
        if self.engine.state == PAUSED or self._suspended:
            self._tick.pause()
        else:
            self._tick.resume()

    @property
    def ticking(self) -> bool:
        """Whether the display interval runs (for tests and the curious)."""
        return self._tick is not None and self._tick._active.is_set()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_ROWS, "-short")
        self.set_class(event.size.height >= TALL_ROWS, "-tall")
        self.query_one(RemotePanel).redraw()
        self._place_side()

    def _place_side(self) -> None:
        """The steps ahead and the splits beside the clock, where the main area has room."""
        width, height = self.size
        width -= self.query_one(RemotePanel).docked_width
        self.query_one("#live-ahead").display = width >= SIDE_COLUMNS and height >= SHORT_ROWS

    def on_screen_suspend(self) -> None:
        self._suspended = True
        self._sync_tick()

    def on_screen_resume(self) -> None:
        self._suspended = False
        if not self._finished:
            self._sync_tick()
            self.refresh_display()

    def finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self._disarm()
        if self._tick is not None:
            self._tick.stop()
        self._unlisten()
        summary = self.session.close()
        self.post_message(SessionFinished(summary))

    # --- keys --------------------------------------------------------------------

    def act(self, name: str) -> list[Event]:
        """Do one of the runner's actions through the session (logged, audible)."""
        if self._finished:
            return []
        events = self.session.act(name)
        self.show_events(events)
        self.after_change()
        return events

    def action_toggle_pause(self) -> None:
        self.act("toggle_pause")

    def action_skip(self) -> None:
        self.act("skip")

    def action_back(self) -> None:
        self.act("back")

    def action_lap(self) -> None:
        self.act("lap")

    def action_stumble(self) -> None:
        self.act("stumble")

    def action_mute(self) -> None:
        """m: mute, or unmute when muted (the footer says which, see check_action)."""
        self.act("mute")
        self.refresh_bindings()

    def action_unmute(self) -> None:
        self.action_mute()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One `m` in the footer: "Mute" while sound is on, "Unmute" while muted."""
        if action == "mute":
            return not self.engine.muted
        if action == "unmute":
            return self.engine.muted
        return True

    def action_stop(self) -> None:
        if not self._finished:
            self.app.push_screen(ConfirmStopScreen(), callback=self._stop_confirmed)

    def _stop_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.act("stop")

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (name, help_text, getattr(self, f"action_{action}"))
            for action, name, help_text in LIVE_COMMANDS
        ]
