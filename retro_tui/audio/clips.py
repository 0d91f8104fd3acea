"""Which clip(s) in `sounds/` make a cue heard.

`CATALOGUE` is the one list of every shipped clip (file, text, kind, pan):
`tools/render_sounds.py` renders it and writes `sounds/phrases.toml` from
it, and the functions below only ever name files in it. Dynamic
announcements ("Repeat 3 of 8. Run backwards, 30 seconds.") are built from
word clips when no TTS engine is there to speak the cue's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from retro_tui.core.phrases import (
    ALL_STEP_LABELS,
    FINISH_TEXT,
    FORM_PHRASES,
    GET_READY_TEXT,
    GO_TEXT,
    HALFWAY_TEXT,
    NUMBER_WORDS,
    SHOULDER_SIDES,
    WORDS,
    shoulder_text,
)
from retro_tui.core.timeline import Cue, TimelineStep

BEEP_SHORT = "beep-short.wav"
BEEP_DOUBLE = "beep-double.wav"
BEEP_LONG = "beep-long.wav"
BEEP_PIP = "beep-pip.wav"
BEEP_FINISH = "beep-finish.wav"


@dataclass(frozen=True)
class Clip:
    file: str
    text: str
    kind: str  # "speech" or "beep"
    pan: str | None = None  # "left"/"right" for the stereo shoulder cues


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def number_file(n: int) -> str:
    return f"num-{n}.wav"


def word_file(word: str) -> str:
    return f"word-{word}.wav"


def label_file(label: str) -> str:
    return f"label-{_slug(label)}.wav"


def form_file(index: int) -> str:
    return f"form-{index + 1}.wav"


def shoulder_file(side: str) -> str:
    return f"shoulder-{side}.wav"


def _catalogue() -> tuple[Clip, ...]:
    clips = [
        Clip(shoulder_file(side), shoulder_text(side), "speech", side) for side in SHOULDER_SIDES
    ]
    clips += [Clip(form_file(i), text, "speech") for i, text in enumerate(FORM_PHRASES)]
    clips += [
        Clip("halfway.wav", HALFWAY_TEXT, "speech"),
        Clip("done.wav", FINISH_TEXT, "speech"),
        Clip("get-ready.wav", GET_READY_TEXT, "speech"),
        Clip("go.wav", GO_TEXT, "speech"),
    ]
    clips += [Clip(label_file(label), label, "speech") for label in ALL_STEP_LABELS]
    clips += [Clip(number_file(n), word, "speech") for n, word in NUMBER_WORDS.items()]
    clips += [Clip(word_file(w), w, "speech") for w in WORDS]
    clips += [
        Clip(BEEP_SHORT, "short beep", "beep"),
        Clip(BEEP_DOUBLE, "double beep", "beep"),
        Clip(BEEP_LONG, "long beep", "beep"),
        Clip(BEEP_PIP, "countdown pip", "beep"),
        Clip(BEEP_FINISH, "finish chord", "beep"),
    ]
    return tuple(clips)


CATALOGUE = _catalogue()
FILES = frozenset(c.file for c in CATALOGUE)


def number_files(n: int) -> list[str]:
    """Clips that say a whole number: 47 -> forty, seven; 250 -> two, hundred, fifty."""
    n = max(0, int(n))
    if n in NUMBER_WORDS:
        return [number_file(n)]
    if n < 100:
        return [number_file(n // 10 * 10), number_file(n % 10)]
    if n < 1000:
        rest = n % 100
        return [number_file(n // 100), word_file("hundred")] + (number_files(rest) if rest else [])
    rest = n % 1000
    return number_files(n // 1000) + [word_file("thousand")] + (number_files(rest) if rest else [])


def amount_files(step: TimelineStep) -> list[str]:
    """The step's amount as spoken by `step_start_text`: "30 seconds", "100 metres"."""
    if step.distance_m is not None:
        metres = step.distance_m
        if metres >= 1000 and metres % 100 == 0:
            km = metres / 1000
            whole, tenth = int(km), round((km - int(km)) * 10)
            said = number_files(whole)
            if tenth:
                said += [word_file("point"), number_file(tenth)]
            return said + [word_file("kilometre" if km == 1 else "kilometres")]
        return number_files(round(metres)) + [word_file("metres")]
    minutes, seconds = divmod(int(round(step.duration_s)), 60)
    files: list[str] = []
    if minutes:
        files += number_files(minutes) + [word_file("minute" if minutes == 1 else "minutes")]
    if seconds or not files:
        files += number_files(seconds) + [word_file("second" if seconds == 1 else "seconds")]
    return files


def announcement_files(step: TimelineStep) -> list[str]:
    """ "Repeat 3 of 8. Run backwards, 30 seconds." from clips (the note is only shown)."""
    files: list[str] = []
    if step.round is not None and step.rounds is not None:
        files += [
            word_file("repeat"),
            *number_files(step.round),
            word_file("of"),
            *number_files(step.rounds),
        ]
    files.append(label_file(step.label))
    return files + amount_files(step)


@dataclass(frozen=True)
class SpeechPlan:
    """How to say a cue: `tts_text` when a TTS engine can speak it live,
    else `files` played as one clip (joined when there are several)."""

    files: tuple[str, ...]
    tts_text: str | None = None


def speech_plan(cue: Cue, step: TimelineStep) -> SpeechPlan:
    kind = cue.kind
    if kind == "step_start":
        return SpeechPlan(tuple(announcement_files(step)), cue.text)
    if kind == "shoulder" and cue.side in SHOULDER_SIDES:
        return SpeechPlan((shoulder_file(cue.side),))
    if kind == "countdown":
        return SpeechPlan((BEEP_PIP,))  # PRODUCT §4: the countdown is beeps, in every voice
    if kind == "finish":
        return SpeechPlan(("done.wav",))
    if kind == "halfway":
        return SpeechPlan(("halfway.wav",))
    if kind == "get_ready":
        return SpeechPlan(("get-ready.wav",))
    if kind == "form" and cue.phrase is not None:
        return SpeechPlan((form_file(cue.phrase),))
    # A cue no clip says: speak its text live when possible, else a beep.
    return SpeechPlan((beep_file(cue),), cue.text)


def beep_file(cue: Cue) -> str:
    """The beep for a cue in `voice = "beeps"` mode (and the speech fallback)."""
    return {
        "step_start": BEEP_LONG,
        "countdown": BEEP_PIP,
        "shoulder": BEEP_DOUBLE,
        "finish": BEEP_FINISH,
        "get_ready": BEEP_LONG,
    }.get(cue.kind, BEEP_SHORT)
