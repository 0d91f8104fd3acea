"""End to end through the real playsound3 (backend alsa -> aplay) into an ALSA file PCM.

Under a temp HOME, `~/.asoundrc` makes the default PCM a `file` plugin that
appends the raw PCM of each clip played to cap.raw: what the player would
have sent to a speaker, byte for byte. No sound card needed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from retro_tui.audio.chain import AudioChain
from retro_tui.audio.player import Playsound3Player, play_through
from retro_tui.core.resources import sounds_dir
from retro_tui.core.timeline import Cue, TimelineStep
from tools import require_tool

SOUNDS = sounds_dir()
STEP = TimelineStep(0, "run", "backward", 0.0, 60.0, None, None, None, "")


def _pcm_bytes(path: Path) -> bytes:
    import wave

    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def _capture(path: Path, at_least: int, timeout: float = 5.0) -> bytes:
    """cap.raw, once the `cat` behind the pipe has written `at_least` bytes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size >= at_least:
            time.sleep(0.05)  # let the last period land
            return path.read_bytes()
        time.sleep(0.01)
    return path.read_bytes() if path.exists() else b""


def _zombie_children() -> list[int]:
    """Our child processes that have exited but were never reaped (Linux /proc)."""
    zombies = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()) and fields.get(
            "State", ""
        ).startswith("Z"):
            zombies.append(int(status.parent.name))
    return zombies


@pytest.fixture
def alsa_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_tool("aplay")
    cap = tmp_path / "cap.raw"
    (tmp_path / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "| cat >> {cap}"; format "raw" }}\n'
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    return cap


def _assert_played(captured: bytes, *played: Path) -> None:
    """The capture is each clip's PCM in turn, each padded by aplay with silence only."""
    rest = captured
    for i, clip in enumerate(played):
        pcm = _pcm_bytes(clip)
        assert rest.startswith(pcm), f"{clip.name}: its PCM is not next in the capture"
        rest = rest[len(pcm) :]
        upto = rest.find(_pcm_bytes(played[i + 1])) if i + 1 < len(played) else len(rest)
        assert upto >= 0, f"{played[i + 1].name} missing after {clip.name}"
        assert not rest[:upto].strip(b"\x00"), "only silence may follow a clip"
        rest = rest[upto:]


def test_playsound3_plays_the_clip_bytes(alsa_home: Path) -> None:
    clip = SOUNDS / "shoulder-left.wav"
    player = Playsound3Player(backend="alsa")
    result = play_through(player, clip, should_stop=lambda: False, wait=time.sleep, timeout_s=10)
    assert result.ok, result.detail
    captured = _capture(alsa_home, len(_pcm_bytes(clip)))
    _assert_played(captured, clip)


def test_chain_plays_cues_in_order_through_alsa(alsa_home: Path) -> None:
    notices: list[str] = []
    chain = AudioChain(
        "speech", player=Playsound3Player(backend="alsa"), tts=None, on_notice=notices.append
    )
    right, three = SOUNDS / "shoulder-right.wav", SOUNDS / "beep-pip.wav"
    try:
        chain.cue(Cue(5.0, "shoulder", "Check over your right shoulder", 0, "right"), STEP)
        assert chain.wait_idle(10)
        chain.cue(Cue(57.0, "countdown", "3", 0), STEP)
        assert chain.wait_idle(10)
    finally:
        chain.close()
    assert notices == [] and chain.level == "speech"
    assert _zombie_children() == [], "player processes must be reaped"
    captured = _capture(alsa_home, len(_pcm_bytes(right)) + len(_pcm_bytes(three)))
    _assert_played(captured, right, three)


def test_real_player_exit_status_degrades_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """aplay on a card that does not exist exits 1 (playsound3 itself does not raise)."""
    require_tool("aplay")
    (tmp_path / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    notices: list[str] = []
    bells: list[int] = []
    chain = AudioChain(
        "speech",
        player=Playsound3Player(backend="alsa"),
        tts=None,
        on_notice=notices.append,
        bell=lambda: bells.append(1),
    )
    try:
        for side in ("left", "right", "left"):
            chain.cue(Cue(5.0, "shoulder", f"Check over your {side} shoulder", 0, side), STEP)
            assert chain.wait_idle(10)
    finally:
        chain.close()
    assert chain.level == "bell"
    assert len(notices) == 1 and "exited with status 1" in notices[0], notices
    assert bells == [1, 1, 1]


def test_stopping_a_sound_reaps_its_process() -> None:
    """playsound3's stop() only terminates; our handle waits too, so no zombie is left."""
    import subprocess
    import types

    from retro_tui.audio.player import _SoundHandle

    proc = subprocess.Popen(["sleep", "10"])
    sound = types.SimpleNamespace(subprocess=proc, stop=proc.terminate)
    handle = _SoundHandle(sound)
    assert handle.poll() is None
    handle.stop()
    assert proc.returncode is not None
    assert proc.pid not in _zombie_children()
    handle.stop()  # twice is harmless
