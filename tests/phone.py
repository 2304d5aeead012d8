"""A test phone: posts what Twilio posts, signed, and follows the TwiML that comes back."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from twilio.request_validator import RequestValidator

_sids = itertools.count(1)


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
        return ["".join(say.itertext()).strip() for say in self.root.iter("Say")]

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
    """One caller. `call()` dials in; `press()`, `wait()`, `record()`, `dial_ends()` follow the
    URLs in the last reply, exactly as Twilio would."""

    def __init__(self, client, app, base_url: str, number: str = "+497311234567") -> None:
        self.client = client
        self.base_url = base_url
        self.validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
        self.number = number
        self.call_sid = ""
        self.last: Reply | None = None
        self.token = 0

    def post(self, path: str, *, sign: bool = True, token: str | None = None, **params) -> Reply:
        """POST a webhook as Twilio does (form fields, signature, idempotency token)."""
        form = {
            "CallSid": self.call_sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": "+497319876543",
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            **{k: str(v) for k, v in params.items()},
        }
        headers = {}
        if sign:
            headers["X-Twilio-Signature"] = self.validator.compute_signature(
                self.base_url + path, form
            )
        self.token += 1
        headers["I-Twilio-Idempotency-Token"] = token or f"{self.call_sid}-{self.token}"
        response = self.client.post(path, data=form, headers=headers)
        is_xml = response.mimetype == "text/xml"
        root = ET.fromstring(response.data) if is_xml else ET.Element("NotTwiML")
        self.last = Reply(response.status_code, response.mimetype, root)
        return self.last

    def call(self, number: str | None = None) -> Reply:
        """Dial in."""
        if number is not None:
            self.number = number
        self.call_sid = f"CA{next(_sids):032d}"
        return self.post("/voice/incoming", CallStatus="ringing")

    def press(self, digits: str) -> Reply:
        """Type keys into the Gather of the last reply."""
        gather = self.last.one("Gather")
        return self.post(gather.get("action"), Digits=digits)

    def wait(self) -> Reply:
        """Stay silent: Twilio goes on with the verb after the Gather (a Redirect)."""
        verbs = list(self.last.root)
        gather_at = [i for i, v in enumerate(verbs) if v.tag in ("Gather", "Record")][-1]
        follow = verbs[gather_at + 1 :]
        redirect = next(v for v in follow if v.tag == "Redirect")
        return self.post(redirect.text)

    def record(self, sid: str = "RE1", url: str = "https://api.twilio.com/rec/RE1", duration=7):
        """Speak into the Record of the last reply."""
        record = self.last.one("Record")
        return self.post(
            record.get("action"), RecordingSid=sid, RecordingUrl=url, RecordingDuration=duration
        )

    def dial_ends(self, status: str, duration: int = 60) -> Reply:
        """The Dial of the last reply ends with this DialCallStatus."""
        dial = self.last.one("Dial")
        return self.post(dial.get("action"), DialCallStatus=status, DialCallDuration=duration)

    def hang_up(self, duration: int = 30) -> Reply:
        """Twilio's status callback at the end of the call."""
        return self.post("/voice/status", CallStatus="completed", CallDuration=duration)
