"""The live screen's display: what each tick and each batch of events shows.

A mixin of `LiveScreen` (kept apart so each module has one job): the
screen owns the clock and the keys, this the words, the big clock, the
bars, the side panel and the notices.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from retro_tui.core.amounts import format_duration, format_tenths
from retro_tui.core.session import PAUSED, Event
from retro_tui.ui.live_text import (
    ahead_lines,
    distance_text,
    kind_text,
    moment_text,
    remaining_text,
    short_notice,
    split_lines,
    step_class,
    step_length,
)

if TYPE_CHECKING:
    from retro_tui.coach.live import LiveSession
    from retro_tui.core.session import SessionEngine
    from retro_tui.ui.widgets.big_text import BigText
    from retro_tui.ui.widgets.cue_banner import CueBanner
    from retro_tui.ui.widgets.time_bar import TimeBar

AUTO_WIDTH = frozenset({"#live-repeat", "#live-status", "#live-notice"})
MOMENT_S = {"countdown": 1.0, "shoulder": 2.5}  # session seconds a big 3-2-1 / LEFT stays
SAID_S = 5.0  # session seconds "Skipped: b to undo" stays on the banner
NOTICE_FULL_S = 8.0  # a new notice shows in full this long (wall clock), then one line
STATE_CLASSES = ("-work", "-rest", "-easy", "-ready", "-paused")


class LiveDisplay:
    session: LiveSession
    engine: SessionEngine
    step_class: str
    _shown: dict[str, str]
    _moment: tuple[str, float, int | None] | None
    _notice_seen: dict[str, float]
    _said: tuple[str, float] | None
    _finished: bool
    _banner: CueBanner
    _digits: BigText
    _notice: Static
    _step_bar: TimeBar
    _session_bar: TimeBar
    _coloured: list[Any]

    if TYPE_CHECKING:

        def query_one(self, selector: str, expect_type: Any = None) -> Any: ...

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
                cue = event.cue
                big = moment_text(cue.kind, cue.side, cue.text)
                if big:
                    self._moment = (big, cue.at_s + MOMENT_S[cue.kind], cue.step)
            elif event.kind == "get_ready":
                banner.show_text("Get ready")
            elif event.kind == "stumble":
                banner.show_text("Near-fall logged. Take your time: space to go on · s again: undo")
            elif event.kind in ("stumble_undone", "skip", "back"):
                self.say_done(event)
            elif event.kind == "lap":
                lap = self.lap_text(event)
                banner.show_text(lap)

    def say_done(self, event: Event) -> None:
        """What a key did, on the banner's top edge (the step's first cue takes
        the banner itself in the same batch), for SAID_S session seconds."""
        if event.kind == "skip":
            text = "Skipped: b to undo"
        elif event.kind == "stumble_undone":
            text = "Stumble undone: not counted"
        elif event.data.get("to_step") == event.data.get("step"):
            text = "Restarted: b again for the previous step"
        else:
            text = "Back to the previous step"
        self._said = (text, self.engine.position() + SAID_S)  # from where the key left it
        self._banner.border_title = text

    def _said_now(self, position: float) -> None:
        if self._said is not None and position >= self._said[1]:
            self._said = None
            self._banner.border_title = None

    def lap_text(self, event: Event) -> str:
        split = format_tenths(max(float(event.data.get("lap_s", 0.0)), 0.0))
        index = event.data.get("step")
        steps = self.engine.steps
        step = steps[index] if isinstance(index, int) and 0 <= index < len(steps) else None
        if step is not None and step.distance_m is not None:
            return f"Reached the mark: {split}"
        return f"Lap {split}"

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
        digits = self._moment_now(position, step) or remaining_text(remaining)
        if self._shown.get("digits") != digits:
            self._shown["digits"] = digits
            self._digits.update(digits)
            self._digits.set_class(digits != remaining_text(remaining), "-moment")

        # One clock direction: the digits count down, and so do both bars (they
        # show the time left). Bars and clocks move in whole seconds, in the same
        # tick as the digits: one small repaint a second, not one per tick.
        step_bar = self._step_bar
        left = math.ceil(remaining - 1e-6)
        if step is None:
            step_bar.set_name("Get ready")
            step_bar.set(left, engine.timeline.get_ready_s, f"{remaining_text(remaining)} to go")
        else:
            step_bar.set_name("Step")
            step_bar.set(left, step.duration_s, f"{remaining_text(remaining)} left")
        total = engine.timeline.total_s
        session_left = total - math.floor(max(position, 0.0) + 1e-6)
        self._session_bar.set(
            session_left, total, f"{remaining_text(session_left)} of {format_duration(total)}"
        )
        self._show_side(index if step is not None else -1)
        self._said_now(position)

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
        self._show_notices(notices)

    def _moment_now(self, position: float, step: Any) -> str:
        """The big 3-2-1 or LEFT / RIGHT while it lasts (in this step), else ""."""
        moment = self._moment
        if moment is None:
            return ""
        text, until, on_step = moment
        if position >= until or step is None or step.index != on_step:
            self._moment = None
            return ""
        return text

    def _show_side(self, index: int) -> None:
        """Beside the clock: the steps ahead and the splits so far."""
        side = self.query_one("#live-ahead", Static)
        if not side.display:
            return
        rows = max(side.size.height, 6)
        splits = split_lines(self.engine.steps, self.engine.laps, rows // 2 - 1)
        ahead = ahead_lines(self.engine.steps, index, rows - (len(splits) + 2 if splits else 0) - 1)
        lines = ["Ahead", *(f"  {line}" for line in ahead)] if ahead else ["Ahead: finish"]
        if splits:
            lines += ["", "Splits", *(f"  {line}" for line in splits)]
        self._set("#live-ahead", "\n".join(lines))

    def _show_notices(self, notices: list[str]) -> None:
        """Each notice in full when new, then all folded into one short line."""
        now = self.session.clock()
        for text in notices:
            self._notice_seen.setdefault(text, now)
        fresh = any(now - self._notice_seen[t] < NOTICE_FULL_S for t in notices)
        if fresh:
            self._set("#live-notice", " · ".join(notices))
        else:
            self._set("#live-notice", "! " + " · ".join(short_notice(t) for t in notices))
        self._notice.set_class(not fresh, "-folded")
        if self._notice.display != bool(notices):
            self._notice.display = bool(notices)
