"""Whatever breaks inside a webhook, the caller hears an apology and a way on; never a 500."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from tests.conftest import BASE_URL
from tests.phone import Phone
from voice.calls.engine import Turn
from voice.models import Call, Registration

APOLOGY = "Entschuldigung, hier ist gerade etwas schiefgegangen."


def _assert_apology(reply) -> None:
    assert reply.status == 200
    assert reply.mimetype == "text/xml"
    assert reply.verbs == ["Say", "Gather", "Say", "Hangup"]
    assert reply.said()[0] == APOLOGY
    gather = reply.one("Gather")
    assert gather.get("action") == "/voice/restart"
    assert "drücken Sie die 1" in reply.said()[1] and "der 0" in reply.said()[1]


def test_lost_call_sid_gets_an_apology_and_can_start_again(phone, session, caplog):
    phone.call_sid = "CA-never-seen"
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/menu/events", Digits="1")
    _assert_apology(reply)
    [record] = caplog.records  # a WARNING without a traceback: nothing broke here
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "CA-never-seen" in record.getMessage()
    reply = phone.press("1")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    assert session.scalar(select(func.count()).select_from(Call)) == 1


def test_restart_with_zero_reaches_a_person(phone):
    phone.call_sid = "CA-lost"
    phone.post("/voice/record/name")
    reply = phone.press("0")
    assert reply.one("Record") is not None  # no office hours: a message for the staff


def test_a_bug_rolls_back_and_apologises(
    phone, session, make_resident, make_event, monkeypatch, caplog
):
    make_resident()
    event = make_event()
    phone.call()
    phone.press("1")  # the greeting's offer: book it

    def broken(self, moment):
        raise RuntimeError("bug in the read-back")

    monkeypatch.setattr(Turn, "when", broken)
    with caplog.at_level(logging.ERROR):
        reply = phone.press("1")
    _assert_apology(reply)
    assert phone.call_sid in caplog.text
    assert "bug in the read-back" in caplog.text
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Registration)) == 0
    session.refresh(event)
    assert event.seats_taken == 0


def test_database_gone_apologises(own_app, tmp_path, caplog):
    app = own_app(f"sqlite:///{tmp_path}/missing/folder/db.sqlite")
    phone = Phone(app.test_client(), app, BASE_URL)
    with caplog.at_level(logging.ERROR):
        reply = phone.call()
    _assert_apology(reply)
    assert phone.call_sid in caplog.text


def test_database_without_tables_apologises(own_app, tmp_path):
    app = own_app(f"sqlite:///{tmp_path}/empty.sqlite")
    phone = Phone(app.test_client(), app, BASE_URL)
    _assert_apology(phone.call())


def test_status_callback_records_how_the_call_ended(phone, session):
    phone.call()
    reply = phone.post("/voice/status", CallStatus="completed", CallDuration="95")
    assert reply.status == 200
    call = session.scalar(select(Call).where(Call.call_sid == phone.call_sid))
    session.refresh(call)
    assert call.status == "completed"
    assert call.duration == 95
    assert call.ended_at is not None


def test_status_for_an_unknown_call_is_accepted(phone):
    phone.call_sid = "CA-unknown"
    assert phone.hang_up().status == 200


def test_retried_incoming_creates_one_call(phone, session):
    phone.call()
    phone.post("/voice/incoming", token="other")
    assert session.scalar(select(func.count()).select_from(Call)) == 1


def test_fallback_twiml_reaches_the_centre_without_our_server(own_app, tmp_path):
    import xml.etree.ElementTree as ET

    app = own_app(f"sqlite:///{tmp_path}/x.db", STAFF_PHONE_NUMBER="+497319990000")
    result = app.test_cli_runner().invoke(args=["fallback-twiml"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.output)
    assert [el.tag for el in root] == ["Say", "Say", "Dial", "Say", "Hangup"]
    assert root.find("Dial/Number").text == "+497319990000"
    assert not [el for el in root.iter() if el.get("action")]  # nothing that needs us


def test_fallback_twiml_of_a_second_centre_reaches_its_staff(own_app, tmp_path):
    import xml.etree.ElementTree as ET

    from voice import schema
    from voice.models import Centre

    app = own_app(f"sqlite:///{tmp_path}/x.db", STAFF_PHONE_NUMBER="+497319990000")
    with app.app_context():
        schema.upgrade(app.extensions["db"].kw["bind"])
        with app.extensions["db"].begin() as session:
            session.add(Centre(slug="weststadt", name="Weststadt", staff_number="+4973100000111"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["fallback-twiml", "--centre", "weststadt"])
    assert result.exit_code == 0, result.output
    assert ET.fromstring(result.output).find("Dial/Number").text == "+4973100000111"
    result = runner.invoke(args=["fallback-twiml"])  # the first centre, from the upgrade
    assert ET.fromstring(result.output).find("Dial/Number").text == "+497319990000"
    result = runner.invoke(args=["fallback-twiml", "--centre", "nirgends"])
    assert result.exit_code == 1 and "alter-eselsberg, weststadt" in result.output
