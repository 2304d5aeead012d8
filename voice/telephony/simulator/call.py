"""One simulated phone call: plays Twilio's part, verb by verb, as its TwiML reference says."""

from __future__ import annotations

import secrets
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

from voice.telephony.simulator.recordings import RecordingStore
from voice.telephony.simulator.schema import Problem, validate
from voice.telephony.simulator.transport import Transport
from voice.telephony.simulator.verbs import Event, Waiting, run

ACCOUNT_SID = "AC" + "5" * 32


class TwiMLRejected(Exception):
    """TwiML that Twilio would refuse (in strict mode the simulator raises this)."""

    def __init__(self, problems: list[Problem], url: str) -> None:
        self.problems = problems
        super().__init__(f"{url}: " + "; ".join(map(str, problems)))


def new_sid(prefix: str) -> str:
    """A fresh Twilio-style SID (CA..., RE...): unique across runs, like Twilio's."""
    return f"{prefix}{secrets.token_hex(16)}"


class SimulatedCall:
    """A call between a simulated phone and the service (its verbs run in `verbs`)."""

    def __init__(
        self,
        transport: Transport,
        *,
        caller: str,
        called: str,
        direction: str = "inbound",
        status_url: str | None = "/voice/status",
        recordings: RecordingStore,
        describe: Callable[[str], str | None] = lambda url: None,
        strict: bool = False,
        on_bridge: Callable[[SimulatedCall, ET.Element], None] | None = None,
        on_leave: Callable[[SimulatedCall], None] | None = None,
    ) -> None:
        self.transport = transport
        self.sid = new_sid("CA")
        self.caller, self.called, self.direction = caller, called, direction
        self.status_url = status_url
        self.recordings = recordings  # where recorded audio is kept and served from
        self.describe = describe  # the text of a played file, for the transcript
        self.strict = strict
        self.on_bridge = on_bridge
        self.on_leave = on_leave
        self.events: list[Event] = []
        self.problems: list[Problem] = []
        # One thing at a time, as on a phone line: Twilio sends a call's next webhook only
        # after the last was answered, but the browser phone can send two keys at once.
        self._acting = threading.RLock()
        self.documents: list[tuple[str, ET.Element]] = []
        self.recorded: list[tuple[str, str]] = []  # (RecordingSid, RecordingUrl)
        self.state = "idle"
        self.status = "ringing"
        self.waiting: Waiting | None = None
        self.started = time.monotonic()
        self.answered_by: str | None = None  # with machine detection: human or machine_...
        self.current_url: str | None = None  # the document of the verb being run
        self.language = ""  # the language the service says the call speaks (Content-Language)

    # -- what the person (or test) on the phone does ------------------------------------

    def start(self, url: str = "/voice/incoming") -> list[Event]:
        """The call is answered: fetch the first TwiML."""
        return self._act(lambda: self.fetch_and_run("POST", url, {}, None))

    def press(self, digits: str) -> list[Event]:
        """Keys pressed, one after another, then the caller waits."""
        return self._act(lambda: self._press(digits))

    def silence(self) -> list[Event]:
        """The caller does nothing until every timeout has passed."""
        return self._act(self._silence)

    def say(self, words: str, confidence: float = 0.9) -> list[Event]:
        """The caller speaks (for <Gather input="speech">)."""
        return self._act(lambda: self._speech(words, confidence))

    def record(self, audio: bytes | None = None, seconds: int = 3) -> list[Event]:
        """The caller speaks into a <Record>; None records a test tone of `seconds`."""
        return self._act(lambda: self._record(audio, seconds, ended_by=""))

    def end_bridge(self, status: str = "completed", seconds: int = 60) -> list[Event]:
        """The dialled party or meeting ends (or fails with busy, no-answer, failed)."""
        return self._act(lambda: self._end_bridge(status, seconds))

    def hang_up(self) -> list[Event]:
        """The caller hangs up."""
        return self._act(lambda: self.end("completed"))

    def fail(self, status: str) -> list[Event]:
        """The call ends without being answered: busy, no-answer, failed."""
        return self._act(lambda: self.end(status))

    # -- Twilio's side --------------------------------------------------------------------

    def _act(self, action: Callable[[], None]) -> list[Event]:
        with self._acting:
            before = len(self.events)
            if self.state != "ended":
                action()
            return self.events[before:]

    def params(self, **extra: str) -> dict[str, str]:
        """What Twilio sends with every request of this call."""
        return {
            "CallSid": self.sid,
            "AccountSid": ACCOUNT_SID,
            "From": self.caller,
            "To": self.called,
            "Caller": self.caller,
            "Called": self.called,
            "CallStatus": self.status,
            "Direction": self.direction,
            "ApiVersion": "2010-04-01",
            **({"AnsweredBy": self.answered_by} if self.answered_by else {}),
            **extra,
        }

    def fetch_and_run(
        self, method: str, url: str, extra: Mapping[str, str], current: str | None
    ) -> None:
        """Request a TwiML document (as Twilio would) and run its verbs."""
        absolute = self.transport.absolute(url, current)
        answer = self.transport.request(method, absolute, self.params(**extra))
        self.status = "in-progress"
        if answer.status != 200 or "xml" not in answer.content_type:
            self.reject(
                [Problem(absolute, f"answered HTTP {answer.status} {answer.content_type}")],
                absolute,
            )
            return
        try:
            root = ET.fromstring(answer.body)
        except ET.ParseError as exc:
            self.reject([Problem(absolute, f"not XML: {exc}")], absolute)
            return
        problems = validate(root)
        if problems:
            self.reject(problems, absolute)
            return
        self.documents.append((absolute, root))
        if answer.language and answer.language != self.language:
            self.language = answer.language  # shown before what is said in it
            self.events.append(Event("language", answer.language, absolute))
        run(self, list(root), absolute)

    def reject(self, problems: list[Problem], url: str) -> None:
        """Twilio says 'an application error has occurred' and hangs up."""
        self.problems += problems
        self.events.append(Event("error", "; ".join(map(str, problems)), url))
        if self.strict:
            raise TwiMLRejected(problems, url)
        self.end("completed")

    # -- answers to what the call waits for ---------------------------------------------

    def wait(self, waiting: Waiting, state: str) -> None:
        """The call waits for the caller (gather, record) or a bridge to end."""
        self.waiting, self.state = waiting, state

    def _resume(self) -> Waiting:
        waiting, self.waiting, self.state = self.waiting, None, "running"
        assert waiting is not None, "resumed a call that waited for nothing"
        return waiting

    def _press(self, digits: str) -> None:
        if self.waiting is None:
            return  # nothing listens for keys
        if self.state == "gather":
            self._submit_gather(self._collect(self.waiting.element, digits))
        elif self.state == "record":
            finish = self.waiting.element.get("finishOnKey", "1234567890*#")
            if digits and digits[0] in finish:
                self._record(None, 3, ended_by=digits[0])
        elif self.state == "bridge":
            if "*" in digits and self.waiting.element.get("hangupOnStar") == "true":
                self._end_bridge("completed", 0)
            else:
                self.events.append(Event("dtmf", digits, detail={"to": "bridge"}))

    @staticmethod
    def _collect(gather: ET.Element, digits: str) -> str:
        """The digits Twilio submits: up to numDigits, or up to finishOnKey, or on timeout."""
        finish = gather.get("finishOnKey", "#")
        limit = int(gather.get("numDigits", "0")) or None
        collected = ""
        for key in digits:
            if finish and key == finish:
                break
            collected += key
            if limit and len(collected) >= limit:
                break
        return collected

    def _submit_gather(self, digits: str, speech: Mapping[str, str] | None = None) -> None:
        waiting = self._resume()
        gather = waiting.element
        if not digits and not speech:
            if gather.get("actionOnEmptyResult") == "true":
                self._post_action(gather, waiting.url, {})
            else:
                run(self, waiting.rest, waiting.url)  # on silence Twilio goes on after <Gather>
            return
        extra: dict[str, str] = {"Digits": digits} if digits else {}
        extra.update(speech or {})
        self._post_action(gather, waiting.url, extra)

    def _post_action(self, element: ET.Element, url: str, extra: Mapping[str, str]) -> None:
        action = element.get("action") or url  # no action: the current document again
        self.fetch_and_run(element.get("method", "POST"), action, extra, url)

    def _silence(self) -> None:
        if self.state == "gather":
            self._submit_gather("")
        elif self.state == "record":
            waiting = self._resume()  # an empty recording: no action, the next verb
            run(self, waiting.rest, waiting.url)

    def _speech(self, words: str, confidence: float) -> None:
        listening = self.waiting.element.get("input", "dtmf") if self.waiting else ""
        if self.state == "gather" and "speech" in listening:
            self._submit_gather("", {"SpeechResult": words, "Confidence": str(confidence)})
        elif self.state == "gather":
            self._silence()  # speech is not listened for: as if nothing was pressed

    def _record(self, audio: bytes | None, seconds: int, ended_by: str) -> None:
        if self.state != "record":
            return
        waiting = self._resume()
        element = waiting.element
        sid = new_sid("RE")
        url, duration = self.recordings.keep(sid, audio, seconds)
        self.recorded.append((sid, url))
        params = {"RecordingUrl": url, "RecordingDuration": str(duration), "RecordingSid": sid}
        if ended_by:
            params["Digits"] = ended_by
        callback = element.get("recordingStatusCallback")
        self._post_action(element, waiting.url, params)
        if callback:
            status = {
                **params,
                "RecordingStatus": "completed",
                "RecordingChannels": "1",
                "RecordingSource": "RecordVerb",
            }
            target = self.transport.absolute(callback, waiting.url)
            method = element.get("recordingStatusCallbackMethod", "POST")
            self.transport.request(method, target, {**self.params(), **status})

    def _end_bridge(self, status: str, seconds: int) -> None:
        if self.state != "bridge":
            return
        waiting = self._resume()
        self.events.append(Event("bridge", status, detail={"seconds": seconds}))
        if self.on_leave:
            self.on_leave(self)
        dial = waiting.element
        if dial.get("action"):
            extra = {
                "DialCallStatus": status,
                "DialCallDuration": str(seconds),
                "DialCallSid": new_sid("CA"),
            }
            self._post_action(dial, waiting.url, extra)
        else:
            run(self, waiting.rest, waiting.url)  # without action Twilio goes on after <Dial>

    def end(self, status: str) -> None:
        """The call ends with this status; Twilio reports it to the status URL."""
        if self.state == "ended":
            return
        if self.state == "bridge" and self.on_leave:
            self.on_leave(self)
        self.state, self.status, self.waiting = "ended", status, None
        if self.status_url:
            seconds = str(int(time.monotonic() - self.started))
            target = self.transport.absolute(self.status_url)
            self.transport.request("POST", target, self.params(CallDuration=seconds))
