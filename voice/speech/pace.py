"""The pace of built speech: no sentence faster than the settings allow (issue 14).

An engine speaks short sentences of short words faster than long ones ("Die PIN stimmt
nicht." came out at 158 words a minute where a long instruction was at 120). One tempo for
everything would drag the long sentences out to slow the short ones; instead each sentence is
spoken at the tempo, measured, and spoken once more, slower, when it is too fast. Sentences
are spoken one by one with a short pause between them."""

from __future__ import annotations

import re
from typing import Protocol

from voice.speech.audio import Speech, join, stretch, telephone_wav, wav_seconds
from voice.speech.settings import AudioSettings

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A sentence ends at . ! ? after a letter (not "3. Dezember", not "die 1." inside a part).
SENTENCE_END = re.compile(r"(?<=[^\W\d][.!?])\s+")
SLOWEST = 0.45  # never slower than this tempo, however fast the engine speaks


class Speaker(Protocol):
    """What pacing needs of an engine (voice.speech.engines.Engine has it)."""

    cpu_bound: bool

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech: ...


def words(text: str) -> int:
    """How many words a listener hears ("18 Uhr 30": three)."""
    return len(WORD.findall(text))


def sentences(text: str) -> list[str]:
    """The sentences of one part of a prompt."""
    return [s for s in SENTENCE_END.split(text.strip()) if s.strip()]


def rate(speech: Speech, text: str, settings: AudioSettings) -> float:
    """Words a minute of the speech as a caller hears it: made into telephone audio (levelled,
    trimmed) as a prompt of its own would be. A short clip levelled down loses quiet edges,
    so the engine's own samples would measure it slower than it is heard."""
    seconds = wav_seconds(telephone_wav(speech, settings))
    return words(text) / seconds * 60 if seconds else 0.0


def sentence(engine: Speaker, text: str, language: str, settings: AudioSettings) -> Speech:
    """One sentence at the settings' tempo, slower where that is faster than `max_wpm`."""
    tempo = settings.tempo
    speech = engine.synthesize(text, language, tempo)
    if not engine.cpu_bound:  # a network engine is not asked twice: its speech is stretched
        fast = max(rate(speech, text, settings), 1.0)
        return stretch(speech, min(1.0, settings.max_wpm / fast))
    # The engine's own rate control (Pico's speed markup) sounds best; it is not quite
    # proportional, so it is measured again (twice at most).
    for _ in range(3):
        fast = rate(speech, text, settings)
        if fast <= settings.max_wpm or tempo <= SLOWEST:
            break
        tempo = max(tempo * settings.max_wpm / fast, SLOWEST)
        speech = engine.synthesize(text, language, tempo)
    return speech


def part(engine: Speaker, text: str, language: str, settings: AudioSettings) -> Speech:
    """One part of a prompt (between pause marks): its sentences, each at its pace, with a
    short pause between them."""
    spoken = [sentence(engine, s, language, settings) for s in sentences(text)]
    return join(spoken, settings.sentence_pause_ms)
