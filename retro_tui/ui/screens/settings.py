"""Settings: one row per key of `[settings]`, checked as you type, saved atomically.

Every value goes through the config loader's own validator
(`validate_setting`), so the screen refuses exactly what `retro-tui check`
refuses, in the same words. Save writes the file the settings came from (the
`--config`/`$RETRO_TUI_CONFIG` file, or the user file), keeping its
workouts, on a thread worker; the app's config changes for the next session
(a running session is never affected: this screen opens from home only).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from retro_tui.core.config import Config, load_config, user_config_path
from retro_tui.core.config_write import write_user_settings
from retro_tui.core.settings import (
    SETTING_KEYS,
    STEREO_CHOICES,
    SettingError,
    Settings,
    settings_to_raw,
    validate_setting,
)
from retro_tui.ui.context import ScreenContext
from retro_tui.ui.screens.confirm import ConfirmScreen, answer_bindings


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # choice | text | int | number | bool | list
    hint: str
    choices: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("voice", "choice", "spoken cues, beeps, or visual only", ("speech", "beeps", "off")),
    Field("shoulder_check_every", "text", 'shoulder checks: "20s", or "off"'),
    Field("first_shoulder", "choice", "side of the first check", ("left", "right")),
    Field("form_reminder_every", "text", 'of backward time: "90s", or "off"'),
    Field("countdown", "int", "beeps before a step ends: 0 to 10"),
    Field("get_ready", "text", 'lead-in before the first step: "10s"'),
    Field("pace_per_100m", "text", 'your backward pace per 100 m: "0:50"'),
    Field("track_length", "text", 'what "1 lap" means: "400m"'),
    Field("weekly_backward_minutes", "number", "the weekly guide, minutes"),
    Field("treadmill", "bool", "adds the safety-clip check"),
    Field("checklist", "bool", "the pre-run safety checklist"),
    Field("time_left", "list", 'time-left callouts: "1min, 30s", or "off"'),
    Field("splits", "bool", "say the split when you press lap"),
    Field("stereo", "choice", "earbuds the other way round, or one speaker", STEREO_CHOICES),
    Field("remote", "bool", "serve the phone remote in every session"),
    Field("remote_port", "int", "the remote's TCP port; 0 picks a free one"),
    Field("remote_host", "text", '"0.0.0.0" every network, "127.0.0.1" this machine'),
    Field("theme", "text", 'the colours: "textual-dark", "nord"… (ctrl+p: Change theme)'),
)
assert tuple(f.key for f in FIELDS) == SETTING_KEYS, "one row per setting"


def value_of(field: Field, text: str) -> object:
    """What the user typed, as TOML would hold it (a number where one is meant)."""
    text = text.strip()
    if field.kind == "list":  # "1min, 30s" -> ["1min", "30s"]; "off" stays "off"
        if text.lower() == "off":
            return text
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind in ("int", "number"):
        with contextlib.suppress(ValueError):
            return int(text)
        if field.kind == "number":
            with contextlib.suppress(ValueError):
                number = float(text)
                if math.isfinite(number):
                    return number
    return text


def save_target(config: Config) -> Path:
    """The file the settings came from (`--config`, `$RETRO_TUI_CONFIG`, the user
    file), or the user file when they are the shipped defaults."""
    return config.source if config.source is not None else user_config_path()


class SettingsScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("escape", "back", "Back", id="settings.back"),
        Binding("q", "back", "Back", show=False, id="settings.back_q"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(id="settings")
        self.context = context  # `_saved` replaces its config: the next session's
        self.original: Settings = Settings()
        self.values: dict[str, Any] = {}  # key -> typed value, for the valid ones
        self.errors: dict[str, str] = {}  # key -> the validator's message
        self.saving = False
        self.target: Path = user_config_path()
        self.last_result: tuple[str, str] = ("", "")  # the last save's words and class

    def compose(self) -> ComposeResult:
        config = self.context.config
        self.original = config.settings
        self.target = save_target(config)
        raw = settings_to_raw(config.settings)
        yield Static("[b]Settings[/b]", id="settings-title")
        yield Static("", id="settings-where", markup=False)
        with VerticalScroll(id="settings-form"):
            for field in FIELDS:
                with Vertical(classes="setting"):
                    with Horizontal(classes="setting-row"):
                        yield Label(field.key, classes="setting-key")
                        yield self._input(field, raw[field.key])
                        yield Label(field.hint, classes="setting-hint")
                    yield Static("", id=f"error-{field.key}", classes="setting-error", markup=False)
        yield Static("", id="settings-status", markup=False)
        with Horizontal(id="settings-buttons"):
            yield Button("Save", id="settings-save", variant="primary", compact=True)
            yield Button("Back", id="settings-back", compact=True)
        yield Footer()

    def _input(self, field: Field, value: Any) -> Any:
        wid = f"setting-{field.key}"
        if field.kind == "choice":
            return Select(
                [(c, c) for c in field.choices],
                value=value,
                allow_blank=False,
                id=wid,
                compact=True,
                classes="setting-input",
            )
        if field.kind == "bool":
            return Switch(bool(value), animate=False, id=wid, classes="setting-input")
        if field.kind == "list" and isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "off"
        return Input(str(value), id=wid, compact=True, classes="setting-input")

    def on_mount(self) -> None:
        self.values = {key: getattr(self.original, key) for key in SETTING_KEYS}
        for error in self.query(".setting-error"):
            error.display = False
        self.query_one("#settings-where", Static).update(f"Saves to {self.target}")
        self._update_state()
        self.query_one("#setting-voice").focus()

    # --- checking as you type -----------------------------------------------------

    def field_for(self, widget_id: str | None) -> Field | None:
        key = (widget_id or "").removeprefix("setting-")
        return next((f for f in FIELDS if f.key == key), None)

    def check(self, field: Field, value: object) -> None:
        """Validate one value with the loader's validator and show its message."""
        error = self.query_one(f"#error-{field.key}", Static)
        try:
            self.values[field.key] = validate_setting(field.key, value)
        except SettingError as err:
            self.errors[field.key] = str(err)
            error.update(str(err))
            error.display = True
        else:
            self.errors.pop(field.key, None)
            error.update("")
            error.display = False
        self._update_state()

    def on_input_changed(self, event: Input.Changed) -> None:
        field = self.field_for(event.input.id)
        if field is not None:
            self.check(field, value_of(field, event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        field = self.field_for(event.select.id)
        if field is not None and event.value is not Select.NULL:
            self.check(field, event.value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        field = self.field_for(event.switch.id)
        if field is not None:
            self.check(field, event.value)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def dirty(self) -> bool:
        """Unsaved changes (an invalid value is a change too)."""
        if self.errors:
            return True
        return any(self.values[key] != getattr(self.original, key) for key in SETTING_KEYS)

    def edited_settings(self) -> Settings:
        return replace(self.original, **self.values)

    def _update_state(self) -> None:
        """Save is enabled only when every value is valid; the status line says why not."""
        self.query_one("#settings-save", Button).disabled = bool(self.errors) or self.saving
        if self.errors:
            count = len(self.errors)
            self._status(f"{count} value{'s' if count > 1 else ''} to fix before saving.", "-error")
        elif self.saving:
            self._status(f"Saving to {self.target}…", "")
        elif self.dirty:
            self._status("Unsaved changes: ctrl+s or Save writes them.", "")
        else:
            self._status(*self.last_result)

    def _status(self, text: str, cls: str) -> None:
        status = self.query_one("#settings-status", Static)
        status.update(text)
        status.set_class(cls == "-error", "-error")
        status.set_class(cls == "-ok", "-ok")

    # --- saving -----------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-save":
            self.action_save()
        elif event.button.id == "settings-back":
            self.action_back()

    def action_save(self) -> None:
        if self.saving:
            return
        if self.errors:
            self._update_state()
            return
        self.saving = True
        self._update_state()
        self._save(self.edited_settings(), self.target, self.context.config.default_path)

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def _save(self, settings: Settings, target: Path, default_path: Path) -> None:
        """Write the file (temp file + rename), then read it back as the next config."""
        app = self.app
        try:
            write_user_settings(target, settings, shipped=load_config().settings)
        except Exception as err:  # never a traceback: the old file is still there
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(self._save_failed, target, reason)
            return
        config: Config | None = None
        problem = ""
        try:
            config = load_config(target, default_path)
        except Exception as err:
            problem = str(err)
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._saved, target, settings, config, problem)

    def _save_failed(self, target: Path, reason: str) -> None:
        self.saving = False
        self.last_result = (
            f"Could not save to {target} ({reason}): the file was left as it was.",
            "-error",
        )
        self._update_state()
        self._status(*self.last_result)  # shown even while the edits are still unsaved

    def _saved(self, target: Path, settings: Settings, config: Config | None, problem: str) -> None:
        self.saving = False
        if config is None:  # written, but the file no longer loads as a whole
            config = replace(self.context.config, settings=settings, source=target)
        self.context.config = config  # the next session uses it; a running one keeps its own
        self.original = config.settings
        self.values = {key: getattr(self.original, key) for key in SETTING_KEYS}
        text = f"Saved to {target}. The next session uses these settings."
        if problem:
            text += f" But the file does not load: {problem}"
        self.last_result = (text, "-error" if problem else "-ok")
        self._update_state()

    # --- leaving ----------------------------------------------------------------

    def action_back(self) -> None:
        if self.saving:
            return
        if not self.dirty:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDiscardScreen(), callback=answered)


class ConfirmDiscardScreen(ConfirmScreen):
    """Leaving settings with unsaved changes: y/Enter discards them, n/Escape stays."""

    BINDINGS = answer_bindings("discard", "Discard", "Keep editing")
    BOX_ID = "discard-box"
    YES_WORDS = "discard"
    NO_WORDS = "keep editing"

    def __init__(self) -> None:
        super().__init__("Discard your changes?", [("They are not saved.", None)])
