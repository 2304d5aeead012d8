"""What Twilio does with each verb of a TwiML document, in order, until the call waits."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from voice.telephony.simulator.schema import Problem


@dataclass
class Event:
    """Something the caller hears or that happens on the line."""

    kind: str  # say, play, pause, dtmf, gather, record, dial, bridge, hangup, reject, error
    text: str = ""
    url: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class Waiting:
    """What the call waits for: the element, the document it came from, the verbs after it."""

    element: ET.Element
    url: str
    rest: list[ET.Element]


class Verbs:
    """The verb-by-verb part of a simulated call (mixed into SimulatedCall)."""

    def _run(self, verbs: list[ET.Element], url: str) -> None:
        while verbs:
            verb = verbs.pop(0)
            handler = getattr(self, f"_verb_{verb.tag.lower()}")
            if handler(verb, url, verbs) is False:
                return  # waiting for the caller, or a new document took over
        self._end("completed")  # the end of the document hangs up

    def _verb_say(self, verb, url, rest) -> None:
        text = " ".join("".join(verb.itertext()).split())
        for _ in range(max(int(verb.get("loop", "1")), 1)):
            self.events.append(Event("say", text, detail={"language": verb.get("language", "")}))

    def _verb_play(self, verb, url, rest) -> bool | None:
        if verb.get("digits"):
            self.events.append(Event("dtmf", verb.get("digits")))
            return None
        target = self.transport.absolute((verb.text or "").strip(), url)
        problem = self._check_audio(target)
        if problem:
            self._reject([Problem(f"<Play>{target}</Play>", problem)], url)
            return False
        text = self.describe(target) or ""
        for _ in range(max(int(verb.get("loop", "1")), 1)):
            self.events.append(Event("play", text, target))
        return None

    def _check_audio(self, url: str) -> str | None:
        if not self.transport.is_ours(url):
            return "the simulator cannot fetch audio from other servers"
        answer = self.transport.request("GET", url, {})
        if answer.status != 200 or not answer.content_type.startswith("audio/"):
            return f"does not answer with audio (HTTP {answer.status} {answer.content_type})"
        return None

    def _verb_pause(self, verb, url, rest) -> None:
        self.events.append(Event("pause", detail={"seconds": int(verb.get("length", "1"))}))

    def _verb_gather(self, verb, url, rest) -> bool:
        for child in verb:
            if self._run_nested(child, url) is False:
                return False
        self.events.append(Event("gather", detail=dict(verb.attrib)))
        self.waiting, self.state = Waiting(verb, url, rest), "gather"
        return False

    def _run_nested(self, child, url) -> bool | None:
        return getattr(self, f"_verb_{child.tag.lower()}")(child, url, [])

    def _verb_redirect(self, verb, url, rest) -> bool:
        self._fetch_and_run(verb.get("method", "POST"), (verb.text or "").strip(), {}, url)
        return False

    def _verb_record(self, verb, url, rest) -> bool:
        self.events.append(Event("record", detail=dict(verb.attrib)))
        self.waiting, self.state = Waiting(verb, url, rest), "record"
        return False

    def _verb_dial(self, verb, url, rest) -> bool:
        self.current_url = url  # relative URLs in the Dial's nouns are resolved against it
        nouns = list(verb)
        target = nouns[0] if nouns else None
        detail = dict(verb.attrib)
        if target is None:
            detail.update(kind="number", to=(verb.text or "").strip())
        else:
            detail.update(kind=target.tag.lower(), to=(target.text or "").strip(), **target.attrib)
        self.events.append(Event("dial", detail["to"], detail=detail))
        if detail.get("sendDigits"):
            self.events.append(Event("dtmf", detail["sendDigits"]))
        self.waiting, self.state = Waiting(verb, url, rest), "bridge"
        if self.on_bridge and target is not None:
            self.on_bridge(self, target)
        return False

    def _verb_hangup(self, verb, url, rest) -> bool:
        self.events.append(Event("hangup"))
        self._end("completed")
        return False

    def _verb_reject(self, verb, url, rest) -> bool:
        self.events.append(Event("reject", verb.get("reason", "rejected")))
        self._end("busy" if verb.get("reason") == "busy" else "no-answer")
        return False
