"""What Twilio accepts in TwiML, as one table: which verbs and nouns may stand where, and
which attribute values are allowed. Derived from Twilio's TwiML reference pages (2024-25);
the public XSDs are older and reject current TwiML such as input="dtmf speech"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

Check = Callable[[str], bool]


def one_of(*values: str) -> Check:
    return lambda v: v in values


def integer(low: int, high: int | None = None) -> Check:
    return lambda v: v.isdigit() and low <= int(v) and (high is None or int(v) <= high)


def words(*allowed: str) -> Check:
    """A space-separated list of allowed words, e.g. input="dtmf speech"."""
    return lambda v: bool(v.split()) and all(w in allowed for w in v.split())


def matches(pattern: str) -> Check:
    compiled = re.compile(pattern)
    return lambda v: bool(compiled.fullmatch(v))


ANY: Check = lambda v: True  # noqa: E731 - a value Twilio does not restrict
# A BCP-47 tag as Twilio's speech recognition takes it: "de-DE", "en-GB", "tr-TR", "cmn-Hans-CN".
LANGUAGE = matches(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def hints(value: str) -> bool:
    """Twilio's hints: at most 500 comma-separated words or phrases of at most 100
    characters each (warning 13330 otherwise: the hints are dropped)."""
    entries = [entry.strip() for entry in value.split(",")]
    return len(entries) <= 500 and all(0 < len(entry) <= 100 for entry in entries)


BOOL = one_of("true", "false")
METHOD = one_of("GET", "POST")
URL = matches(r"\S*")  # absolute or relative; empty allowed where Twilio allows it
KEYS = matches(r"[0-9#*]*")
DIGITS = matches(r"[0-9wW#*]+")
SSML = {"break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w"}


@dataclass(frozen=True)
class Rule:
    """Where an element may stand, what it may contain, which attributes it takes."""

    attributes: dict[str, Check] = field(default_factory=dict)
    children: frozenset[str] = frozenset()
    text: bool = False  # may carry text (a URL, a number, words)


STATUS = {"statusCallback": URL, "statusCallbackMethod": METHOD, "statusCallbackEvent": ANY}
RECORDING_STATUS = {
    "recordingStatusCallback": URL,
    "recordingStatusCallbackMethod": METHOD,
    "recordingStatusCallbackEvent": words("in-progress", "completed", "absent"),
}
VERBS = frozenset(
    {
        "Say",
        "Play",
        "Pause",
        "Gather",
        "Redirect",
        "Record",
        "Dial",
        "Hangup",
        "Reject",
        "Enqueue",
        "Leave",
        "Refer",
        "Connect",
        "Start",
        "Stop",
        "Pay",
        "Prompt",
        "Echo",
        "Sms",
    }
)

RULES: dict[str, Rule] = {
    "Response": Rule(children=VERBS),
    "Say": Rule({"voice": ANY, "language": ANY, "loop": integer(0)}, frozenset(SSML), text=True),
    "Play": Rule({"loop": integer(0), "digits": DIGITS}, text=True),
    "Pause": Rule({"length": integer(1)}),
    "Gather": Rule(
        {
            "action": URL,
            "method": METHOD,
            "timeout": integer(1),
            "numDigits": integer(1),
            "finishOnKey": matches(r"[0-9#*]?"),
            "input": words("dtmf", "speech"),
            "actionOnEmptyResult": BOOL,
            "language": LANGUAGE,
            "hints": hints,
            "speechTimeout": matches(r"auto|[1-9]\d*"),
            "speechModel": matches(r"[\w.-]+"),
            "enhanced": BOOL,
            "profanityFilter": BOOL,
            "partialResultCallback": URL,
            "partialResultCallbackMethod": METHOD,
            "bargeIn": BOOL,
            "debug": BOOL,
        },
        frozenset({"Say", "Play", "Pause"}),
    ),
    "Redirect": Rule({"method": METHOD}, text=True),
    "Record": Rule(
        {
            "action": URL,
            "method": METHOD,
            "timeout": integer(0),
            "finishOnKey": KEYS,
            "maxLength": integer(1),
            "playBeep": BOOL,
            "trim": one_of("trim-silence", "do-not-trim"),
            "transcribe": BOOL,
            "transcribeCallback": URL,
            **RECORDING_STATUS,
        }
    ),
    "Dial": Rule(
        {
            "action": URL,
            "method": METHOD,
            "timeout": integer(5, 600),
            "hangupOnStar": BOOL,
            "timeLimit": integer(1),
            "callerId": ANY,
            "record": ANY,
            "trim": ANY,
            "answerOnBridge": BOOL,
            "ringTone": ANY,
            "sequential": BOOL,
            "referUrl": URL,
            "referMethod": METHOD,
            "events": ANY,
            **RECORDING_STATUS,
        },
        frozenset({"Number", "Sip", "Client", "Conference", "Queue", "Sim", "Application"}),
        text=True,
    ),
    "Number": Rule(
        {
            "sendDigits": DIGITS,
            "url": URL,
            "method": METHOD,
            "byoc": ANY,
            "machineDetection": ANY,
            "amdStatusCallback": URL,
            **STATUS,
        },
        text=True,
    ),
    "Sip": Rule(
        {"username": ANY, "password": ANY, "url": URL, "method": METHOD, **STATUS}, text=True
    ),
    "Conference": Rule(
        {
            "muted": BOOL,
            "beep": one_of("true", "false", "onEnter", "onExit"),
            "startConferenceOnEnter": BOOL,
            "endConferenceOnExit": BOOL,
            "waitUrl": URL,
            "waitMethod": METHOD,
            "maxParticipants": integer(2, 250),
            "record": ANY,
            "region": ANY,
            "coach": ANY,
            "trim": ANY,
            "jitterBufferSize": ANY,
            "participantLabel": ANY,
            "participantIdentity": ANY,
            **STATUS,
            **RECORDING_STATUS,
            "eventCallbackUrl": URL,
        },
        text=True,
    ),
    "Hangup": Rule(),
    "Reject": Rule({"reason": one_of("rejected", "busy")}),
}
for tag in SSML:
    RULES[tag] = Rule({"*": ANY}, frozenset(SSML), text=True)


@dataclass(frozen=True)
class Problem:
    """Something Twilio would refuse, with the element it concerns."""

    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message}"


def validate(root: ET.Element) -> list[Problem]:
    """Every problem Twilio's parser would report for this document."""
    if root.tag != "Response":
        return [Problem(f"<{root.tag}>", "the document must be a <Response>")]
    problems: list[Problem] = []
    _check(root, "Response", problems)
    return problems


SPEECH_ONLY = ("hints", "speechTimeout", "speechModel", "enhanced", "language")


def _gather(element: ET.Element, path: str, problems: list[Problem]) -> None:
    """What Twilio's reference says of the speech attributes together."""
    listens = "speech" in element.get("input", "dtmf").split()
    given = [name for name in SPEECH_ONLY if name in element.attrib]
    if given and not listens:
        problems.append(Problem(path, f"{', '.join(given)} without input speech (ignored)"))
    if element.get("speechTimeout") == "auto" and element.get("speechModel"):
        problems.append(Problem(path, "speechTimeout auto with a speechModel (warning 13335)"))


def _check(element: ET.Element, path: str, problems: list[Problem]) -> None:
    rule = RULES[element.tag]
    if element.tag == "Gather":
        _gather(element, path, problems)
    if (element.text or "").strip() and not rule.text:
        problems.append(Problem(path, "may not contain text"))
    for name, value in element.attrib.items():
        check = rule.attributes.get(name) or rule.attributes.get("*")
        if check is None:
            problems.append(Problem(path, f"unknown attribute {name}={value!r}"))
        elif not check(value):
            problems.append(Problem(path, f"invalid value {name}={value!r}"))
    for index, child in enumerate(element):
        where = f"{path}/{child.tag}[{index + 1}]"
        if child.tag not in RULES and child.tag in rule.children:
            problems.append(Problem(where, f"the simulator does not support <{child.tag}>"))
        elif child.tag not in RULES:
            problems.append(Problem(where, f"unknown element <{child.tag}>"))
        elif child.tag not in rule.children:
            problems.append(Problem(where, f"<{child.tag}> may not stand inside <{element.tag}>"))
        else:
            _check(child, where, problems)
