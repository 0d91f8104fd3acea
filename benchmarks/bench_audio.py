#!/usr/bin/env python3
"""Cue due -> player process started, through the real audio chain and playsound3.

    .venv/bin/python benchmarks/bench_audio.py [-n 200]

Each round hands one cue to `AudioChain.cue()` (the moment it is due) and
notes when the player process has been started (`Popen` returned, inside
playsound3); the chain is idle between rounds. Beside it, in the same run
and interleaved round by round, a bare `subprocess.Popen(["true"])`: the
floor any player process start pays on this machine. Target (PRODUCT.md
§11): p99 <= 50 ms.

No sound card is needed: under a temporary HOME, ~/.asoundrc routes ALSA's
default device to a file plugin writing to /dev/null (aplay then succeeds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retro_tui.audio.chain import AudioChain  # noqa: E402
from retro_tui.audio.player import Playsound3Player  # noqa: E402
from retro_tui.audio.tts import find_tts  # noqa: E402
from retro_tui.core.phrases import FORM_PHRASES  # noqa: E402
from retro_tui.core.timeline import Cue, TimelineStep  # noqa: E402

STEP = TimelineStep(2, "run", "backward", 60.0, 60.0, 100.0, 3, 8, "Soft landing")
CUES = [
    Cue(65.0, "shoulder", "Check over your left shoulder", 2, "left"),
    Cue(70.0, "form", FORM_PHRASES[1], 2, phrase=1),
    Cue(117.0, "countdown", "3", 2),
    Cue(90.0, "halfway", "Halfway", 2),
]
ANNOUNCE = Cue(60.0, "step_start", "Repeat 3 of 8. Run backwards, 100 metres. Soft landing.", 2)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name: str, ms: list[float]) -> str:
    return (
        f"  {name:<38} p50 {statistics.median(ms):6.2f} ms   p99 {pct(ms, 99):6.2f} ms   "
        f"max {max(ms):6.2f} ms   (n={len(ms)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="rounds (default 200)")
    args = parser.parse_args()
    if shutil.which("aplay") is None:
        print("bench_audio: needs aplay (apt-get install alsa-utils)", file=sys.stderr)
        return 1

    home = Path(tempfile.mkdtemp(prefix="bench-audio-"))
    (home / ".asoundrc").write_text(
        'pcm.!default { type file; slave.pcm "null"; file "/dev/null"; format "raw" }\n'
    )
    os.environ["HOME"] = str(home)

    started: list[float] = []
    notices: list[str] = []
    player = Playsound3Player(backend="alsa")
    tts = find_tts()
    chain = AudioChain(
        "speech",
        player=player,
        tts=tts,
        on_notice=notices.append,
        on_started=lambda _path: started.append(time.monotonic()),
    )
    try:
        chain.wait_idle()
        clip_ms: list[float] = []
        popen_ms: list[float] = []
        for i in range(args.n):
            t0 = time.monotonic()
            proc = subprocess.Popen(["true"])
            popen_ms.append((time.monotonic() - t0) * 1000)
            proc.wait()

            started.clear()
            due = time.monotonic()
            chain.cue(CUES[i % len(CUES)], STEP)
            chain.wait_idle()
            if started:
                clip_ms.append((started[0] - due) * 1000)

        # A step announcement spoken live: first time (rendered when due) ...
        first_ms: list[float] = []
        for i in range(min(20, args.n)):
            cue = Cue(ANNOUNCE.at_s, ANNOUNCE.kind, f"{ANNOUNCE.text} Round {i}.", 2)
            started.clear()
            due = time.monotonic()
            chain.cue(cue, STEP)
            chain.wait_idle()
            if started:
                first_ms.append((started[0] - due) * 1000)
        # ... and rendered ahead by prepare(), as a session does at its start.
        chain.prepare([STEP], [ANNOUNCE])
        time.sleep(0.5)
        ahead_ms: list[float] = []
        for _ in range(min(50, args.n)):
            started.clear()
            due = time.monotonic()
            chain.cue(ANNOUNCE, STEP)
            chain.wait_idle()
            if started:
                ahead_ms.append((started[0] - due) * 1000)
    finally:
        chain.close()
        shutil.rmtree(home, ignore_errors=True)

    print(
        f"cue due -> player process started (playsound3 backend {player.backend_name}, "
        f"tts {tts.name if tts else 'none'}, level {chain.level})"
    )
    print(line("baseline: bare Popen(['true'])", popen_ms))
    if clip_ms:
        print(line("fixed clip cue (shoulder/form/3/halfway)", clip_ms))
    if ahead_ms:
        print(line("step announcement, rendered ahead", ahead_ms))
    if first_ms:
        print(line("step announcement, rendered when due", first_ms))
    if notices:
        print("notices: " + " | ".join(notices))
    if clip_ms:
        verdict = "meets" if pct(clip_ms, 99) <= 50 else "MISSES"
        print(
            f"target p99 <= 50 ms: {verdict} ({pct(clip_ms, 99):.2f} ms; "
            f"{pct(clip_ms, 99) / max(pct(popen_ms, 99), 1e-9):.1f}x the bare Popen p99)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
