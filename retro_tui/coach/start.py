"""The one place a live session is assembled, for every shell.

`start_session` compiles the workout, opens the audio chain (or what a test
gives instead), takes the session log from the app's `SessionLog`, makes the
keep-awake lock and collects the notices a runner must hear about before
the first step. The TUI, `--plain` and the remote all drive what it returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from retro_tui.coach.live import LiveSession
from retro_tui.coach.log import SessionLog
from retro_tui.coach.parts import AudioFactory, KeepAwakeFactory, chain_audio, os_keep_awake
from retro_tui.core.config import Config
from retro_tui.core.timeline import compile_timeline
from retro_tui.core.workout import Workout


def start_session(
    config: Config,
    workout: Workout,
    *,
    log: SessionLog | None,
    speed: float = 1.0,
    muted: bool = False,
    clock: Callable[[], float] = time.monotonic,
    audio_factory: AudioFactory = chain_audio,
    keep_awake_factory: KeepAwakeFactory | None = os_keep_awake,
    bell: Callable[[], None] | None = None,
    log_in_thread: bool = True,
    notices: Iterable[str] = (),
) -> LiveSession:
    """A session ready to `start()`; nothing has been logged or played yet.

    `log_in_thread=False` writes each event before the call that made it
    returns (`--plain` prints a line only once its event is safe).
    """
    settings = config.settings
    timeline = compile_timeline(workout, settings)
    store = log.store() if log is not None else None
    early: list[str] = []
    if store is None and log is not None and log.error:
        early.append(f"The session log cannot be opened ({log.error}): this session is not saved.")
    early.extend(notices)
    holder: list[LiveSession] = []

    def on_notice(text: str) -> None:  # may be called from an audio thread
        if holder:
            holder[0].notice(text)
        else:
            early.append(text)

    audio = audio_factory(
        settings, muted=muted or settings.voice == "off", on_notice=on_notice, bell=bell
    )
    session = LiveSession(
        timeline,
        settings,
        audio=audio,
        store=store,
        clock=clock,
        speed=speed,
        muted=muted,
        workout=workout,
        log_in_thread=log_in_thread,
        keep_awake=keep_awake_factory() if keep_awake_factory is not None else None,
    )
    holder.append(session)
    for text in early:
        session.notice(text)
    return session
