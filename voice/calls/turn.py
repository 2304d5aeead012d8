"""One webhook of one call as the menus see it: the call's row, what Twilio sent, its centre,
and the reply being built (`Turn`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from voice.centres import Place, directory
from voice.centres.office_hours import OfficeHours
from voice.models import Call, Event, Resident
from voice.registrations import residents
from voice.speech import current_voice
from voice.speech.dates import spoken_soon, spoken_time, spoken_when
from voice.speech.dynamic import spoken_title
from voice.speech.voice import Voice

# The webhooks that act in a step of the call: a reply offers them, the next request must be
# one of those (see steps.py).
STEP_ENDPOINTS = frozenset({"voice.menu", "voice.silence", "voice.record", "voice.dial"})


@dataclass
class Turn:
    """One webhook of one call: the call's row, what Twilio sent, the centre it is for (by
    the number it called), and the reply being built."""

    session: Session
    call: Call
    params: Mapping[str, str]
    voice: Voice
    config: Mapping[str, Any]
    place: Place  # the call's centre: its name, office hours, staff number, languages
    now: datetime
    response: VoiceResponse = field(default_factory=VoiceResponse)
    offered: set[str] = field(default_factory=set)  # the step webhooks the reply names
    found: dict[str, Any] = field(default_factory=dict)  # looked up once in this webhook

    @property
    def office_hours(self) -> OfficeHours:
        """The office hours of the call's centre."""
        return self.place.office_hours

    @property
    def tz(self) -> ZoneInfo:
        return self.office_hours.tz

    def belong_to(self, place: Place) -> None:
        """From now on the call is this centre's (a reminder call: its event's centre)."""
        self.place = place
        self.call.centre_id = place.id
        self.voice = current_voice(self.language, place.id)

    def centre_name(self, centre_id: int) -> str:
        """A centre's name as callers hear it (no query: the directory is kept)."""
        return directory().by_id(centre_id).name

    @property
    def choices(self) -> dict[str, Any]:
        """What the caller chose so far in this call (stored with the call)."""
        return self.call.choices

    @cached_property
    def caller(self) -> str | None:
        """The caller's number in E.164, None when withheld."""
        return residents.normalise(self.call.from_number, self.config["PHONE_REGION"])

    @cached_property
    def resident(self) -> Resident | None:
        """The resident calling, if we know their number."""
        if self.call.resident_id is not None:
            return self.session.get(Resident, self.call.resident_id)
        resident = residents.find(self.session, self.caller)
        if resident is not None:
            self.call.resident_id = resident.id
        return resident

    @property
    def resident_id(self) -> int | None:
        """The id of the resident calling: no query once the call knows it."""
        if self.call.resident_id is not None:
            return self.call.resident_id
        resident = self.resident
        return resident.id if resident is not None else None

    def say(self, prompt_id: str, **params: object) -> None:
        """Speak a prompt now (before the next menu)."""
        self.voice.speak(self.response, prompt_id, **params)

    @property
    def language(self) -> str:
        """The call's language, a catalogue's code: "de", "en", "tr"."""
        return self.voice.catalogue.language

    def when(self, moment: datetime) -> str:
        """'morgen, Mittwoch, den 4. Dezember, um 18 Uhr', in the call's language."""
        return spoken_when(moment, self.now, self.tz, language=self.language)

    def soon(self, moment: datetime) -> str:
        """'morgen um 15 Uhr', 'am Donnerstag um 15 Uhr': short, to point at an event."""
        return spoken_soon(moment, self.now, self.tz, language=self.language)

    def time(self, moment: datetime) -> str:
        """'18 Uhr 30', '6.30 pm', '18.30'."""
        return spoken_time(moment, self.tz, language=self.language)

    def title(self, event: Event) -> str:
        """The event's title in the call's language; the German one, introduced as such,
        where staff typed none."""
        return spoken_title(event, self.voice.catalogue)

    def url(self, endpoint: str, **values: Any) -> str:  # as url_for takes them
        """A path of this app for Twilio to call next (relative to the webhook it called);
        a step webhook is noted as offered, so that the call may make it next."""
        path = url_for(endpoint, **values)
        if endpoint in STEP_ENDPOINTS:
            self.offered.add(path)
        return path
