"""The sound a runner hears at the track (PRODUCT.md §3, §4, §7).

Clips reach a recording player (in process, and end to end through aplay
into an ALSA file PCM): the shoulder cue is louder on its side, the other
side with `stereo = "swapped"`, equal with `"mono"`. Every planned phrase is
joined from clips, so a recording TTS engine hears only the notes. A split's
clip words say its lap times; time-left cues are in every output; an audio
drop is logged; bad settings are refused by `retro-tui check`.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
import tomllib
import wave
from pathlib import Path

import pytest

from retro_tui.audio import clips, wavs
from retro_tui.audio.chain import AudioChain, build_audio
from retro_tui.audio.player import Playsound3Player
from retro_tui.audio.sound_check import play_sound_check
from retro_tui.audio.tts import TtsEngine
from retro_tui.coach.live import LiveSession
from retro_tui.core.config import load_config
from retro_tui.core.phrases import note_text
from retro_tui.core.resources import sounds_dir
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, TimelineStep, compile_timeline
from tools import FakeClock, require_tool

SOUNDS = sounds_dir()
ROOT = Path(__file__).resolve().parents[1]
STEP = TimelineStep(0, "run", "backward", 0.0, 60.0, None, None, None, "")
WORDS = {
    e["file"]: e["text"]
    for e in tomllib.loads((SOUNDS / "phrases.toml").read_text(encoding="utf-8"))["clip"]
}


class _Done:
    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def poll(self) -> int | None:
        return 0 if time.monotonic() >= self.until else None

    def stop(self) -> None:
        self.until = 0.0


class RecordingPlayer:
    """Keeps the PCM of every file it is handed, as it was at that moment."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.played: list[tuple[Path, wavs.Pcm]] = []
        self.lock = threading.Lock()

    def __call__(self, path: Path) -> _Done:
        pcm = wavs.read_wav(path)
        with self.lock:
            self.played.append((path, pcm))
        return _Done(self.seconds)


class RecordingTts(TtsEngine):
    def __init__(self) -> None:
        super().__init__("recording-tts", "recording-tts", "espeak")
        self.texts: list[str] = []

    def render(self, text: str, out: Path) -> None:
        self.texts.append(text)
        shutil.copy(SOUNDS / "go.wav", out)


def _side_gap_db(pcm: wavs.Pcm) -> float:
    """RMS of the left channel over the right, in dB."""
    assert pcm.channels == 2
    return wavs.dbfs(wavs.rms(pcm.channel(0))) - wavs.dbfs(wavs.rms(pcm.channel(1)))


def _shoulder(side: str) -> Cue:
    return Cue(5.0, "shoulder", f"Check over your {side} shoulder", 0, side)


# --- stereo: what reaches the player ---------------------------------------------


@pytest.mark.parametrize("stereo", ["normal", "swapped", "mono"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_the_shoulder_clip_reaching_the_player_follows_the_stereo_setting(
    side: str, stereo: str
) -> None:
    player = RecordingPlayer()
    audio = build_audio(Settings(stereo=stereo), player=player, tts=None)
    assert isinstance(audio, AudioChain)
    try:
        audio.cue(_shoulder(side), STEP)
        assert audio.wait_idle(5)
    finally:
        audio.close()
    ((_path, pcm),) = player.played
    gap = _side_gap_db(pcm)
    heard_on = side if stereo == "normal" else ("right" if side == "left" else "left")
    if stereo == "mono":
        assert abs(gap) < 0.1
        assert pcm.channel(0) == pcm.channel(1)
    elif heard_on == "left":
        assert gap >= 12.0
    else:
        assert gap <= -12.0


def test_stereo_is_applied_to_every_clip_and_set_stereo_swaps_from_then_on() -> None:
    player = RecordingPlayer()
    chain = AudioChain("speech", player=player, tts=None, stereo="mono")
    try:
        chain.cue(Cue(1.0, "halfway", "Halfway", 0), STEP)  # a mono clip: played as it is
        chain.cue(_shoulder("left"), STEP)
        assert chain.wait_idle(5)
        chain.set_stereo("swapped")
        chain.cue(_shoulder("left"), STEP)
        assert chain.wait_idle(5)
    finally:
        chain.close()
    (halfway, mono_clip), (_, merged), (_, swapped) = player.played
    assert halfway == SOUNDS / "halfway.wav" and mono_clip.channels == 1
    assert abs(_side_gap_db(merged)) < 0.1
    assert _side_gap_db(swapped) <= -12.0


def _split_channels(raw: bytes) -> wavs.Pcm:
    from array import array

    samples = array("h")
    samples.frombytes(raw[: len(raw) // 4 * 4])
    if sys.byteorder == "big":
        samples.byteswap()
    return wavs.Pcm(wavs.SAMPLE_RATE, 2, samples)


def _capture(path: Path, at_least: int, timeout: float = 5.0) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size >= at_least:
            time.sleep(0.05)
            return path.read_bytes()
        time.sleep(0.01)
    return path.read_bytes() if path.exists() else b""


@pytest.fixture
def alsa_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_tool("aplay")
    cap = tmp_path / "cap.raw"
    (tmp_path / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "| cat >> {cap}"; format "raw" }}\n'
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    return cap


@pytest.mark.parametrize("stereo", ["normal", "swapped", "mono"])
def test_through_aplay_the_left_check_is_heard_where_the_setting_says(
    alsa_home: Path, stereo: str
) -> None:
    chain = AudioChain("speech", player=Playsound3Player(backend="alsa"), tts=None, stereo=stereo)
    try:
        chain.cue(_shoulder("left"), STEP)
        assert chain.wait_idle(10)
    finally:
        chain.close()
    size = wavs.read_wav(SOUNDS / "shoulder-left.wav").frames * 4
    captured = _split_channels(_capture(alsa_home, size)[:size])
    assert captured.frames * 4 == size
    gap = _side_gap_db(captured)
    assert {"normal": gap >= 12.0, "swapped": gap <= -12.0, "mono": abs(gap) < 0.1}[stereo]


def test_the_sound_check_plays_left_then_right_on_their_sides(alsa_home: Path) -> None:
    results = play_sound_check(Playsound3Player(backend="alsa"), sleep=lambda _s: None)
    assert [(side, r.ok) for side, r in results] == [("left", True), ("right", True)]
    left = wavs.read_wav(SOUNDS / "sound-check-left.wav").frames * 4
    right = wavs.read_wav(SOUNDS / "sound-check-right.wav").frames * 4
    raw = _capture(alsa_home, left + right)
    assert _side_gap_db(_split_channels(raw[:left])) >= 12.0
    # aplay pads each clip with silence: the second's bytes follow, as the file has them.
    with wave.open(str(SOUNDS / "sound-check-right.wav"), "rb") as w:
        second = w.readframes(w.getnframes())
    at = raw.find(second, left)
    assert at >= left and not raw[left:at].strip(b"\x00")
    assert _side_gap_db(_split_channels(raw[at : at + right])) <= -12.0


def test_the_sound_check_swapped_trades_the_sides() -> None:
    player = RecordingPlayer()
    results = play_sound_check(player, stereo="swapped", sleep=lambda _s: None)
    assert all(r.ok for _, r in results)
    (_, first), (_, second) = player.played
    assert _side_gap_db(first) <= -12.0 and _side_gap_db(second) >= 12.0


def test_doctor_sound_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import io

    from retro_tui.cli import build_parser
    from retro_tui.commands import doctor

    player = RecordingPlayer()
    monkeypatch.setattr(doctor, "make_player", lambda: player)
    config = tmp_path / "c.toml"
    config.write_text('[settings]\nstereo = "swapped"\n', encoding="utf-8")
    out = io.StringIO()
    args = build_parser().parse_args(["doctor", "--sound-check", "--config", str(config)])
    assert doctor.cmd_doctor(args, out=out) == 0
    assert [p.name for p, _ in player.played] == ["sound-check-left.wav", "sound-check-right.wav"]
    assert _side_gap_db(player.played[0][1]) <= -12.0  # swapped, as the file says
    text = out.getvalue()
    assert 'stereo = "swapped"' in text and 'stereo = "normal"' in text  # the way back


# --- the voice: every planned phrase from clips, only notes to the OS engine ------


def _drive(
    live: LiveSession, clock: FakeClock, audio: AudioChain, laps: dict[int, float]
) -> list[Cue]:
    """Run the session to its end; `laps`: step index -> seconds into it to press lap.
    Returns the cues fired."""
    fired: list[Cue] = []
    live.add_listener(
        lambda events, _source: fired.extend(
            e.cue for e in events if e.kind == "cue" and e.cue is not None and not e.dropped
        )
    )
    live.start()
    lapped: set[int] = set()
    while not live.engine.is_over:
        step = live.engine.current_step
        if step is not None and step.index in laps and step.index not in lapped:
            clock.advance(laps[step.index])
            live.update()
            live.act("lap")
            lapped.add(step.index)
        else:
            due = live.engine.next_due_in()
            clock.advance((due if due is not None else 1.0) + 0.001)
            live.update()
        assert audio.wait_idle(5)
    return fired


def test_no_planned_phrase_reaches_the_os_engine() -> None:
    config = load_config()
    settings = config.settings.with_values(get_ready=0.0)
    timeline = compile_timeline(config.workouts["ladder"], settings)
    tts, player = RecordingTts(), RecordingPlayer()
    audio = AudioChain("speech", player=player, tts=tts)
    clock = FakeClock()
    live = LiveSession(timeline, settings, audio=audio, clock=clock)
    try:
        _drive(live, clock, audio, laps={2: 20.0})
    finally:
        live.close()
    notes = {note_text(s.note) for s in timeline.steps if s.note}
    assert notes and set(tts.texts) == notes  # each note once (then cached), nothing else
    planned = {c.text for c in timeline.cues}
    assert not planned & set(tts.texts)
    kinds = {c.kind for c in timeline.cues}
    assert {"time_left", "step_start", "shoulder", "form"} <= kinds
    assert live.cue_counts["split"] == 1


def _number(words: list[str]) -> int:
    """ "one hundred", "twenty eight", "two thousand five hundred" -> int."""
    values = {text: n for n, text in clips.NUMBER_WORDS.items()}
    total = current = 0
    for word in words:
        if word == "hundred":
            current *= 100
        elif word == "thousand":
            total, current = total + current * 1000, 0
        else:
            current += values[word]
    return total + current


def _said(cue: Cue, step: TimelineStep) -> list[str]:
    """The words of the clips a cue is played as."""
    plan = clips.speech_plan(cue, step)
    assert plan.tts_text is None and all((SOUNDS / f).is_file() for f in plan.files)
    words = []
    for i, name in enumerate(plan.files):
        words += WORDS[name].lower().split()
        if i in plan.pauses_after:
            words.append(",")  # a pause: heard as one
    return words


def _groups(words: list[str]) -> list[tuple[int, str]]:
    """(number, the word after it): "one hundred metres , twenty eight seconds" ->
    [(100, "metres"), (28, "seconds")]; a pause (",") ends a number too."""
    numbers = {*clips.NUMBER_WORDS.values(), "hundred", "thousand"}
    out: list[tuple[int, str]] = []
    run: list[str] = []
    for word in words:
        if word in numbers:
            run.append(word)
        elif run:
            out.append((_number(run), "" if word == "," else word))
            run = []
    if run:
        out.append((_number(run), ""))
    return out


@pytest.mark.parametrize(
    ("first", "second"), [(28.0, 27.2), (31.4, 33.9), (29.0, 29.3), (65.0, 125.6)]
)
def test_a_distance_split_says_its_lap_times(first: float, second: float) -> None:
    config = load_config()
    settings = config.settings.with_values(get_ready=0.0, pace_per_100m=180.0)
    timeline = compile_timeline(config.workouts["repeats-100m"], settings)
    distance_steps = [s.index for s in timeline.steps if s.distance_m is not None]
    player = RecordingPlayer()
    audio = AudioChain("speech", player=player, tts=None)
    clock = FakeClock()
    live = LiveSession(timeline, settings, audio=audio, clock=clock)
    try:
        fired = _drive(
            live, clock, audio, laps={distance_steps[0]: first, distance_steps[1]: second}
        )
    finally:
        live.close()
    splits = [c for c in fired if c.kind == "split"]
    assert len(splits) == 2
    one, two = (_said(c, timeline.steps[c.step]) for c in splits)

    def spoken(seconds: float) -> list[tuple[int, str]]:
        whole = int(seconds + 0.5)
        m, s = divmod(whole, 60)
        if not m:
            return [(s, "second" if s == 1 else "seconds")]
        return [(m, "minute" if m == 1 else "minutes")] + ([(s, "")] if s else [])

    metres = int(timeline.steps[distance_steps[0]].distance_m or 0)
    assert _groups(one) == [(metres, "metres"), *spoken(first)]
    diff = second - first
    if abs(diff) < 0.5:
        assert one != two and " ".join(two).endswith(", same as last time")
        assert _groups(two) == [(metres, "metres"), *spoken(second)]
    else:
        n = max(1, int(abs(diff) + 0.5))
        said = _groups(two)
        assert said[:-1] == [(metres, "metres"), *spoken(second)][: len(said) - 1]
        assert said[-1] == (n, "second" if n == 1 else "seconds")
        assert two[-1] == ("slower" if diff > 0 else "faster")
        assert two[two.index("metres") + 1] == ","  # said apart: "100 metres, 28 seconds"


def test_a_time_step_lap_says_lap_number_and_time() -> None:
    config = load_config()
    settings = config.settings.with_values(get_ready=0.0)
    timeline = compile_timeline(config.workouts["repeats-100m"], settings)
    audio = AudioChain("speech", player=RecordingPlayer(), tts=None)
    clock = FakeClock()
    live = LiveSession(timeline, settings, audio=audio, clock=clock)
    live.start()
    try:
        clock.advance(65.4)  # in the warm-up, a time step
        live.update()
        (split,) = [e.cue for e in live.act("lap") if e.cue is not None]
        clock.advance(58.0)
        live.update()
        (again,) = [e.cue for e in live.act("lap") if e.cue is not None]
    finally:
        live.close()
    step = timeline.steps[0]
    assert _said(split, step) == ["lap", "one", ",", "one", "minute", "five"]
    assert _said(again, step) == ["lap", "two", ",", "fifty", "eight", "seconds"]


def test_every_time_left_amount_is_said_from_clips() -> None:
    for amount, words in [
        (60.0, "one minute left"),
        (30.0, "thirty seconds left"),
        (90.0, "one minute thirty seconds left"),
        (125.0, "two minutes five seconds left"),
    ]:
        timeline = compile_timeline(
            _one_step(600), Settings(time_left=(amount,), shoulder_check_every=None)
        )
        (cue,) = [c for c in timeline.cues if c.kind == "time_left"]
        assert cue.at_s == 600 - amount
        assert " ".join(_said(cue, timeline.steps[0])) == words


def _one_step(seconds: float):  # type: ignore[no-untyped-def]
    from retro_tui.core.amounts import Amount
    from retro_tui.core.workout import Step, Workout

    return Workout("one", "One", (Step("walk", Amount(seconds=seconds), "backward"),))
