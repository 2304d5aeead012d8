"""The simulator as a whole: calls in progress, calls it places for the service, meetings.

It is the local implementation of the telephony seam's outgoing side, so that features which
call residents or moderate meetings run on a machine without Twilio."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from voice.config import SIMULATOR_NUMBER
from voice.telephony.base import RecordingRefused
from voice.telephony.simulator.call import ACCOUNT_SID, SimulatedCall, new_sid
from voice.telephony.simulator.recordings import RecordingStore
from voice.telephony.simulator.transport import FlaskTransport
from voice.telephony.simulator.verbs import Event

SERVICE_NUMBER = SIMULATOR_NUMBER  # the number residents dial, in the simulator


@dataclass
class Ringing:
    """A call the service asked to place, ringing at a simulated phone."""

    sid: str
    to: str
    caller: str
    url: str
    status_callback: str | None
    machine_detection: bool = False


@dataclass
class Participant:
    call_sid: str
    caller: str
    muted: bool = False
    ends_meeting: bool = False  # endConferenceOnExit


@dataclass
class Meeting:
    name: str
    participants: dict[str, Participant] = field(default_factory=dict)
    status_callback: str | None = None  # the Conference's statusCallback
    sequence: int = 0
    started: bool = False  # until someone with startConferenceOnEnter comes, callers wait


class PhoneSystem:
    """Simulated phones and the calls between them and the service."""

    def __init__(self, app: Flask, base_url: str, strict: bool = False) -> None:
        self.app = app
        self.transport = FlaskTransport(app, base_url)
        self.recordings = RecordingStore(Path(app.config["SIMULATOR_DIR"]), base_url)
        self.strict = strict
        # Shared by every PhoneSystem of the app: a call the service places rings in the
        # browser phone too, and calls and meetings are the same wherever they are looked at.
        shared = app.extensions.setdefault(
            "simulator_state",
            {"calls": {}, "ringing": {}, "meetings": {}, "lock": threading.Lock()},
        )
        self.calls: dict[str, SimulatedCall] = shared["calls"]
        self.ringing: dict[str, Ringing] = shared["ringing"]
        self.meetings: dict[str, Meeting] = shared["meetings"]
        self._lock = shared["lock"]

    def _call(
        self, caller: str, called: str, direction: str, status_url: str | None
    ) -> SimulatedCall:
        call = SimulatedCall(
            self.transport,
            caller=caller,
            called=called,
            direction=direction,
            status_url=status_url,
            recordings=self.recordings,
            describe=self.describe,
            strict=self.strict,
            on_bridge=self._bridged,
            on_leave=self._left,
        )
        self.calls[call.sid] = call
        return call

    def dial_in(self, caller: str, called: str = SERVICE_NUMBER) -> SimulatedCall:
        """A simulated phone calls the service (not yet started: call `.start()`)."""
        return self._call(caller, called, "inbound", "/voice/status")

    # -- the seam's outgoing side -------------------------------------------------------

    def place_call(
        self,
        to: str,
        caller: str,
        url: str,
        status_callback: str | None = None,
        *,
        machine_detection: bool = False,
    ) -> str:
        """The service calls a resident: the phone rings until answered or declined."""
        sid = new_sid("CA")
        with self._lock:
            self.ringing[sid] = Ringing(sid, to, caller, url, status_callback, machine_detection)
        if status_callback:  # Twilio reports the new call as initiated
            params = {
                "CallSid": sid,
                "AccountSid": ACCOUNT_SID,
                "From": caller,
                "To": to,
                "CallStatus": "initiated",
                "Direction": "outbound-api",
                "ApiVersion": "2010-04-01",
            }
            self.transport.request("POST", self.transport.absolute(status_callback), params)
        return sid

    def answer(self, sid: str, *, machine: bool = False) -> SimulatedCall:
        """The resident (or, with `machine`, an answering machine) picks up."""
        with self._lock:
            ring = self.ringing.pop(sid)
        call = self._call(ring.caller, ring.to, "outbound-api", ring.status_callback)
        call.sid = ring.sid
        if ring.machine_detection:
            call.answered_by = "machine_end_beep" if machine else "human"
        self.calls[call.sid] = call
        call.start(ring.url)
        return call

    def decline(self, sid: str, status: str = "no-answer") -> None:
        """Nobody answers (or the line is busy): only the status callback is sent."""
        with self._lock:
            ring = self.ringing.pop(sid)
        if ring.status_callback:
            call = self._call(ring.caller, ring.to, "outbound-api", ring.status_callback)
            call.sid = ring.sid
            call.fail(status)

    def update_participant(self, meeting: str, call_sid: str, *, muted: bool) -> None:
        """Mute or unmute someone in a meeting."""
        room = self.meetings[meeting]
        room.participants[call_sid].muted = muted
        self._tell(room, "participant-mute" if muted else "participant-unmute", call_sid)

    def hang_up(self, call_sid: str) -> None:
        """End a call from the service's side."""
        self.calls[call_sid].hang_up()

    def fetch_recording(self, url: str) -> bytes:
        """A recording made in the simulator, fetched the way the service fetches Twilio's.

        The request goes to this app in-process, never onto the network and never with
        credentials; still, only the simulator's recordings are asked for."""
        if not self.recordings.is_recording_url(url):
            raise RecordingRefused(f"„{url[:200]}“ ist keine Aufnahme des Telefon-Simulators")
        answer = self.transport.request("GET", url, {})
        if answer.status != 200 or not answer.content_type.startswith("audio/"):
            raise OSError(f"recording {url} not available (HTTP {answer.status})")
        return answer.body

    # -- helpers ------------------------------------------------------------------------

    def _bridged(self, call: SimulatedCall, target: ET.Element) -> None:
        if target.tag != "Conference":
            return
        name = (target.text or "").strip()
        meeting = self.meetings.setdefault(name, Meeting(name))
        callback = target.get("statusCallback")
        if callback:
            meeting.status_callback = self.transport.absolute(callback, call.current_url)
        muted = target.get("muted") == "true"
        ends = target.get("endConferenceOnExit") == "true"
        meeting.participants[call.sid] = Participant(call.sid, call.caller, muted, ends)
        self._tell(meeting, "participant-join", call.sid, Muted=str(muted).lower())
        if not meeting.started and target.get("startConferenceOnEnter", "true") == "true":
            meeting.started = True
            self._tell(meeting, "conference-start", "")

    def _left(self, call: SimulatedCall) -> None:
        for meeting in list(self.meetings.values()):
            gone = meeting.participants.pop(call.sid, None)
            if gone is None:
                continue
            self._tell(meeting, "participant-leave", call.sid)
            if gone.ends_meeting or not meeting.participants:
                self._end_meeting(meeting)

    def _end_meeting(self, meeting: Meeting) -> None:
        """The conference ends: everyone still in it is let out (their Dial's action runs)."""
        if not meeting.started and meeting.participants:
            return
        meeting.started = False
        self._tell(meeting, "conference-end", "")
        for sid in list(meeting.participants):
            meeting.participants.pop(sid, None)
            call = self.calls.get(sid)
            if call is not None:
                call.on_leave = None  # already counted out of the meeting
                call.end_bridge("completed")
                call.on_leave = self._left

    def announce(self, meeting: str, url: str) -> None:
        """Play TwiML (Say) to everyone in a meeting, as Twilio's announceUrl does."""
        room = self.meetings.get(meeting)
        if room is None:
            return
        answer = self.transport.request("POST", self.transport.absolute(url), {})
        words = [
            " ".join("".join(say.itertext()).split())
            for say in ET.fromstring(answer.body).iter("Say")
        ]
        for sid in room.participants:
            call = self.calls.get(sid)
            if call is not None:
                call.events += [Event("say", text) for text in words]

    def _tell(self, meeting: Meeting, kind: str, call_sid: str, **extra: str) -> None:
        """Post a conference status callback, as Twilio does (each with the next number)."""
        if not meeting.status_callback:
            return
        meeting.sequence += 1
        params = {
            "ConferenceSid": "CF" + meeting.name.encode().hex()[:32].ljust(32, "0"),
            "FriendlyName": meeting.name,
            "StatusCallbackEvent": kind,
            "CallSid": call_sid,
            "SequenceNumber": str(meeting.sequence),
            "AccountSid": ACCOUNT_SID,
            **extra,
        }
        self.transport.request("POST", meeting.status_callback, params)

    def describe(self, url: str) -> str | None:
        """The text of a built prompt (for the transcript); None for recordings."""
        store = self.app.extensions.get("audio_store")
        name = url.rsplit("/", 1)[-1].removesuffix(".wav")
        if store is None:
            return None
        text_file = store.built / f"{name}.txt"
        if not text_file.is_file():
            return None
        return " ".join(text_file.read_text(encoding="utf-8").replace("|", " ").split())


def language_name(code: str) -> str:
    """'English (en)': the language's own name from its catalogue, and its code."""
    catalogue = current_app.extensions["catalogues"].get(code)
    return f"{catalogue.written('language_name')} ({code})" if catalogue else code
