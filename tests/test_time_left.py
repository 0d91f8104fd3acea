"""Time-left callouts (PRODUCT.md §3 `time_left`, §4) in every output, the new
settings refused by `retro-tui check`, and an audio drop logged as dropped."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retro_tui.audio.chain import AudioChain
from retro_tui.coach.live import LiveSession
from retro_tui.core.config import load_config
from retro_tui.core.settings import Settings
from retro_tui.core.store import Store
from retro_tui.core.timeline import Cue, compile_timeline
from retro_tui.core.workout import parse_workout

CONFIG = """\
[settings]
get_ready = "off"
checklist = false
time_left = ["1min", "30s"]

[[workouts]]
id = "tl"
name = "Time left"
steps = [
  { warmup = "2min30s" },
  { run = "100m" },
  { walk = "50s" },
  { walk = "61s" },
]
"""


def _cli(*args: str, tmp: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retro_tui", *args, "--config", str(config)]
        + (["--data-dir", str(tmp / "data")] if args[0] not in ("check",) else []),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "tl.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_time_left_is_fixed_at_end_minus_each_amount_in_long_enough_time_steps() -> None:
    workout = parse_workout(
        {"id": "w", "steps": [{"warmup": "150s"}, {"run": "100m"}, {"walk": "61s"}]},
        "workouts[0]",
        400.0,
    )
    t = compile_timeline(workout, Settings(time_left=(60.0, 30.0), shoulder_check_every=None))
    got = [(c.at_s, c.step, c.text) for c in t.cues if c.kind == "time_left"]
    walk_end = t.steps[2].end_s
    assert got == [
        (90.0, 0, "1 minute left"),
        (120.0, 0, "30 seconds left"),
        (walk_end - 30, 2, "30 seconds left"),  # 61 s > 2 x 30 s; not > 2 x 60 s
    ]
    assert not any(c.kind == "time_left" for c in t.cues if c.step == 1)  # a distance step
    assert Settings().time_left == (60.0,)
    off = compile_timeline(workout, Settings(time_left=()))
    assert not any(c.kind == "time_left" for c in off.cues)


def test_time_left_in_timeline_json_plain_run_and_the_log(tmp_path: Path, config: Path) -> None:
    plan = _cli("timeline", "tl", "--json", tmp=tmp_path, config=config)
    assert plan.returncode == 0, plan.stderr
    cues = [c for c in json.loads(plan.stdout)["cues"] if c["kind"] == "time_left"]
    assert [(c["at_s"], c["text"]) for c in cues] == [
        (90, "1 minute left"),
        (120, "30 seconds left"),
        (cues[2]["at_s"], "30 seconds left"),
    ]
    table = _cli("timeline", "tl", tmp=tmp_path, config=config)
    assert "time_left" in table.stdout and "1 minute left" in table.stdout

    run = _cli("run", "tl", "--plain", "--speed", "60", "--mute", tmp=tmp_path, config=config)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if "  time_left  " in line]
    assert lines[:2] == ["01:30  time_left  1 minute left", "02:00  time_left  30 seconds left"]
    assert len(lines) == 3

    with Store.open(tmp_path / "data") as store:
        (session,) = store.list_sessions()
        detail = store.get_session(session.id)
    assert detail is not None
    logged = [(e.at_s, e.data["text"]) for e in detail.events if e.data.get("kind") == "time_left"]
    assert logged == [(c["at_s"], c["text"]) for c in cues]
    assert detail.cue_counts["time_left"] == 3


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('time_left = ["3s"]', ["under 5s", "time amounts"]),
        ('time_left = ["5 minutes"]', ["not a time amount", '"off" or []']),
        ('time_left = "1min"', ["a list of time amounts"]),
        ("time_left = 60", ["a list of time amounts"]),
        ('stereo = "left"', ['"normal" or "swapped" or "mono"']),
    ],
)
def test_bad_new_settings_are_refused_by_check(tmp_path: Path, line: str, words: list[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[settings]\ncountdown = 3\n{line}\n", encoding="utf-8")
    run = _cli("check", str(path), tmp=tmp_path, config=path)
    assert run.returncode == 2, run.stdout + run.stderr
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert str(path) in message and ":3" in message
    assert "time_left" in message or "stereo" in message
    for word in words:
        assert word in message, message


def test_good_new_settings_pass_check(tmp_path: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text('[settings]\ntime_left = ["2min", "30s"]\nstereo = "mono"\n', encoding="utf-8")
    run = _cli("check", str(path), tmp=tmp_path, config=path)
    assert run.returncode == 0, run.stderr
    config = load_config(path)
    assert config.settings.time_left == (120.0, 30.0) and config.settings.stereo == "mono"
    path.write_text("[settings]\ntime_left = []\n", encoding="utf-8")
    assert load_config(path).settings.time_left == ()
    path.write_text('[settings]\ntime_left = "off"\n', encoding="utf-8")
    assert load_config(path).settings.time_left == ()


class _SlowPlayer:
    """Every clip takes `seconds` to play."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.names: list[str] = []

    def __call__(self, path: Path):  # type: ignore[no-untyped-def]
        self.names.append(path.name)
        until = time.monotonic() + self.seconds

        class Handle:
            def poll(self) -> int | None:
                return 0 if time.monotonic() >= until else None

            def stop(self) -> None:
                pass

        return Handle()


def test_a_cue_that_would_start_over_1s_late_is_dropped_and_logged(tmp_path: Path) -> None:
    config = load_config()
    settings = config.settings.with_values(get_ready=0.0)
    timeline = compile_timeline(config.workouts["ladder"], settings)
    player = _SlowPlayer(1.3)
    audio = AudioChain("speech", player=player, tts=None)
    with Store.open(tmp_path / "data") as store:
        live = LiveSession(timeline, settings, audio=audio, store=store, log_in_thread=False)
        step = timeline.steps[0]
        live.start()  # the first step's announcement starts playing (1.3 s)
        halfway = Cue(step.start_s + 150, "halfway", "Halfway", 0)
        left = Cue(step.start_s + 151, "shoulder", "Check over your left shoulder", 0, "left")
        audio.cue(halfway, step)  # waits 1.3 s behind it: dropped
        audio.cue(left, step)
        assert audio.wait_idle(10)
        assert audio.dropped == 2 and len(player.names) == 1  # never two phrases at once
        live.close()
        detail = store.get_session(live.session_id or 0)
    assert detail is not None
    dropped = [e for e in detail.events if e.kind == "cue" and e.data.get("dropped")]
    assert [(e.at_s, e.data["kind"], e.data["reason"]) for e in dropped] == [
        (150.0, "halfway", "another cue was playing"),
        (151.0, "shoulder", "another cue was playing"),
    ]
    assert all(e.data["late_s"] > 1.0 for e in dropped)
    assert detail.dropped_cues == 2
    assert [e.cue.kind for e in live.audio_dropped if e.cue] == ["halfway", "shoulder"]


def test_time_left_and_stereo_save_and_load_back(tmp_path: Path) -> None:
    from retro_tui.core.config_write import write_user_settings
    from retro_tui.ui.screens.settings import FIELDS, value_of

    field = next(f for f in FIELDS if f.key == "time_left")
    assert value_of(field, " 1min, 30s ") == ["1min", "30s"] and value_of(field, "off") == "off"
    path = tmp_path / "user.toml"
    path.write_text("# mine\n[settings]\ncountdown = 5  # five\n", encoding="utf-8")
    chosen = Settings(countdown=5, time_left=(90.0, 30.0), stereo="swapped")
    write_user_settings(path, chosen, shipped=Settings())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n[settings]\ncountdown = 5  # five\n")
    loaded = load_config(path).settings
    assert (loaded.time_left, loaded.stereo) == ((90.0, 30.0), "swapped")
    write_user_settings(path, chosen.with_values(time_left=()), shipped=Settings())
    assert load_config(path).settings.time_left == ()
