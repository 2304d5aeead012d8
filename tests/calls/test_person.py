"""`0` Mit einem Menschen sprechen: forwarded in office hours, otherwise a message."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from voice.centres.office_hours import DAYS
from voice.models import Message, MessageKind
from voice.speech.dates import way

OPEN = {"OFFICE_HOURS": "Mo-So 00:00-24:00", "STAFF_PHONE_NUMBER": "+497319990000"}


@pytest.mark.parametrize("app_config", [OPEN])
def test_in_office_hours_the_call_is_forwarded(phone):
    phone.call()
    reply = phone.press("0")
    assert reply.verbs == ["Say", "Dial"]
    assert reply.said() == ["Einen Moment bitte, ich verbinde Sie mit der Quartierszentrale."]
    assert reply.one("Dial").get("action") == "/voice/dial/person"
    assert reply.one("Number").text == "+497319990000"
    reply = phone.dial_ends("completed")
    assert reply.verbs == ["Say", "Hangup"]


@pytest.mark.parametrize("app_config", [OPEN])
@pytest.mark.parametrize("status", ["no-answer", "busy", "failed"])
def test_nobody_answers_so_a_message_is_recorded(phone, session, status):
    phone.call()
    phone.press("0")
    reply = phone.dial_ends(status, duration=0)
    assert reply.said()[:2] == [
        "Leider ist gerade niemand erreichbar.",
        "Sie können uns eine Nachricht hinterlassen. Wir rufen Sie zurück.",
    ]
    phone.record()
    phone.press("1")
    [message] = session.scalars(select(Message)).all()
    assert message.kind is MessageKind.OFFICE


def _another_day() -> tuple[str, str]:
    """A weekday that is neither today nor tomorrow in Ulm (short and spoken form)."""
    day = (datetime.now(ZoneInfo("Europe/Berlin")).weekday() + 3) % 7
    return DAYS[day], way("de").office_days[day]


@pytest.fixture
def app_config():
    short, _spoken = _another_day()
    return {"OFFICE_HOURS": f"{short} 09:00-12:30", "STAFF_PHONE_NUMBER": "+497319990000"}


def test_outside_office_hours_the_hours_are_told_and_a_message_offered(phone):
    phone.call()
    reply = phone.press("0")
    _short, spoken = _another_day()
    assert reply.said()[0] == (
        "Die Quartierszentrale ist gerade nicht besetzt. "
        f"Sie erreichen uns {spoken} von 9 Uhr bis 12 Uhr 30."
    )
    assert "Dial" not in reply.verbs
    assert reply.one("Record") is not None


def test_without_a_staff_number_a_message_is_offered(phone):
    phone.call()
    reply = phone.press("0")
    assert "Dial" not in reply.verbs
    assert reply.one("Record") is not None
