"""What a webhook sends, made safe in one place before the menus, the database or the TwiML
see it. Twilio never sends such values, but a signed request can carry anything, and each of
these once ended in a traceback instead of an answer:

- characters XML cannot carry (NUL and the other control characters): PostgreSQL refuses NUL
  in text, and a key spoken back would make the reply unreadable for Twilio;
- a value longer than the column it is stored in (the length is read from the column);
- keys that no keypad sends (`Digits` is 0-9, `*` and `#`);
- numbers that are not numbers, or too large for an integer column.

Such a value is left out, as if Twilio had not sent it, and logged as a WARNING (its name and
what was wrong, not the value): the caller hears what they hear when a value is missing."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from flask import g, request
from sqlalchemy import String
from sqlalchemy.orm import QueryableAttribute

from voice.models import Call, MeetingEvent, Recording

log = logging.getLogger(__name__)


def _length(column: QueryableAttribute[Any]) -> int:
    kind = column.expression.type
    if not isinstance(kind, String) or not kind.length:
        raise TypeError(f"{column} is not a string column with a length")
    return kind.length


# The longest value of a parameter: the length of the column it is stored in.
LENGTHS = {
    name: _length(column)
    for name, column in {
        "CallSid": Call.call_sid,
        "From": Call.from_number,
        "To": Call.from_number,  # the resident's number on calls we place
        "CallStatus": Call.status,
        "RecordingSid": Recording.sid,
        "RecordingUrl": Recording.source_url,
        "ConferenceSid": MeetingEvent.conference_sid,
        "StatusCallbackEvent": MeetingEvent.kind,
    }.items()
}
TOKEN_LENGTH = _length(Call.last_token)  # Twilio's I-Twilio-Idempotency-Token
NUMBERS = {"CallDuration", "DialCallDuration", "RecordingDuration", "SequenceNumber"}
LARGEST = 2**31 - 1  # an integer column on PostgreSQL
# What Twilio heard (`SpeechResult`): a menu needs a few words; more is not an answer.
SPEECH_LENGTH = 500
KEYS = re.compile(r"[0-9*#]{1,32}")  # the longest entry in a menu is 6 digits
# What XML 1.0 cannot carry (werkzeug already replaced undecodable bytes).
UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read() -> None:
    """before_request of the /voice blueprint (after the signature check): clean the form.

    Kept in `g`, and dropped after the request (`forget`): the simulator's terminal phone
    sends a whole call inside one app context, and `g` lives as long as that."""
    g.webhook_params = clean(request.form, request.path)


def forget(_error: BaseException | None = None) -> None:
    """teardown_request of the /voice blueprint: nothing is left for the next request."""
    g.pop("webhook_params", None)


def webhook() -> dict[str, str]:
    """This request's form, made safe."""
    params: dict[str, str] = g.webhook_params
    return params


def clean(form: Mapping[str, str], path: str = "") -> dict[str, str]:
    """The parameters without the values that could not have come from Twilio."""
    params = {}
    for name, raw in form.items():
        value = UNCARRIABLE.sub("", raw)
        if value != raw:
            log.warning("webhook %s: %s without its control characters", path, name)
        problem = _problem(name, value)
        if problem:
            log.warning("webhook %s: %s left out (%s)", path, name, problem)
            continue
        params[name] = value
    return params


def _problem(name: str, value: str) -> str | None:
    """What is wrong with this value, or None."""
    if len(value) > LENGTHS.get(name, len(value)):
        return f"{len(value)} characters, at most {LENGTHS[name]}"
    if name == "Digits" and value and not KEYS.fullmatch(value):
        return "not keypad keys"
    if name == "SpeechResult" and len(value) > SPEECH_LENGTH:
        return f"{len(value)} characters, at most {SPEECH_LENGTH}"
    if name == "Confidence" and value and confidence(value) is None:
        return "not a confidence between 0 and 1"
    if name in NUMBERS and value and number(value) is None:
        return "not a number"
    return None


def number(value: str | None) -> int | None:
    """A whole number of ASCII digits that fits an integer column, else None."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    parsed = int(value)
    return parsed if parsed <= LARGEST else None


def confidence(value: str | None) -> float | None:
    """Twilio's Confidence, a number from 0 to 1; None when it is not one."""
    try:
        parsed = float(value or "")
    except ValueError:
        return None
    return parsed if 0.0 <= parsed <= 1.0 else None


def idempotency_token() -> str | None:
    """Twilio's I-Twilio-Idempotency-Token, when it fits its column (else none: no retry)."""
    token = UNCARRIABLE.sub("", request.headers.get("I-Twilio-Idempotency-Token", ""))
    return token if 0 < len(token) <= TOKEN_LENGTH else None


def query_id(name: str) -> int:
    """A row id from the query string (`?event=3`); 0 when it is missing or not an id."""
    return number(request.args.get(name)) or 0
