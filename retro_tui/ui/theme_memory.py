"""The theme the runner picks (ctrl+p, "Change theme") is remembered: the `theme` setting.

Textual's own theme picker sets `App.theme`; the app calls `remember` on
every change and this saves the name to the config file on a thread (the
same write the settings screen uses, so the file's other keys and comments
stay), and `apply` sets the saved one at start, falling back to Textual's
default for a name this Textual does not know.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any


def apply(app: Any) -> None:
    theme = app.config.settings.theme
    if theme in app.available_themes:
        app.theme = theme


def remember(app: Any, theme: str) -> None:
    """Save `theme` unless it is what the settings say already (or the app is a test's)."""
    config = app.config
    if theme == config.settings.theme or (app.is_headless and config.source is None):
        return  # a headless app (a test) never writes the runner's own file
    app.config = config.__class__(
        config.settings.with_values(theme=theme),
        config.workouts,
        config.source,
        config.default_path,
    )
    threading.Thread(target=_save, args=(app, theme, config), daemon=True).start()


def _save(app: Any, theme: str, config: Any) -> None:
    from retro_tui.core.config import load_config, user_config_path
    from retro_tui.core.config_write import write_user_settings

    target = config.source if config.source is not None else user_config_path()
    try:
        settings = load_config(config.source, config.default_path).settings
        write_user_settings(
            target, settings.with_values(theme=theme), shipped=load_config().settings
        )
    except Exception as err:  # never a traceback: the theme is only not remembered
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(
                app.notify, f"The theme could not be saved to {target}: {err}", severity="warning"
            )
