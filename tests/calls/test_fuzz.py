"""Hostile but well-formed webhooks, signed as Twilio signs them, on every /voice/ route: the
answer is always 200 with TwiML that Twilio accepts, and nothing is logged as an ERROR.

Hypothesis draws short calls: a new call (often from a withheld or odd number), then a few
requests, each either a step the call's last reply offered or any /voice/ route, with NUL
bytes, very long values, unicode, numbers and unknown CallSids in the parameters. The routes
come from `app.url_map`, so a new route is fuzzed too (and fails here until its URL variables
have values below). Derandomized with a bounded number of examples: fast, and the same
examples on every run."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from tests.conftest import BASE_URL
from voice.calls import engine
from voice.models import (
    Call,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
    Role,
    User,
)
from voice.telephony.simulator import validate

STAFF_PHONE, PIN, CODE = "+497311234567", "4711", "2024"
EXAMPLES = 100  # each a call of 3 to 6 requests, on each database (about 5 s + 10 s)

HOSTILE = [
    "",
    "\x00",
    "1\x002",
    "\x07\x1b[2J",
    "anonymous",
    "restricted",
    "+266696687",
    "+86282452253",
    "client:Anonymous",
    "sip:x@example.org",
    "0",
    "-1",
    "99999999999999999999",
    "2147483648",
    "x",
    "1.5",
    "²",
    "٣",
    "*#",
    "1" * 300,
    "A" * 5000,
    "ü" * 300,
    "🙂\u200b\ufeff",
    "<Say>&amp;</Say>",
    "' OR 1=1 --",
    "https://evil.example/x.wav",
    "CA-unknown",
]
HOSTILE_VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers().map(str))


def param(*usual: str) -> st.SearchStrategy[str | None]:
    """A parameter: a usual value, a hostile one, or left out (None)."""
    return (
        st.one_of(st.sampled_from(usual), HOSTILE_VALUES, st.none())
        if usual
        else st.one_of(HOSTILE_VALUES, st.none())
    )


STATUSES = ("completed", "answered", "busy", "no-answer", "failed", "canceled", "in-progress")
PARAMS = {
    "From": param(STAFF_PHONE, "+497319999999", "0731 1234"),
    "To": param("+497319876543"),
    "Direction": param("inbound", "outbound-api"),
    "Digits": param("1", "2", "3", "4", "5", "8", "9", "0", "*", "#", PIN, CODE, "1234"),
    "SpeechResult": param("Ja.", "Veranstaltungen", "eins zwei drei vier", "zurück", "2024"),
    "Confidence": param("0.93", "0.2", "0"),
    "CallStatus": param(*STATUSES),
    "CallDuration": param("30"),
    "RecordingSid": param("RE" + "b" * 32),
    "RecordingUrl": param("https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1"),
    "RecordingDuration": param("4"),
    "RecordingStatus": param("completed"),
    "DialCallStatus": param(*STATUSES),
    "AnsweredBy": param("human", "machine_start"),
    "StatusCallbackEvent": param("conference-start", "participant-join", "participant-mute"),
    "ConferenceSid": param("CF" + "c" * 32),
    "SequenceNumber": param("1", "2"),
    "Muted": param("true", "false"),
}
QUERY = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={"event": HOSTILE_VALUES, "reminder": HOSTILE_VALUES}),
)
# One request of a call: which path (an index into what the call's last reply offered, or any
# route), whether it names an unknown CallSid instead, its parameters and query string.
REQUEST = st.fixed_dictionaries(
    {
        "offered": st.one_of(st.integers(0, 9), st.integers(0, 9), st.none()),
        "route": st.integers(0, 10_000),
        "sid": st.one_of(st.none(), st.none(), st.none(), st.sampled_from(["", "CA-unknown"])),
        "params": st.fixed_dictionaries(PARAMS),
        "query": QUERY,
    }
)


def _variables() -> dict[tuple[str, str], list[str]]:
    """Sensible values for the URL variables of the /voice/ routes (and one unknown name)."""
    return {
        ("voice.menu", "name"): [*engine.MENUS, "nowhere"],
        ("voice.silence", "name"): [*engine.MENUS, "nowhere"],
        ("voice.record", "purpose"): [*engine.RECORDINGS, "nowhere"],
        ("voice.dial", "purpose"): [*engine.DIALS, "nowhere"],
        ("voice.recording_status", "purpose"): ["name", "message", "announcement", "prompt", "x"],
    }


def _routes(app) -> list[str]:
    """Every POST path under /voice/, with each URL variable filled in every sensible way."""
    variables = _variables()
    paths = []
    with app.test_request_context():
        adapter = app.url_map.bind("quartier.example.org")
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/voice/"):
                continue
            assert "POST" in rule.methods, rule
            names = sorted(rule.arguments)
            assert len(names) <= 1, f"{rule}: give its variables values in _variables()"
            if not names:
                paths.append(adapter.build(rule.endpoint))
                continue
            key = (rule.endpoint, names[0])
            assert key in variables, f"{rule}: give {names[0]} values in _variables()"
            paths += [adapter.build(rule.endpoint, {names[0]: v}) for v in variables[key]]
    return sorted(paths)


@pytest.fixture
def world(session, make_event, make_resident):
    """What hostile calls can reach: a staff member with phone access, a resident with a
    booking and a reminder, an event live now (with a PIN) and one ahead."""
    user = User(email="anna@q.de", name="Anna", role=Role.STAFF, phone=STAFF_PHONE)
    user.staff_code = CODE
    user.set_password("ein-langes-Passwort")
    user.set_pin(PIN)
    session.add(user)
    resident = make_resident(phone="+497319999999")
    make_event(starts_in=timedelta(minutes=-10), pin="1234")
    event = make_event()
    registration = Registration(
        event=event, resident=resident, status=RegistrationStatus.BOOKED, wants_reminder=True
    )
    session.add(registration)
    session.flush()
    session.add(
        Reminder(
            registration=registration,
            kind=ReminderKind.BEFORE,
            state=ReminderState.CALLING,
            due_at=event.starts_at,
        )
    )
    session.commit()


class Errors(logging.Handler):
    """Collects the records at ERROR and above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def errors():
    handler = Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run: CI cannot flake on a new one
    database=None,
    deadline=None,
    # No shrinking: the assertion names the failing request already, and shrinking a call of
    # several requests takes minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(calls=st.lists(REQUEST, min_size=3, max_size=6))
def test_hostile_webhooks_get_twiml_and_log_no_error(app, client, connection, world, errors, calls):
    errors.records.clear()
    example = connection.begin_nested()  # each example starts from the same `world`
    try:
        _hostile_call(app, client, connection, errors, calls)
    finally:
        example.rollback()


def _hostile_call(app, client, connection, errors, requests) -> None:
    """A new call (its first request goes to /voice/incoming), then the other requests."""
    validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    routes = _routes(app)
    sid = "CA" + "f" * 32
    for number, drawn in enumerate(requests):
        offered = connection.scalar(select(Call.awaiting).where(Call.call_sid == sid)) or []
        if number == 0:
            path = "/voice/incoming"
        elif drawn["offered"] is not None and offered:
            path = offered[drawn["offered"] % len(offered)]
        else:
            path = routes[drawn["route"] % len(routes)]
        query = drawn["query"]
        url = path + (f"?{urlencode(query)}" if query else "")
        form = {name: value for name, value in drawn["params"].items() if value is not None}
        form["CallSid"] = sid if drawn["sid"] is None else drawn["sid"]
        signature = validator.compute_signature(BASE_URL + url, form)
        response = client.post(url, data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, (url, form)
        assert response.mimetype == "text/xml", (url, form)
        try:
            root = ET.fromstring(response.data)
        except ET.ParseError as error:
            pytest.fail(f"not XML ({error}): {url} {form}")
        assert root.tag == "Response", (url, form)
        assert validate(root) == [], (url, form)
        assert errors.records == [], [(r.getMessage(), url, form) for r in errors.records]
