"""Which clip(s) in `sounds/` make a cue heard.

`CATALOGUE` is the one list of every shipped clip (file, text, kind, pan):
`tools/render_sounds.py` renders it and writes `sounds/phrases.toml` from
it, and the functions below only ever name files in it. Every phrase the
plan can say ("Repeat 3 of 8. Run backwards, 30 seconds.", "1 minute left",
"100 metres, 28 seconds, 1 second faster") is joined from these clips, so
the voice is the same on every OS; only a step's free-text note is left to
a live TTS engine (PRODUCT.md §7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retro_tui.core.phrases import (
    ALL_STEP_LABELS,
    FINISH_TEXT,
    FORM_PHRASES,
    GET_READY_TEXT,
    GO_TEXT,
    HALFWAY_TEXT,
    NUMBER_WORDS,
    SAME_TEXT,
    SHOULDER_SIDES,
    SOUND_CHECK_TEXTS,
    WORDS,
    note_text,
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


def sound_check_file(side: str) -> str:
    return f"sound-check-{side}.wav"


SAME_FILE = "same-as-last-time.wav"


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
        Clip(SAME_FILE, SAME_TEXT, "speech"),
    ]
    clips += [
        Clip(sound_check_file(side), text, "speech", side)
        for side, text in SOUND_CHECK_TEXTS.items()
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


# A phrase the clips can say: numbers (with an optional decimal), the words
# of WORDS, "same as last time", and commas (a pause: no clip of their own).
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+|,|\S")


def number_text_files(number: str) -> list[str]:
    """ "100" -> one, hundred; "333.3" -> three, hundred, thirty, three, point, three."""
    whole, _, decimals = number.partition(".")
    files = number_files(int(whole))
    if decimals.strip("0"):
        files.append(word_file("point"))
        files += [number_file(int(d)) for d in decimals.rstrip("0")]
    return files


def phrase_files(text: str) -> list[str] | None:
    """The clips that say `text` word for word, or None when a word has no clip."""
    said = phrase_plan(text)
    return list(said[0]) if said is not None else None


def phrase_plan(text: str) -> tuple[tuple[str, ...], frozenset[int]] | None:
    """(clips, indexes of the clips a comma follows), or None when a word has no
    clip. The comma is a pause: "2 minutes 6, 61 seconds slower" must not run
    "six sixty-one" together."""
    files: list[str] = []
    pauses: set[int] = set()
    rest = text.replace(SAME_TEXT, " \0 ")
    for token in _TOKEN.findall(rest):
        if token == "\0":
            files.append(SAME_FILE)
        elif token[0].isdigit():
            files += number_text_files(token)
        elif token == ",":
            if files:
                pauses.add(len(files) - 1)
        elif token.lower() in WORDS:
            files.append(word_file(token.lower()))
        else:
            return None
    return (tuple(files), frozenset(pauses)) if files else None


@dataclass(frozen=True)
class SpeechPlan:
    """How to say a cue: `files` played as one clip (joined when there are
    several), then `tts_text`, the free text no clip can say (a step's note),
    when a live TTS engine is there to speak it; without one it is shown only."""

    files: tuple[str, ...]
    tts_text: str | None = None
    pauses_after: frozenset[int] = frozenset()  # a comma's pause after these files


def speech_plan(cue: Cue, step: TimelineStep) -> SpeechPlan:
    kind = cue.kind
    if kind == "step_start":
        return SpeechPlan(tuple(announcement_files(step)), note_text(step.note) or None)
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
    said = phrase_plan(cue.text)  # time_left, split: numbers and unit words
    if said is not None:
        return SpeechPlan(said[0], pauses_after=said[1])
    # A cue no clip says is never handed to the OS voice: it beeps.
    return SpeechPlan((beep_file(cue),))


def beep_file(cue: Cue) -> str:
    """The beep for a cue in `voice = "beeps"` mode (and the speech fallback)."""
    return {
        "step_start": BEEP_LONG,
        "countdown": BEEP_PIP,
        "shoulder": BEEP_DOUBLE,
        "finish": BEEP_FINISH,
        "get_ready": BEEP_LONG,
    }.get(cue.kind, BEEP_SHORT)
