"""The pace of built speech: no sentence faster than AudioSettings.max_wpm (issue 14)."""

from __future__ import annotations

import pytest

from voice.speech import build, pace
from voice.speech.audio import wav_seconds
from voice.speech.engines import PicoEngine
from voice.speech.settings import AudioSettings


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Die PIN stimmt nicht."),
        ("de", "Wir rufen Sie vorher an."),
        ("en", "We will get back to you."),
    ],
)
def test_a_short_sentence_of_short_words_is_not_faster_than_the_pace(language, text):
    settings = AudioSettings()
    seconds = wav_seconds(build.render(PicoEngine(), text, language, settings))
    assert pace.words(text) / seconds * 60 <= settings.max_wpm + 5  # Pico's speed is coarse


def test_a_sentence_at_the_pace_is_spoken_as_the_engine_speaks_it():
    settings = AudioSettings()
    text = "Die Quartierszentrale ist gerade nicht besetzt."
    engine = PicoEngine()
    natural = engine.synthesize(text, "de", settings.tempo)
    assert pace.rate(natural, text, settings) <= settings.max_wpm  # long words: slow enough already
    spoken = pace.sentence(engine, text, "de", settings)
    assert spoken.samples.size == natural.samples.size  # not drawn out


def test_sentences_end_after_words_not_after_ordinals():
    text = "Ihre Hand ist gehoben. Um sie zu senken, am 3. Dezember, drücken Sie die 2. Gut!"
    assert pace.sentences(text) == [
        "Ihre Hand ist gehoben.",
        "Um sie zu senken, am 3. Dezember, drücken Sie die 2. Gut!",
    ]


def test_words_are_what_a_listener_hears():
    assert pace.words("Sie sind angemeldet, morgen um 18 Uhr 30.") == 8
    assert pace.words("Ihren Vor- und Nachnamen, die Raute-Taste") == 6
