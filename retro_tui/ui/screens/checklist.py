"""The pre-run safety checklist: Enter or space to go, Escape back; `t` the sound check."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from retro_tui.core.checklist import checklist_items
from retro_tui.core.phrases import SOUND_CHECK_QUESTION
from retro_tui.core.settings import Settings
from retro_tui.core.workout import Workout
from retro_tui.ui.messages import RemoteKey
from retro_tui.ui.preview import preview_text
from retro_tui.ui.screens.confirm import ConfirmScreen, answer_bindings
from retro_tui.ui.widgets.remote_panel import RemotePanel


class ChecklistScreen(Screen[bool]):
    """Dismisses with True to start the session, False to go back."""

    BINDINGS = [
        Binding("enter", "go", "Start", id="checklist.go"),
        Binding("space", "go", "Start", show=False, id="checklist.go_space"),
        Binding("escape", "back", "Back", id="checklist.back"),
        Binding("q", "back", "Back", show=False, id="checklist.back_q"),
        Binding("r", "remote", "Phone remote", id="checklist.remote"),
        Binding("t", "sound_check", "Sound check", id="checklist.sound_check"),
        Binding("x", "swap", "Swap sides", show=False, id="checklist.swap"),
    ]
    # The sound check's player: None is the sessions' own (tests put a recorder here).
    sound_player: Any = None

    def __init__(self, settings: Settings, workout: Workout, remote: Any = None) -> None:
        super().__init__(id="checklist")
        self.settings = settings
        self.workout = workout
        self.remote = remote  # the session's RemoteLink, when the phone remote is on
        self.items = checklist_items(settings, workout)  # a treadmill workout: its own list
        self.stereo = settings.stereo  # this session's: `x` after the sound check swaps it
        self.sound_checked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist-box"):
            title = Text.assemble(("Before you start", "bold"), ": ", self.workout.name)
            yield Static(title, id="checklist-title")
            # what is about to start: its steps, time and cues (the user's own words)
            preview = preview_text(self.workout, self.settings)
            yield Static(preview, id="checklist-preview", markup=False)
            for item in self.items:
                # bullets, not boxes: the list is read, not ticked off
                yield Static(f"• {item}", classes="checklist-item", markup=False)
            yield Static("Enter or space: start  ·  Escape: back", id="checklist-hint")
            yield Static("", id="checklist-sound", markup=False)
        yield RemotePanel(id="checklist-remote")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#checklist-sound").display = False
        self.show_remote(self.remote)

    def show_remote(self, remote: Any) -> None:
        """The remote's QR and URL (the app calls this once it serves, or on `r`)."""
        self.remote = remote
        self.query_one(RemotePanel).show_link(remote)

    def on_resize(self) -> None:
        self.query_one(RemotePanel).redraw()
        self.set_class(self.size.height < 30, "-short")  # the preview gives way to the list

    def action_remote(self) -> None:
        self.post_message(RemoteKey(self.workout))

    def action_go(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    # --- the sound check (PRODUCT.md §7) -------------------------------------------

    def _sound_line(self, text: str) -> None:
        line = self.query_one("#checklist-sound", Static)
        line.update(text)
        line.display = True

    def action_sound_check(self) -> None:
        self._sound_line('Sound check: "left" in the left channel, then "right" in the right…')
        self._play_sound_check(self.stereo)

    @work(thread=True, exclusive=True, group="sound-check", exit_on_error=False)
    def _play_sound_check(self, stereo: str) -> None:
        from retro_tui.audio.sound_check import play_sound_check

        results = play_sound_check(self.sound_player, stereo=stereo)
        failed = next((r.detail for _, r in results if not r.ok), None)
        with contextlib.suppress(RuntimeError):  # the screen went away meanwhile
            self.app.call_from_thread(self._sound_checked, failed)

    def _sound_checked(self, failed: str | None) -> None:
        if failed is not None:
            self._sound_line(f"No sound ({failed}): check the volume and the output, then t again.")
            return
        self.sound_checked = True
        if self.stereo == "mono":
            self._sound_line('Both words came from both sides (stereo = "mono").  t: again')
        else:
            self._sound_line(
                f"{SOUND_CHECK_QUESTION}  Enter: yes, start  ·  x: swap them  ·  t: again"
            )

    def action_swap(self) -> None:
        """After the sound check: trade the sides for this session, and offer to save it."""
        from retro_tui.audio.sound_check import swapped

        if not self.sound_checked or self.stereo == "mono":
            return
        self.stereo = swapped(self.stereo)
        self.apply_stereo(getattr(self.app, "current_run", None))
        self._sound_line(f'Swapped for this session (stereo = "{self.stereo}").  t: hear it again')
        self.app.push_screen(SaveStereoScreen(self.stereo, self._save_target()), self._answered)

    def apply_stereo(self, run: Any) -> None:
        """Give a session's audio this screen's stereo (the app calls it on the start)."""
        set_stereo = getattr(getattr(run, "audio", None), "set_stereo", None)
        if callable(set_stereo) and self.stereo != self.settings.stereo:
            set_stereo(self.stereo)

    def _save_target(self) -> Path:
        from retro_tui.core.config import user_config_path

        config = getattr(self.app, "config", None)
        source = getattr(config, "source", None)
        return source if source is not None else user_config_path()

    def _answered(self, save: bool | None) -> None:
        if save:
            self._save_stereo(self.stereo, self._save_target())

    @work(thread=True, exclusive=True, group="stereo-save", exit_on_error=False)
    def _save_stereo(self, stereo: str, target: Path) -> None:
        from retro_tui.core.config import load_config
        from retro_tui.core.config_write import write_user_settings

        app: Any = self.app
        try:
            config = app.config
            settings = config.settings.with_values(stereo=stereo)
            write_user_settings(target, settings, shipped=load_config().settings)
            saved = load_config(target, config.default_path)
        except Exception as err:  # never a traceback: the file was left as it was
            text = f"Could not save to {target} ({getattr(err, 'strerror', None) or err})."
        else:
            text = f'Saved stereo = "{stereo}" to {target}.'
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(setattr, app, "config", saved)
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._sound_line, text)


class SaveStereoScreen(ConfirmScreen):
    """After `x`: keep the swapped sides for every session? y saves, n this session only."""

    BINDINGS = answer_bindings("stereo", "Save", "This session only")
    BOX_ID = "stereo-box"
    YES_WORDS = "save"
    NO_WORDS = "this session only"

    def __init__(self, stereo: str, target: Path) -> None:
        super().__init__(
            f'Save stereo = "{stereo}"?',
            [(f"Saves to {target}; every session then plays the sides this way.", None)],
        )
