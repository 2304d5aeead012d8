"""A resident's phone for tests: whole calls go through the phone simulator (strict: TwiML
that Twilio would refuse fails the test); `post()` sends one raw webhook, for the tests of
signatures and retries. Every TwiML the service returns is validated."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from twilio.request_validator import RequestValidator

from voice.telephony.simulator import SERVICE_NUMBER, PhoneSystem, validate


@dataclass
class Reply:
    """A parsed TwiML reply."""

    status: int
    mimetype: str
    root: ET.Element

    @property
    def verbs(self) -> list[str]:
        """The top-level verbs in order."""
        return [child.tag for child in self.root]

    def said(self) -> list[str]:
        """Every sentence spoken, in order (inside Gather too)."""
        return [" ".join("".join(say.itertext()).split()) for say in self.root.iter("Say")]

    def text(self) -> str:
        return " ".join(self.said())

    def one(self, tag: str) -> ET.Element:
        """The only element with this tag; fails when there is none or more than one."""
        found = list(self.root.iter(tag))
        assert len(found) == 1, f"expected one <{tag}>, found {len(found)} in {self.xml()}"
        return found[0]

    def xml(self) -> str:
        return ET.tostring(self.root, encoding="unicode")


class Phone:
    """One caller. `call()` dials in through the simulator; `press()`, `say()`, `wait()`,
    `record()`, `dial_ends()`, `hang_up()` are what the caller (or the far end) does; each
    returns the last TwiML document the simulator fetched."""

    def __init__(
        self, client, app, base_url: str, number: str = "+497311234567", to: str = SERVICE_NUMBER
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
        self.system = PhoneSystem(app, base_url, strict=True)
        self.number = number
        self.to = to  # the number it dials: a centre's (the simulator's: the default centre)
        self.sim = None
        self.call_sid = ""
        self.last: Reply | None = None
        self.token = 0
        self.recording: tuple[str, str] | None = None  # (sid, url) of the last recording

    # -- whole calls through the simulator ------------------------------------------------

    def call(self, number: str | None = None, *, to: str = SERVICE_NUMBER) -> Reply:
        """Dial in (from `number`, to a centre's number `to`: the simulator's by default)."""
        if number is not None:
            self.number = number
        self.to = to
        self.sim = self.system.dial_in(self.number, self.to)
        self.call_sid = self.sim.sid
        self.sim.start()
        return self._latest()

    def to_main(self) -> Reply:
        """The main menu: past the greeting's offer of the next event (2: the other offers)
        where the greeting made one."""
        if self.last.one("Gather").get("action") == "/voice/menu/offer":
            return self.press("2")
        return self.last

    def _latest(self) -> Reply:
        _url, root = self.sim.documents[-1]
        self.last = Reply(200, "text/xml", root)
        return self.last

    def _simulated(self) -> bool:
        return self.sim is not None and self.sim.sid == self.call_sid and self.sim.state != "ended"

    def press(self, digits: str) -> Reply:
        """Type keys while the service listens."""
        if not self._simulated():  # after a raw post: answer its <Gather> directly
            return self.post(self.last.one("Gather").get("action"), Digits=digits)
        self.sim.press(digits)
        return self._latest()

    def say(self, words: str, confidence: float = 0.9) -> Reply:
        """Speak while the service listens: the simulator sends SpeechResult and Confidence
        as Twilio does (and silence where the <Gather> does not listen for speech)."""
        if not self._simulated():
            action = self.last.one("Gather").get("action")
            return self.post(action, SpeechResult=words, Confidence=str(confidence))
        before = len(self.sim.documents)
        self.sim.say(words, confidence)
        assert len(self.sim.documents) > before, "nothing was requested after speaking"
        return self._latest()

    def wait(self) -> Reply:
        """Stay silent until Twilio's timeout."""
        self.sim.silence()
        return self._latest()

    def record(self, seconds: int = 3) -> Reply:
        """Speak into the <Record> (a test tone of `seconds`)."""
        before = len(self.sim.documents)
        self.sim.record(seconds=seconds)
        assert len(self.sim.documents) > before, "the <Record> action was not requested"
        self.recording = self.sim.recorded[-1]
        return self._latest()

    def dial_ends(self, status: str, duration: int = 60) -> Reply:
        """The bridged party or meeting ends, or the bridge fails with this status."""
        self.sim.end_bridge(status, duration)
        return self._latest()

    def hang_up(self) -> Reply:
        """The caller hangs up (Twilio posts the status callback)."""
        if self._simulated():
            self.sim.hang_up()
            return self.last
        return self.post("/voice/status", CallStatus="completed", CallDuration="30")

    # -- one raw webhook ------------------------------------------------------------------

    def post(self, path: str, *, sign: bool = True, token: str | None = None, **params) -> Reply:
        """POST a webhook as Twilio does (form fields, signature, idempotency token)."""
        form = {
            "CallSid": self.call_sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": self.to,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            **{k: str(v) for k, v in params.items()},
        }
        headers = {}
        if sign:
            url = path if path.startswith("http") else self.base_url + path
            headers["X-Twilio-Signature"] = self.validator.compute_signature(url, form)
        self.token += 1
        headers["I-Twilio-Idempotency-Token"] = token or f"{self.call_sid}-{self.token}"
        response = self.client.post(path.removeprefix(self.base_url), data=form, headers=headers)
        is_xml = response.mimetype == "text/xml"
        root = ET.fromstring(response.data) if is_xml else ET.Element("NotTwiML")
        if is_xml:
            problems = validate(root)
            assert not problems, f"{path}: Twilio would refuse this TwiML: {problems}"
        self.last = Reply(response.status_code, response.mimetype, root)
        return self.last


def press_together(phones: list[Phone], digits: str, timeout: float = 120) -> list[Reply]:
    """Each phone presses `digits` at the same moment (one thread each): the replies, in the
    phones' order."""
    barrier = threading.Barrier(len(phones))
    replies: list[Reply | None] = [None] * len(phones)

    def press(index: int) -> None:
        barrier.wait()
        replies[index] = phones[index].press(digits)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert all(reply is not None for reply in replies), "a phone got no answer in time"
    return [reply for reply in replies if reply is not None]
