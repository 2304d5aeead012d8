"""Turning prompt ids into TwiML: `<Say>` with the configured voice and pace.

The speech issue adds pre-built audio (`<Play>`); `VOICE_TTS_ENGINE=say` keeps this path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twilio.twiml import TwiML

from voice.speech.catalogue import Catalogue

# Twilio's language codes for our catalogue languages.
SAY_LANGUAGES = {"de": "de-DE", "en": "en-GB", "tr": "tr-TR"}


class Voice:
    """Speaks prompts of one catalogue into a TwiML element."""

    def __init__(self, catalogue: Catalogue, config: Mapping[str, Any]) -> None:
        self.catalogue = catalogue
        self.language = SAY_LANGUAGES.get(catalogue.language, catalogue.language)
        self.voice_name = config["VOICE_SAY_VOICE"] or None
        self.rate = config["VOICE_SAY_RATE"]

    def speak(self, target: TwiML, prompt_id: str, **params: object) -> None:
        """Append the prompt to `target` (a VoiceResponse or a Gather)."""
        self.speak_text(target, self.catalogue.text(prompt_id, **params))

    def speak_text(self, target: TwiML, text: str) -> None:
        """Append already rendered text; slowed down with SSML where a rate is set."""
        attrs = {"language": self.language}
        if self.voice_name:
            attrs["voice"] = self.voice_name
        if self.rate and self.rate != "100%":
            say = target.say(**attrs)
            say.prosody(text, rate=self.rate)
        else:
            target.say(text, **attrs)
