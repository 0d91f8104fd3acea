"""One home for cue texts: a cue keeps its identity from plan to speaker."""

from __future__ import annotations

from retro_tui.audio import clips
from retro_tui.core.amounts import Amount
from retro_tui.core.phrases import (
    ALL_STEP_LABELS,
    FORM_PHRASES,
    GET_READY_TEXT,
    step_label,
    step_length_text,
)
from retro_tui.core.session import SessionEngine
from retro_tui.core.settings import Settings
from retro_tui.core.timeline import Cue, TimelineStep, compile_timeline
from retro_tui.core.workout import Step, Workout


def _step(seconds: float = 30, metres: float | None = None) -> TimelineStep:
    return TimelineStep(0, "run", "backward", 0.0, seconds, metres, None, None, "")


def test_step_length_text_in_both_framings() -> None:
    assert step_length_text(_step(90)) == "1:30"
    assert step_length_text(_step(31, metres=100)) == "100 m (~0:31)"
    assert step_length_text(_step(31, metres=100), estimate="≈ {}") == "100 m ≈ 0:31"
    assert step_length_text(_step(90), estimate="≈ {}") == "1:30"


def test_every_step_label_has_its_clip() -> None:
    kinds = ("warmup", "run", "walk", "rest", "cooldown")
    labels = {step_label(k, b) for k in kinds for b in (False, True)}
    assert labels == set(ALL_STEP_LABELS)
    assert {clips.label_file(label) for label in labels} <= clips.FILES


def test_form_cues_carry_their_phrase_index_and_others_none() -> None:
    workout = Workout("w", "W", (Step("run", Amount(seconds=600), "backward"),))
    timeline = compile_timeline(workout, Settings(form_reminder_every=60))
    form = [c for c in timeline.cues if c.kind == "form"]
    assert len(form) > len(FORM_PHRASES)
    assert [c.phrase for c in form] == [i % len(FORM_PHRASES) for i in range(len(form))]
    assert all(c.text == FORM_PHRASES[c.phrase] for c in form if c.phrase is not None)
    assert all(c.phrase is None for c in timeline.cues if c.kind != "form")
    assert all("phrase" not in c.to_json() for c in timeline.cues)


def test_the_speaker_goes_by_identity_not_by_text() -> None:
    step = _step()
    by_index = clips.speech_plan(Cue(0.0, "form", "whatever the screen says", 0, phrase=2), step)
    assert by_index.files == ("form-3.wav",)
    # A form cue without its index is not matched back from its text.
    anonymous = clips.speech_plan(Cue(0.0, "form", FORM_PHRASES[2], 0), step)
    assert anonymous.files != ("form-3.wav",) and anonymous.tts_text is None  # a beep, not TTS


def test_the_get_ready_event_carries_its_cue() -> None:
    workout = Workout("w", "W", (Step("run", Amount(seconds=60), "backward"),))
    timeline = compile_timeline(workout, Settings(get_ready=10))
    engine = SessionEngine(timeline, clock=lambda: 0.0)
    event = engine.start()[0]
    assert event.kind == "get_ready"
    assert event.data == {"text": GET_READY_TEXT, "seconds": 10.0}
    assert event.cue == Cue(-10.0, "get_ready", GET_READY_TEXT, 0)
    assert clips.speech_plan(event.cue, timeline.steps[0]).files == ("get-ready.wav",)
