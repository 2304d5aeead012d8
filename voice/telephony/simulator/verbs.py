"""What Twilio does with each verb of a TwiML document, in order, until the call waits.

Each verb is a function of the call, the verb's element, the URL of its document and the verbs
after it; it returns True when the next verb follows, False when the call now waits for the
caller (or a new document took over, or the call ended). `VERBS` maps a tag to its function."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voice.telephony.simulator.schema import Problem

if TYPE_CHECKING:
    from voice.telephony.simulator.call import SimulatedCall


@dataclass
class Event:
    """Something the caller hears or that happens on the line."""

    kind: str  # say, play, pause, dtmf, gather, record, dial, bridge, hangup, reject, error
    text: str = ""
    url: str = ""
    detail: dict[str, object] = field(default_factory=dict)


@dataclass
class Waiting:
    """What the call waits for: the element, the document it came from, the verbs after it."""

    element: ET.Element
    url: str
    rest: list[ET.Element]


Verb = Callable[["SimulatedCall", ET.Element, str, list[ET.Element]], bool]


def run(call: SimulatedCall, verbs: list[ET.Element], url: str) -> None:
    """Run the verbs until the call waits; the end of the document hangs up."""
    while verbs:
        verb = verbs.pop(0)
        if not VERBS[verb.tag.lower()](call, verb, url, verbs):
            return
    call.end("completed")


def _say(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    text = " ".join("".join(verb.itertext()).split())
    for _ in range(max(int(verb.get("loop", "1")), 1)):
        call.events.append(Event("say", text, detail={"language": verb.get("language", "")}))
    return True


def _play(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    digits = verb.get("digits")
    if digits:
        call.events.append(Event("dtmf", digits))
        return True
    target = call.transport.absolute((verb.text or "").strip(), url)
    problem = _check_audio(call, target)
    if problem:
        call.reject([Problem(f"<Play>{target}</Play>", problem)], url)
        return False
    text = call.describe(target) or ""
    for _ in range(max(int(verb.get("loop", "1")), 1)):
        call.events.append(Event("play", text, target))
    return True


def _check_audio(call: SimulatedCall, url: str) -> str | None:
    if not call.transport.is_ours(url):
        return "the simulator cannot fetch audio from other servers"
    answer = call.transport.request("GET", url, {})
    if answer.status != 200 or not answer.content_type.startswith("audio/"):
        return f"does not answer with audio (HTTP {answer.status} {answer.content_type})"
    return None


def _pause(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.events.append(Event("pause", detail={"seconds": int(verb.get("length", "1"))}))
    return True


def _gather(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    for child in verb:
        if not VERBS[child.tag.lower()](call, child, url, []):
            return False
    call.events.append(Event("gather", detail=dict(verb.attrib)))
    call.wait(Waiting(verb, url, rest), "gather")
    return False


def _redirect(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.fetch_and_run(verb.get("method", "POST"), (verb.text or "").strip(), {}, url)
    return False


def _record(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.events.append(Event("record", detail=dict(verb.attrib)))
    call.wait(Waiting(verb, url, rest), "record")
    return False


def _dial(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.current_url = url  # relative URLs in the Dial's nouns are resolved against it
    nouns = list(verb)
    target = nouns[0] if nouns else None
    detail = dict(verb.attrib)
    if target is None:
        detail.update(kind="number", to=(verb.text or "").strip())
    else:
        detail.update(kind=target.tag.lower(), to=(target.text or "").strip(), **target.attrib)
    call.events.append(Event("dial", detail["to"], detail=dict(detail)))
    if detail.get("sendDigits"):
        call.events.append(Event("dtmf", detail["sendDigits"]))
    call.wait(Waiting(verb, url, rest), "bridge")
    if call.on_bridge and target is not None:
        call.on_bridge(call, target)
    return False


def _hangup(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.events.append(Event("hangup"))
    call.end("completed")
    return False


def _reject(call: SimulatedCall, verb: ET.Element, url: str, rest: list[ET.Element]) -> bool:
    call.events.append(Event("reject", verb.get("reason", "rejected")))
    call.end("busy" if verb.get("reason") == "busy" else "no-answer")
    return False


VERBS: dict[str, Verb] = {
    "say": _say,
    "play": _play,
    "pause": _pause,
    "gather": _gather,
    "redirect": _redirect,
    "record": _record,
    "dial": _dial,
    "hangup": _hangup,
    "reject": _reject,
}
