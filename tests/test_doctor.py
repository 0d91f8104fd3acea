"""`retro-tui doctor`: paths, the audio chain, a test cue per level, exit 0 with no sound."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from retro_tui.audio import clips
from retro_tui.audio.player import PlaybackError, Playsound3Player
from retro_tui.cli import build_parser, main
from retro_tui.commands import doctor
from tools import require_tool


class Handle:
    def __init__(self, rc: int) -> None:
        self.rc = rc

    def poll(self) -> int:
        return self.rc

    def stop(self) -> None:
        pass


class Player:
    def __init__(self, rc: int = 0) -> None:
        self.rc = rc
        self.played: list[str] = []

    def __call__(self, path: Path) -> Handle:
        self.played.append(path.name)
        return Handle(self.rc)


def _run(argv: list[str], bell: object = None) -> tuple[int, str]:
    out = io.StringIO()
    rc = doctor.cmd_doctor(build_parser().parse_args(argv), out=out, bell=bell)  # type: ignore[arg-type]
    return rc, out.getvalue()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_doctor_reports_paths_chain_and_speech(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    player = Player(rc=0)
    monkeypatch.setattr(doctor, "make_player", lambda: player)
    monkeypatch.delenv("RETRO_TUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data_dir.parent / "xdg"))
    rc, text = _run(["doctor", "--data-dir", str(data_dir)], bell=lambda: None)
    assert rc == 0
    assert f"data dir:   {data_dir}" in text
    assert "config:     none (shipped default only)" in text
    assert f"({len(clips.FILES)} clips)" in text
    assert "speech      ok" in text and "beeps       ok" in text
    assert "A session will use: speech." in text
    assert "shoulder-left.wav" in player.played and "beep-short.wav" in player.played
    assert not data_dir.exists()  # doctor looks, it does not create


def test_doctor_with_no_sound_device_exits_0_naming_the_fallback(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setattr(doctor, "make_player", lambda: Player(rc=1))
    rc, text = _run(["doctor", "--data-dir", str(data_dir)], bell=lambda: None)
    assert rc == 0
    assert "speech      FAILED: the player exited with status 1" in text
    assert "beeps       FAILED" in text
    assert "A session will use: the terminal bell" in text


def test_doctor_with_no_player_and_no_bell_says_visual(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    class NoBackend(Playsound3Player):
        def warm(self) -> None:
            raise PlaybackError("no audio backend (playsound3 found no player program)")

    def broken_bell() -> None:
        raise OSError("no terminal")

    monkeypatch.setattr(doctor, "make_player", NoBackend)
    rc, text = _run(["doctor", "--data-dir", str(data_dir)], bell=broken_bell)
    assert rc == 0
    assert "no audio backend" in text and "skipped (no player)" in text
    assert "bell        FAILED: no terminal" in text
    assert "A session will use: visual cues only" in text


def test_doctor_honours_the_voice_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(doctor, "make_player", lambda: Player(rc=0))
    cfg = tmp_path / "c.toml"
    cfg.write_text('[settings]\nvoice = "beeps"\n')
    rc, text = _run(
        ["doctor", "--config", str(cfg), "--data-dir", str(tmp_path)], bell=lambda: None
    )
    assert rc == 0 and f"config:     {cfg}" in text and "A session will use: beeps." in text
    cfg.write_text('[settings]\nvoice = "off"\n')
    rc, text = _run(
        ["doctor", "--config", str(cfg), "--data-dir", str(tmp_path)], bell=lambda: None
    )
    assert rc == 0 and "visual cues only" in text and 'voice = "off"' in text


def test_doctor_unwritable_data_dir_exits_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    target = blocker / "data"  # under a regular file: nobody can create it, root neither
    monkeypatch.setattr(doctor, "make_player", lambda: Player(rc=0))
    rc, text = _run(["doctor", "--data-dir", str(target)], bell=lambda: None)
    assert rc == 1 and "NOT writable" in text


def test_doctor_bad_config_exits_2_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[settings]\nvoice = "loud"\n')
    assert main(["doctor", "--config", str(bad), "--data-dir", str(tmp_path)]) == 2
    assert "voice" in capsys.readouterr().err


def test_doctor_plays_real_audio_into_an_alsa_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_tool("aplay")
    cap = tmp_path / "cap.raw"
    (tmp_path / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "| cat >> {cap}"; format "raw" }}\n'
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(doctor, "make_player", lambda: Playsound3Player(backend="alsa"))
    assert main(["doctor", "--data-dir", str(tmp_path / "data")]) == 0
    text = capsys.readouterr().out
    assert "speech      ok" in text and "beeps       ok" in text, text
    assert "A session will use: speech." in text
    deadline = time.monotonic() + 5
    while (not cap.exists() or cap.stat().st_size < 10_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cap.stat().st_size >= 10_000
