"""Turning prompt ids into TwiML: `<Play>` of built audio where every piece has some,
otherwise `<Say>` of the same text, so a call never breaks over audio."""

from __future__ import annotations

import copy
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from twilio.twiml import TwiML

from voice.config import say_voice
from voice.speech.build import WHOLE_FIELDS
from voice.speech.catalogue import CENTRE, Catalogue, Prompt, piece_text
from voice.speech.settings import PAUSE_MARK
from voice.speech.store import AudioStore

# Twilio's language codes for our catalogue languages.
SAY_LANGUAGES = {"de": "de-DE", "en": "en-GB", "tr": "tr-TR"}


@dataclass(frozen=True)
class Line:
    """A prompt to speak, by id, with its parameters."""

    prompt_id: str
    params: Mapping[str, object] = field(default_factory=dict)
    language: str | None = None  # said in this language's own voice; None: the call's


@dataclass(frozen=True)
class Recorded:
    """A prompt's value that is played, not spoken: a name the resident said on the phone."""

    url: str


def _no_recordings() -> Mapping[int | None, Mapping[str, str]]:
    return {}


class Voice:
    """Speaks prompts of one catalogue into a TwiML element."""

    def __init__(
        self,
        catalogue: Catalogue,
        config: Mapping[str, Any],
        store: AudioStore | None = None,
        audio_url: Callable[[str], str] | None = None,
        recordings: Callable[[], Mapping[int | None, Mapping[str, str]]] = _no_recordings,
        centre_id: int | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.language = SAY_LANGUAGES.get(catalogue.language, catalogue.language)
        # Its own language's voice: a German voice never reads another language.
        self.voice_name = say_voice(config, catalogue.language) or None
        self.rate = config["VOICE_SAY_RATE"]
        self.store = store  # None: every prompt is <Say>
        self.audio_url = audio_url
        # centre id -> prompt id -> audio name of a staff recording (None: the default centre)
        self.recordings = recordings
        self.centre_id = centre_id  # whose staff recordings it plays; None: the default's
        self._centres: dict[int, Voice] = {}

    def for_centre(self, centre_id: int | None) -> Voice:
        """This voice playing one centre's staff recordings (kept: one per centre)."""
        if centre_id is None or centre_id == self.centre_id:
            return self
        found = self._centres.get(centre_id)
        if found is None:
            found = copy.copy(self)
            found.centre_id, found._centres = centre_id, {}
            self._centres[centre_id] = found
        return found

    def speak(self, target: TwiML, prompt_id: str, **params: object) -> None:
        """Append the prompt to `target` (a VoiceResponse or a Gather)."""
        prompt = self.catalogue[prompt_id]
        if any(isinstance(value, Recorded) for value in params.values()):
            self._speak_around(target, prompt, params)
            return
        names = self._audio(prompt, params)
        if not names or self.audio_url is None:
            self.speak_text(target, prompt.render(params))
            return
        for name in names:
            target.play(self.audio_url(name))

    def _speak_around(self, target: TwiML, prompt: Prompt, params: Mapping[str, object]) -> None:
        """The prompt piece by piece, its recorded values played where they stand."""
        prompt.render(dict.fromkeys(params, ""))  # the same checks as for the whole text
        for literal, name, _spec, _conv in string.Formatter().parse(prompt.text_for(params)):
            pieces: list[object] = [piece_text(literal)] if any(map(str.isalnum, literal)) else []
            pieces += [params[name]] if name is not None else []
            for piece in pieces:
                if isinstance(piece, Recorded):
                    target.play(piece.url)
                    continue
                text = str(piece).strip()
                found = self.store.find(text) if self.store and self.audio_url else None
                if found is None or self.audio_url is None:
                    self.speak_text(target, text)
                else:
                    target.play(self.audio_url(found))

    def audio_names(self, prompt_id: str, params: Mapping[str, object]) -> list[str] | None:
        """The audio files a call plays for the prompt; None where one is not built yet."""
        return self._audio(self.catalogue[prompt_id], dict(params))

    def say_only(self, target: TwiML, prompt_id: str, **params: object) -> None:
        """Append the prompt as <Say>, for TwiML that must work without this server."""
        self.speak_text(target, self.catalogue.text(prompt_id, **params))

    def speak_text(self, target: TwiML, text: str) -> None:
        """Append text as <Say>; slowed down with SSML where a rate is set."""
        text = " ".join(text.replace(PAUSE_MARK, " ").split())
        attrs = {"language": self.language}
        if self.voice_name:
            attrs["voice"] = self.voice_name
        if self.rate and self.rate != "100%":
            say = target.say(**attrs)
            say.prosody(text, rate=self.rate)
        else:
            target.say(text, **attrs)

    def _audio(self, prompt: Prompt, params: dict[str, object]) -> list[str] | None:
        if self.store is None or self.audio_url is None:
            return None
        if prompt.fields <= {CENTRE}:  # a centre's own recording says its name itself
            recorded = self.recordings().get(self.centre_id, {}).get(prompt.id)
            if recorded:
                return [recorded]
        if params and prompt.fields <= WHOLE_FIELDS:  # built whole for each value: one file
            whole = self.store.find(prompt.render(params))
            if whole is not None:
                return [whole]
        names = []
        for piece in prompt.pieces(params):
            name = self.store.find(piece)
            if name is None:
                return None  # one missing piece: the whole sentence in one voice, as <Say>
            names.append(name)
        return names or None
