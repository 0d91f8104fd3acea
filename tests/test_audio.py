"""The audio chain with a recording fake player: files, fallback, modes, timing."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from retro_tui.audio import clips, wavs
from retro_tui.audio.base import VisualOnly
from retro_tui.audio.chain import AudioChain, build_audio
from retro_tui.audio.player import PlaybackError
from retro_tui.audio.tts import TtsEngine, TtsError
from retro_tui.core.config import load_config
from retro_tui.core.phrases import FORM_PHRASES, note_text
from retro_tui.core.resources import default_config_path, sounds_dir
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, Timeline, TimelineStep, compile_timeline

SOUNDS = sounds_dir()


class FakeHandle:
    def __init__(self, player: FakePlayer, name: str, duration: float, rc: int) -> None:
        self.player, self.name, self.duration, self.rc = player, name, duration, rc
        self.start = time.monotonic()
        self.end: float | None = None
        self.stopped = False

    def poll(self) -> int | None:
        if self.stopped:
            return -15
        if time.monotonic() - self.start >= self.duration:
            if self.end is None:
                self.end = self.start + self.duration
            return self.rc
        return None

    def stop(self) -> None:
        if self.end is None:
            self.end = time.monotonic()
            self.stopped = True


class FakePlayer:
    """Records every clip started: (file name, handle); fails on demand."""

    def __init__(
        self,
        duration: float = 0.0,
        rc: int = 0,
        raises: bool = False,
        fail_if: str | None = None,
        durations: dict[str, float] | None = None,
    ) -> None:
        self.duration, self.rc, self.raises, self.fail_if = duration, rc, raises, fail_if
        self.durations = durations or {}
        self.handles: list[FakeHandle] = []
        self.paths: list[Path] = []
        self.lock = threading.Lock()

    def __call__(self, path: Path) -> FakeHandle:
        failing = self.fail_if is None or self.fail_if in path.name or path.parent != SOUNDS
        if self.raises and failing:
            raise PlaybackError("no backend")
        rc = self.rc if failing else 0
        handle = FakeHandle(self, path.name, self.durations.get(path.name, self.duration), rc)
        with self.lock:
            self.handles.append(handle)
            self.paths.append(path)
        return handle

    @property
    def names(self) -> list[str]:
        return [h.name for h in self.handles]


class FakeTts(TtsEngine):
    def __init__(self, fail: bool = False) -> None:
        super().__init__("fake-tts", "fake-tts", "espeak")
        self.texts: list[str] = []
        self.fail = fail

    def render(self, text: str, out: Path) -> None:
        self.texts.append(text)
        if self.fail:
            raise TtsError("fake-tts exited 1")
        shutil.copy(SOUNDS / "go.wav", out)


def _ladder() -> Timeline:
    config = load_config(default_config_path())
    return compile_timeline(config.workouts["ladder"], config.settings)


def _step(**kw: object) -> TimelineStep:
    values: dict[str, object] = dict(
        index=0,
        kind="run",
        direction="backward",
        start_s=0.0,
        duration_s=30.0,
        distance_m=None,
        round=None,
        rounds=None,
        note="",
    )
    values.update(kw)
    return TimelineStep(**values)  # type: ignore[arg-type]


def _chain(player: FakePlayer, voice: str = "speech", **kw: object) -> AudioChain:
    kw.setdefault("tts", None)
    return AudioChain(voice, player=player, **kw)  # type: ignore[arg-type]


def _feed(chain: AudioChain, timeline: Timeline, late_s: float = 0.0) -> None:
    for cue in timeline.cues:
        chain.cue(cue, timeline.steps[cue.step], late_s)
        assert chain.wait_idle(5)


def test_right_file_for_every_cue_kind_and_side() -> None:
    timeline = _ladder()
    player = FakePlayer()
    chain = _chain(player)
    try:
        kinds = set()
        for cue in timeline.cues:
            step = timeline.steps[cue.step]
            before = len(player.paths)
            chain.cue(cue, step)
            assert chain.wait_idle(5)
            assert len(player.paths) == before + 1, cue
            path = player.paths[-1]
            kinds.add(cue.kind)
            if cue.kind == "shoulder":
                assert path == SOUNDS / f"shoulder-{cue.side}.wav"
            elif cue.kind == "countdown":
                assert path == SOUNDS / "beep-pip.wav"  # beeps in every voice (§4)
            elif cue.kind == "form":
                assert path == SOUNDS / f"form-{FORM_PHRASES.index(cue.text) + 1}.wav"
            elif cue.kind == "halfway":
                assert path == SOUNDS / "halfway.wav"
            elif cue.kind == "finish":
                assert path == SOUNDS / "done.wav"
            else:
                assert cue.kind in ("step_start", "time_left")
                # Joined from word clips, one file, one player process.
                files = (
                    clips.announcement_files(step)
                    if cue.kind == "step_start"
                    else clips.phrase_files(cue.text) or []
                )
                assert path.parent != SOUNDS and len(files) >= 3
                parts = [wavs.read_wav(SOUNDS / f) for f in files]
                lead = int(wavs.LEAD_SILENCE_S * wavs.SAMPLE_RATE)
                gap = int(0.06 * wavs.SAMPLE_RATE)
                expected = sum(p.frames for p in parts) - (len(parts) - 1) * (lead - gap)
                assert wavs.read_wav(path).frames == expected
        assert kinds == {
            "step_start",
            "countdown",
            "shoulder",
            "form",
            "halfway",
            "time_left",
            "finish",
        }
        sides = [p.name for p in player.paths if p.name.startswith("shoulder-")]
        assert "shoulder-left.wav" in sides and "shoulder-right.wav" in sides
        assert chain.notices == [] and chain.level == "speech"
    finally:
        chain.close()


def test_announcement_clips_say_the_step() -> None:
    step = _step(round=3, rounds=8, duration_s=90.0)
    assert clips.announcement_files(step) == [
        "word-repeat.wav",
        "num-3.wav",
        "word-of.wav",
        "num-8.wav",
        "label-run-backwards.wav",
        "num-1.wav",
        "word-minute.wav",
        "num-30.wav",
        "word-seconds.wav",
    ]
    assert clips.announcement_files(_step(kind="rest", direction="forward", duration_s=45.0)) == [
        "label-rest.wav",
        "num-40.wav",
        "num-5.wav",
        "word-seconds.wav",
    ]
    assert clips.amount_files(_step(distance_m=250.0)) == [
        "num-2.wav",
        "word-hundred.wav",
        "num-50.wav",
        "word-metres.wav",
    ]
    assert clips.amount_files(_step(distance_m=1500.0)) == [
        "num-1.wav",
        "word-point.wav",
        "num-5.wav",
        "word-kilometres.wav",
    ]
    assert clips.amount_files(_step(kind="warmup", direction="forward", duration_s=300.0)) == [
        "num-5.wav",
        "word-minutes.wav",
    ]
    assert clips.number_files(1999) == [
        "num-1.wav",
        "word-thousand.wav",
        "num-9.wav",
        "word-hundred.wav",
        "num-90.wav",
        "num-9.wav",
    ]


def test_beeps_mode_plays_one_beep_per_cue_kind() -> None:
    timeline = _ladder()
    player = FakePlayer()
    chain = _chain(player, "beeps")
    try:
        _feed(chain, timeline)
        expected = [clips.beep_file(c) for c in timeline.cues]
        assert player.names == expected
        assert set(expected) == {
            clips.BEEP_LONG,
            clips.BEEP_PIP,
            clips.BEEP_DOUBLE,
            clips.BEEP_SHORT,
            clips.BEEP_FINISH,
        }
        assert chain.level == "beeps"
    finally:
        chain.close()


def test_the_clips_say_the_announcement_and_live_tts_only_its_note() -> None:
    tts = FakeTts()
    player = FakePlayer()
    chain = _chain(player, tts=tts)
    step = _step(round=2, rounds=6, distance_m=100.0, duration_s=50.0, note="Soft landing")
    cue = Cue(0.0, "step_start", "Repeat 2 of 6. Run backwards, 100 metres. Soft landing.", 0)
    try:
        chain.cue(cue, step)
        chain.cue(Cue(5.0, "shoulder", "Check over your left shoulder", 0, "left"), step)
        assert chain.wait_idle(5)
        assert tts.texts == ["Soft landing."]  # the free text only: the rest is clips
        joined = wavs.read_wav(player.paths[0])
        parts = [wavs.read_wav(SOUNDS / f) for f in clips.announcement_files(step)]
        assert abs(joined.duration_s - sum(p.duration_s for p in parts)) < 0.2 * len(parts)
        assert player.paths[1].parent != SOUNDS  # the note, after the clips
        assert player.names[2] == "shoulder-left.wav"
        chain.cue(cue, step)  # rendered once, then cached
        assert chain.wait_idle(5)
        assert tts.texts == ["Soft landing."] and player.paths[3:5] == player.paths[0:2]
    finally:
        chain.close()


def test_failing_tts_leaves_the_note_shown_only_with_one_notice() -> None:
    notices: list[str] = []
    player = FakePlayer()
    chain = _chain(player, tts=FakeTts(fail=True), on_notice=notices.append)
    step = _step(round=1, rounds=2, note="Walk back")
    try:
        for _ in range(3):
            text = "Repeat 1 of 2. Run backwards, 30 seconds. Walk back."
            chain.cue(Cue(0.0, "step_start", text, 0), step)
            assert chain.wait_idle(5)
        assert len(player.paths) == 3  # the clips, each time; the note is not said
        assert len(notices) == 1 and "notes are shown only" in notices[0]
        assert chain.level == "speech"
    finally:
        chain.close()


@pytest.mark.parametrize("failure", [{"raises": True}, {"rc": 1}], ids=["raises", "exit-1"])
def test_failing_player_degrades_to_bell_with_one_notice(failure: dict[str, object]) -> None:
    notices: list[str] = []
    bells: list[float] = []
    player = FakePlayer(**failure)  # type: ignore[arg-type]
    chain = _chain(player, on_notice=notices.append, bell=lambda: bells.append(time.monotonic()))
    timeline = _ladder()
    try:
        _feed(chain, timeline)
        assert chain.level == "bell"
        assert len(notices) == 1, notices
        assert "terminal bell" in notices[0]
        assert ("exited with status 1" in notices[0]) == ("rc" in failure)
        assert len(bells) == len(timeline.cues)  # every cue still rings
    finally:
        chain.close()


@pytest.mark.parametrize("failure", [{"raises": True}, {"rc": 1}], ids=["raises", "exit-1"])
def test_speech_failing_but_beeps_working_falls_back_to_beeps(failure: dict[str, object]) -> None:
    notices: list[str] = []
    player = FakePlayer(fail_if="shoulder", **failure)  # type: ignore[arg-type]
    chain = _chain(player, on_notice=notices.append)
    step = _step()
    try:
        chain.cue(Cue(5.0, "shoulder", "Check over your left shoulder", 0, "left"), step)
        chain.cue(Cue(9.0, "halfway", "Halfway", 0), step)
        assert chain.wait_idle(5)
        assert chain.level == "beeps"
        assert len(notices) == 1 and "beeps" in notices[0]
        played = [h.name for h in player.handles if h.rc == 0]
        assert played == [clips.BEEP_DOUBLE, clips.BEEP_SHORT]
    finally:
        chain.close()


def test_no_sound_device_session_runs_to_the_end_visual_with_one_notice() -> None:
    """The whole ladder, a player that always fails, no bell: visual, one notice."""
    notices: list[str] = []
    player = FakePlayer(rc=1)
    audio = build_audio(Settings(), on_notice=notices.append, player=player, tts=None)
    timeline = _ladder()
    try:
        for cue in timeline.cues:
            audio.cue(cue, timeline.steps[cue.step], 0.0)  # never raises
        assert isinstance(audio, AudioChain) and audio.wait_idle(10)
        assert audio.level == "visual"
        assert len(notices) == 1 and "shown on screen only" in notices[0]
        # Once visual, cues are not even tried: only the first one touched the player.
        assert len(player.handles) <= 2
    finally:
        audio.close()


def test_player_that_cannot_load_degrades_before_the_first_cue() -> None:
    class Unloadable(FakePlayer):
        def warm(self) -> None:
            raise PlaybackError("no audio backend")

    notices: list[str] = []
    chain = _chain(Unloadable(), on_notice=notices.append, bell=lambda: None)
    try:
        assert chain.wait_idle(5)
        deadline = time.monotonic() + 5
        while not notices and time.monotonic() < deadline:
            time.sleep(0.01)
        assert chain.level == "bell" and len(notices) == 1 and "no audio backend" in notices[0]
    finally:
        chain.close()


def test_bell_that_raises_goes_visual_with_one_notice() -> None:
    notices: list[str] = []

    def bell() -> None:
        raise OSError("not a terminal")

    chain = _chain(FakePlayer(rc=1), on_notice=notices.append, bell=bell)
    try:
        _feed(chain, _ladder())
        assert chain.level == "visual"
        assert len(notices) == 2  # no sound -> bell, then bell -> visual: two degradations
        assert "not a terminal" in notices[1]
    finally:
        chain.close()


def test_voice_off_is_visual_only() -> None:
    audio = build_audio(Settings(voice="off"), player=FakePlayer())
    assert isinstance(audio, VisualOnly) and audio.level == "visual"
    audio.cue(Cue(0.0, "halfway", "Halfway", 0), _step())
    audio.set_muted(True)
    audio.close()


def test_mute_silences_and_unmute_restores() -> None:
    player = FakePlayer()
    chain = _chain(player, muted=True)
    step = _step()
    halfway = Cue(15.0, "halfway", "Halfway", 0)
    try:
        chain.cue(halfway, step)
        assert chain.wait_idle(5) and player.handles == []
        assert chain.level == "visual" and chain.muted
        chain.set_muted(False)
        assert chain.level == "speech"
        chain.cue(halfway, step)
        assert chain.wait_idle(5) and player.names == ["halfway.wav"]
    finally:
        chain.close()


def test_mute_stops_the_clip_playing_and_clears_the_queue() -> None:
    player = FakePlayer(duration=5.0)
    chain = _chain(player)
    step = _step()
    try:
        chain.cue(Cue(15.0, "halfway", "Halfway", 0), step)
        chain.cue(Cue(16.0, "form", FORM_PHRASES[0], 0, phrase=0), step)
        time.sleep(0.05)
        t0 = time.monotonic()
        chain.set_muted(True)
        assert chain.wait_idle(2)
        assert time.monotonic() - t0 < 0.5
        assert player.names == ["halfway.wav"] and player.handles[0].stopped
    finally:
        chain.close()


def test_stale_cues_are_dropped_not_queued() -> None:
    player = FakePlayer(durations={"halfway.wav": 0.4})
    chain = _chain(player)
    step = _step()
    try:
        chain.cue(
            Cue(5.0, "shoulder", "Check over your left shoulder", 0, "left"), step, late_s=1.5
        )
        assert chain.wait_idle(5)
        assert player.handles == [] and chain.dropped == 1
        # In time when handed over, but queued behind a 0.4 s clip: > 1 s late by its turn.
        chain.cue(Cue(15.0, "halfway", "Halfway", 0), step)
        chain.cue(Cue(16.0, "form", FORM_PHRASES[1], 0, phrase=1), step, late_s=0.7)
        chain.cue(Cue(17.0, "form", FORM_PHRASES[2], 0, phrase=2), step, late_s=0.2)
        assert chain.wait_idle(5)
        assert player.names == ["halfway.wav", "form-3.wav"] and chain.dropped == 2
        assert chain.notices == []
    finally:
        chain.close()


def test_cues_never_overlap() -> None:
    player = FakePlayer(duration=0.05)
    chain = _chain(player)
    step = _step()
    try:
        for i, phrase in enumerate(FORM_PHRASES):
            chain.cue(Cue(float(i), "form", phrase, 0, phrase=i), step)
        chain.cue(Cue(6.0, "halfway", "Halfway", 0), step)
        assert chain.wait_idle(5)
        assert player.names == [f"form-{i}.wav" for i in range(1, 6)] + ["halfway.wav"]
        for a, b in zip(player.handles, player.handles[1:], strict=False):
            assert a.end is not None and b.start >= a.end, "a cue started over another"
    finally:
        chain.close()


def test_countdown_cuts_in_on_a_long_clip() -> None:
    player = FakePlayer(durations={"form-5.wav": 3.0, "beep-pip.wav": 0.05})
    chain = _chain(player)
    step = _step()
    try:
        chain.cue(Cue(20.0, "form", FORM_PHRASES[4], 0, phrase=4), step)
        chain.cue(Cue(21.0, "halfway", "Halfway", 0), step)  # waits its turn
        time.sleep(0.1)
        chain.cue(Cue(27.0, "countdown", "3", 0), step)
        chain.cue(Cue(28.0, "countdown", "2", 0), step)
        assert chain.wait_idle(5)
        assert player.names == ["form-5.wav", "beep-pip.wav", "beep-pip.wav", "halfway.wav"]
        form, three = player.handles[0], player.handles[1]
        assert form.stopped and form.end is not None and three.start >= form.end
        assert three.start - form.start < 0.5  # cut in, did not wait 3 s
        assert not three.stopped  # a countdown is not cut by the next one
    finally:
        chain.close()


def test_cue_never_raises_and_close_is_idempotent() -> None:
    def bad_notice(message: str) -> None:
        raise RuntimeError("handler broke")

    chain = _chain(FakePlayer(raises=True), on_notice=bad_notice)
    step = _step()
    chain.cue(Cue(1.0, "halfway", "Halfway", 0), step)
    assert chain.wait_idle(5)
    assert chain.level == "visual"
    chain.close()
    chain.close()
    chain.cue(Cue(2.0, "halfway", "Halfway", 0), step)  # after close: ignored


def test_missing_sounds_folder_degrades_at_once(tmp_path: Path) -> None:
    notices: list[str] = []
    chain = _chain(FakePlayer(), sounds=tmp_path, on_notice=notices.append, bell=lambda: None)
    try:
        assert chain.level == "bell" and len(notices) == 1 and str(tmp_path) in notices[0]
    finally:
        chain.close()


def test_close_removes_rendered_files() -> None:
    player = FakePlayer()
    chain = _chain(player)
    chain.cue(
        Cue(0.0, "step_start", "Repeat 1 of 2. Run backwards, 30 seconds.", 0),
        _step(round=1, rounds=2),
    )
    assert chain.wait_idle(5)
    joined = player.paths[0]
    assert joined.exists()
    chain.close()
    assert not joined.exists()


def test_prepare_renders_announcements_ahead() -> None:
    tts = FakeTts()
    timeline = _ladder()
    chain = _chain(FakePlayer(), tts=tts)
    try:
        chain.prepare(timeline.steps, timeline.cues)
        deadline = time.monotonic() + 5
        starts = {
            note_text(timeline.steps[c.step].note)
            for c in timeline.cues
            if c.kind == "step_start" and timeline.steps[c.step].note
        }
        while set(tts.texts) != starts and time.monotonic() < deadline:
            time.sleep(0.01)
        assert set(tts.texts) == starts
    finally:
        chain.close()


def test_no_textual_import_under_audio() -> None:
    audio_dir = Path(__file__).resolve().parents[1] / "retro_tui" / "audio"
    for path in audio_dir.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "textual" for n in names), path
    code = (
        "import sys, retro_tui.audio.chain, retro_tui.audio.player, retro_tui.audio.tts; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_audio_code_never_prints() -> None:
    audio_dir = Path(__file__).resolve().parents[1] / "retro_tui" / "audio"
    for path in audio_dir.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "input"), f"{path.name}:{node.lineno}"


def test_live_session_with_no_sound_device_runs_to_the_end_with_one_notice() -> None:
    """The real session engine drives the chain over a fake clock; the player always fails."""
    from retro_tui.coach.live import LiveSession

    config = load_config(default_config_path())
    timeline = compile_timeline(config.workouts["ladder"], config.settings)
    notices: list[str] = []
    player = FakePlayer(rc=1)
    audio = build_audio(config.settings, on_notice=notices.append, player=player, tts=None)
    now = [0.0]
    live = LiveSession(timeline, config.settings, audio=audio, clock=lambda: now[0])
    live.start()
    while not live.engine.is_over:
        now[0] += 0.9
        live.update()
    assert isinstance(audio, AudioChain) and audio.wait_idle(10)
    summary = live.close()
    assert summary.status == "completed"
    assert sum(summary.cue_counts.values()) == len(timeline.cues)
    assert audio.level == "visual"
    assert len(notices) == 1 and "No sound" in notices[0], notices
