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
from textual.widgets import Digits, Footer, Static

from retro_tui.coach.live import KEYS, LiveSession
from retro_tui.core.amounts import format_duration, format_tenths
from retro_tui.core.session import PAUSED, Event
from retro_tui.ui.live_text import (
    distance_text,
    elapsed_text,
    kind_text,
    remaining_text,
    step_class,
    step_length,
)
from retro_tui.ui.messages import RemoteKey, SessionFinished
from retro_tui.ui.screens.confirm import ConfirmStopScreen
from retro_tui.ui.widgets import CueBanner, TimeBar
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
AUTO_WIDTH = frozenset({"#live-repeat", "#live-status", "#live-notice"})
SHORT_ROWS = 24  # below this, the layout drops its blank lines
STATE_CLASSES = ("-work", "-rest", "-easy", "-ready", "-paused")


class LiveScreen(Screen[None]):
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
        yield Digits("", id="live-digits")
        yield TimeBar("Step", id="live-step-bar")
        yield Static("", id="live-next", markup=False)
        yield Static("", id="live-next-cue", markup=False)
        yield TimeBar("Session", id="live-session-bar")
        yield CueBanner(id="live-banner")
        yield Static("", id="live-notice", markup=False)
        yield RemotePanel(id="live-remote")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._digits = self.query_one("#live-digits", Digits)
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
        panel = self.query_one(RemotePanel)
        if remote is None:
            panel.display = False
        else:
            panel.show(remote.url, remote.error, remote.qr_shown)

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
        self.query_one(RemotePanel).redraw()

    def on_screen_suspend(self) -> None:
        self._suspended = True
        self._sync_tick()

    def on_screen_resume(self) -> None:
        self._suspended = False
        if not self._finished:
            self._sync_tick()
            self.refresh_display()

    # --- events ----------------------------------------------------------------

    def show_events(self, events: list[Event]) -> None:
        """Every cue's text in the banner as it fires, and what the runner's keys did.

        A lap shows its split ("Lap 0:46.9") and the words the coach says for
        it; on a distance step "Reached the mark: 0:31.2 · 100 metres, 31
        seconds", kept above the next step's first cue, which comes in the
        same batch.
        """
        banner = self._banner
        lap = ""
        for event in events:
            if event.kind == "cue" and event.cue is not None and event.cue.kind == "split":
                lap = f"{lap} · {event.cue.text}" if lap else event.cue.text
                banner.show_text(lap)
            elif event.kind == "cue" and event.cue is not None and not event.dropped:
                banner.show_cue(event.cue, before=lap)
                lap = ""
            elif event.kind == "get_ready":
                banner.show_text("Get ready")
            elif event.kind == "stumble":
                banner.show_text("Near-fall logged. Take your time: space to go on")
            elif event.kind == "lap":
                lap = self.lap_text(event)
                banner.show_text(lap)

    def lap_text(self, event: Event) -> str:
        split = format_tenths(max(float(event.data.get("lap_s", 0.0)), 0.0))
        index = event.data.get("step")
        steps = self.engine.steps
        step = steps[index] if isinstance(index, int) and 0 <= index < len(steps) else None
        if step is not None and step.distance_m is not None:
            return f"Reached the mark: {split}"
        return f"Lap {split}"

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

    # --- display ---------------------------------------------------------------

    def _set(self, selector: str, text: str) -> None:
        """Update a Static only when its text changes (keeps the CPU idle)."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            # widgets of fixed size need no layout pass; `width: auto` ones do
            self.query_one(selector, Static).update(text, layout=selector in AUTO_WIDTH)

    def refresh_display(self) -> None:
        if self._finished:
            return
        engine = self.engine
        notices = self.session.poll_notices()
        step = engine.current_step
        paused = engine.state == PAUSED
        position = engine.position()
        klass = "-paused" if paused else step_class(step)
        if klass != self.step_class:
            # Only the coloured widgets restyle (a class on the screen would
            # restyle every widget on it at each step change).
            self.step_class = klass
            for widget in self._coloured:
                widget.remove_class(*STATE_CLASSES)
                widget.add_class(klass)

        total_steps = len(engine.steps)
        self._set("#live-kind", ("PAUSED · " if paused else "") + kind_text(step))
        self._set(
            "#live-repeat", f"repeat {step.round}/{step.rounds}" if step and step.round else ""
        )
        index = 0 if step is None else step.index
        self._set("#live-title", f"{engine.timeline.name} · step {index + 1}/{total_steps}")
        level = getattr(self.session.audio, "level", "visual")
        status = ["muted" if engine.muted else f"sound: {level}"]
        if self.session.speed != 1.0:
            status.append(f"×{self.session.speed:g}")
        self._set("#live-status", " · ".join(status))
        note = "" if step is None else step.note
        if step is not None and step.distance_m is not None:
            mark = f"{distance_text(step)} · press l at the mark"
            note = mark + (f" · {note}" if note else "")
        if paused:
            note = "Paused: space to resume"
        self._set("#live-note", note)

        remaining = engine.step_remaining()
        digits = remaining_text(remaining)
        if self._shown.get("digits") != digits:
            self._shown["digits"] = digits
            self._digits.update(digits)

        # Bars and clocks move in whole seconds, all in the same tick as the
        # digits: one small repaint a second (the CPU target), not one per tick.
        step_bar = self._step_bar
        if step is None:
            lead = engine.timeline.get_ready_s
            shown = math.ceil(remaining - 1e-6)
            step_bar.set_name("Get ready")
            step_bar.set(lead - shown, lead, f"{remaining_text(remaining)} to go")
        else:
            step_bar.set_name("Step")
            done = step.duration_s - math.ceil(remaining - 1e-6)
            step_bar.set(
                done, step.duration_s, f"{elapsed_text(done)} / {format_duration(step.duration_s)}"
            )
        total = engine.timeline.total_s
        elapsed = math.floor(max(position, 0.0) + 1e-6)
        self._session_bar.set(elapsed, total, f"{elapsed_text(elapsed)} / {format_duration(total)}")

        nxt = engine.next_step()
        if nxt is None:
            self._set("#live-next", "Next: finish")
        else:
            note = f" · {nxt.note}" if nxt.note else ""
            repeat = f" ({nxt.round}/{nxt.rounds})" if nxt.round else ""
            self._set("#live-next", f"Next: {nxt.label} {step_length(nxt)}{repeat}{note}")
        cue = engine.next_cue()
        if cue is None:
            self._set("#live-next-cue", "")
        else:
            self._set("#live-next-cue", f"Cue in {remaining_text(cue.at_s - position)}: {cue.text}")
        self._set("#live-notice", " · ".join(notices))
        if self._notice.display != bool(notices):
            self._notice.display = bool(notices)

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
