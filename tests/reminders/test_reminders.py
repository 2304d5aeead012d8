"""Reminder calls with scripted residents through the simulator's outgoing side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.days import today_or_tomorrow
from voice.models import (
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
    Resident,
    utcnow,
)
from voice.registrations import booking
from voice.reminders.cli import make_dialer

ALL_DAY = {
    "REMINDER_HOURS": "00:00-24:00",
    "REMINDER_RATE": 1000.0,
    "PUBLIC_PHONE_NUMBER": "0731 123 45 67",
}


@pytest.fixture
def app_config():
    return ALL_DAY


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def dialer(app, clock):
    phones = app.extensions["telephony"].phones
    phones.strict = True  # TwiML that Twilio would refuse fails the test
    return make_dialer(app, "test-dialer", clock_now=clock, sleep=lambda seconds: None)


@pytest.fixture
def phones(app):
    return app.extensions["telephony"].phones


def _resident(session, number: str, name: str) -> Resident:
    resident = Resident(phone=number, name=name)
    session.add(resident)
    session.flush()
    return resident


def _ringing(phones, number: str) -> str:
    [sid] = [sid for sid, ring in phones.ringing.items() if ring.to == number]
    return sid


def _reminder(session, resident: Resident) -> Reminder:
    session.expire_all()
    return session.scalar(
        select(Reminder).join(Registration).where(Registration.resident_id == resident.id)
    )


def test_five_residents(app, session, make_event, dialer, phones, clock):
    event = make_event(
        title="Spieleabend", starts_in=timedelta(minutes=20), capacity=5, remind_minutes=30
    )
    people = {
        name: _resident(session, f"+4973100001{n:02d}", name)
        for n, name in enumerate(["Anna", "Bernd", "Carla", "Dieter", "Emil", "Wilma"])
    }
    for name in ["Anna", "Bernd", "Carla", "Dieter", "Emil"]:
        booking.book(session, event.id, people[name], wants_reminder=True)
    booking.book(session, event.id, people["Wilma"], wants_reminder=True)  # waiting list
    session.commit()

    assert dialer.run_once() == 5  # Wilma waits: no reminder for a waiting-list place
    anna = phones.answer(_ringing(phones, people["Anna"].phone))
    said = [e.text for e in anna.events if e.kind == "say"]
    assert said[0] == "Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg."
    assert said[1].startswith(f"Spieleabend beginnt {today_or_tomorrow(event.starts_at)}, ")
    anna.press("1")
    assert any(e.kind == "dial" and e.detail["kind"] == "conference" for e in anna.events)
    assert _reminder(session, people["Anna"]).state is ReminderState.JOINED

    bernd = phones.answer(_ringing(phones, people["Bernd"].phone))
    bernd.press("2")
    assert _reminder(session, people["Bernd"]).state is not ReminderState.DECLINED  # asked first
    bernd.press("1")
    said = [e.text for e in bernd.events if e.kind == "say"]
    assert said[-2].startswith("Schade! Wir haben Sie abgemeldet.")
    assert bernd.state == "ended"
    assert _reminder(session, people["Bernd"]).state is ReminderState.DECLINED
    statuses = {r.resident.name: r.status for r in session.scalars(select(Registration))}
    assert statuses["Bernd"] is RegistrationStatus.CANCELLED
    assert statuses["Wilma"] is RegistrationStatus.BOOKED  # the seat went to the waiting list

    carla = phones.answer(_ringing(phones, people["Carla"].phone), machine=True)
    [message] = [e.text for e in carla.events if e.kind == "say"]
    assert message.startswith(
        "Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg. "
        "Zur Erinnerung: Spieleabend"
    )
    assert "rufen Sie uns an unter 0 7 3 1, 1 2 3, 4 5, 6 7." in message
    assert carla.state == "ended"
    assert _reminder(session, people["Carla"]).state is ReminderState.MACHINE

    # Wilma got Bernd's seat: her reminder is planned on the next round and called like the others.
    assert dialer.run_once() == 1
    phones.answer(_ringing(phones, people["Wilma"].phone)).hang_up()

    # Dieter is busy twice, then answers; Emil never answers.
    for attempt in range(3):
        if attempt:
            clock.now += timedelta(minutes=6)  # retries come a few minutes apart
            assert dialer.run_once() == 2
        if attempt < 2:
            phones.decline(_ringing(phones, people["Dieter"].phone), "busy")
        else:
            dieter = phones.answer(_ringing(phones, people["Dieter"].phone))
            dieter.hang_up()
        phones.decline(_ringing(phones, people["Emil"].phone), "no-answer")

    dieter_reminder = _reminder(session, people["Dieter"])
    assert dieter_reminder.state is ReminderState.ANSWERED and dieter_reminder.attempts == 3
    emil = _reminder(session, people["Emil"])
    assert emil.state is ReminderState.NO_ANSWER and emil.attempts == 3
    clock.now += timedelta(minutes=6)
    assert dialer.run_once() == 0  # nobody is called a fourth time
    assert not phones.ringing


def test_no_calls_at_night_and_none_too_late(app, session, make_event, phones, clock):
    app.config["REMINDER_HOURS"] = "08:00-20:00"
    dialer = make_dialer(app, "night", clock_now=clock, sleep=lambda s: None)
    # The event starts five minutes after the next 01:00 UTC (2 or 3 o'clock in Ulm), so its
    # reminder is due at night whatever the hour the suite runs.
    night = clock.now.replace(hour=1, minute=0, second=0, microsecond=0)
    if night <= clock.now:
        night += timedelta(days=1)
    event = make_event(starts_in=night + timedelta(minutes=5) - clock.now)
    booking.book(
        session, event.id, _resident(session, "+497310000201", "Nachteule"), wants_reminder=True
    )
    session.commit()
    clock.now = night
    assert dialer.run_once() == 0
    clock.now = event.starts_at + timedelta(minutes=11)
    dialer.run_once()
    assert _reminder(session, session.scalar(select(Resident))).state is ReminderState.SKIPPED


def test_reminder_hours_to_midnight_include_the_last_minute(app):
    # "00:00-24:00" calls at any hour; "00:00-23:59" had left out 23:59 (a test that ran then
    # waited for a call that never came)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ulm = ZoneInfo("Europe/Berlin")
    late, early = datetime(2026, 12, 31, 23, 59, 30, tzinfo=ulm), datetime(2027, 1, 1, tzinfo=ulm)
    app.config["REMINDER_HOURS"] = "00:00-24:00"
    assert make_dialer(app, "all").allowed(late) and make_dialer(app, "all").allowed(early)
    app.config["REMINDER_HOURS"] = "08:00-20:00"
    evening = make_dialer(app, "day")
    assert not evening.allowed(late.replace(hour=20, minute=0, second=0))
    assert evening.allowed(late.replace(hour=19, minute=59))


def test_a_cancelled_event_calls_everyone_who_wanted_reminders(
    client, login, session, make_event, dialer, phones, clock
):
    from tests.accounts import csrf_token

    event = make_event(title="Kochtreff", starts_in=timedelta(days=1))
    for n, wants in enumerate([True, False]):
        booking.book(
            session, event.id, _resident(session, f"+49731000030{n}", f"P{n}"), wants_reminder=wants
        )
    session.commit()
    login()
    url = f"/admin/events/{event.id}/cancel"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    clock.now = utcnow()
    assert dialer.run_once() == 1
    call = phones.answer(_ringing(phones, "+497310000300"))
    said = [e.text for e in call.events if e.kind == "say"]
    assert said[1].startswith("Leider müssen wir Ihnen sagen: Kochtreff, morgen,")
    kinds = {r.kind for r in session.scalars(select(Reminder))}
    assert kinds == {ReminderKind.CANCELLATION}


def test_status_callbacks_are_idempotent(app, session, make_event, dialer, phones, clock):
    event = make_event(starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000401", "Doppelt")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    dialer.run_once()
    sid = _ringing(phones, person.phone)
    phones.decline(sid, "busy")
    first = _reminder(session, person)
    due, attempts = first.due_at, first.attempts
    client = app.test_client()
    from tests.phone import Phone

    phone = Phone(client, app, "https://quartier.example.org", number=person.phone)
    phone.call_sid = sid
    phone.post(f"/voice/reminder/status?reminder={first.id}", CallStatus="busy")  # Twilio retries
    again = _reminder(session, person)
    assert (again.state, again.due_at, again.attempts) == (ReminderState.PLANNED, due, attempts)


def test_the_reminder_wish_can_be_changed_by_phone(session, make_event, phone, make_resident):
    event = make_event(title="ErzählCafé")
    booking.book(session, event.id, make_resident(), wants_reminder=True)
    session.commit()
    phone.call()
    phone.press("2")
    assert phone.press("4").said()[0] == "Wir rufen Sie vor ErzählCafé nicht an."
    assert phone.press("4").said()[0] == "Wir rufen Sie vor ErzählCafé an und erinnern Sie."


def test_staff_see_each_reminder_and_can_switch_it(
    client, login, session, make_event, dialer, phones
):
    from tests.accounts import csrf_token

    event = make_event(title="Kochtreff", starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000501", "Greta")
    registration = booking.book(session, event.id, person, wants_reminder=True).registration
    session.commit()
    dialer.run_once()
    phones.answer(_ringing(phones, person.phone), machine=True)
    login()
    url = f"/admin/events/{event.id}/registrations"
    page = client.get(url).get_data(as_text=True)
    assert "vorher: Anrufbeantworter" in page
    assert "Erinnerungsanrufe: 1 Anrufbeantworter." in page
    client.post(f"{url}/{registration.id}/reminder", data={"csrf_token": csrf_token(client, url)})
    session.refresh(registration)
    assert registration.wants_reminder is False


def test_the_event_form_sets_when_to_remind(client, login, session):
    from tests.accounts import csrf_token
    from voice.models import Event

    login()
    url = "/admin/events/new"
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Vortrag",
        "description": "",
        "starts_at": "2030-05-01T18:00",
        "ends_at": "2030-05-01T19:00",
        "capacity": "",
        "phone_code": "3131",
        "bridge_kind": "conference",
        "remind_minutes": "20",
        "remind_day_before": "y",
        "published": "y",
    }
    assert client.post(url, data=data).status_code == 302
    event = session.scalar(select(Event))
    assert (event.remind_minutes, event.remind_day_before) == (20, True)
    bad = client.post(
        url, data={**data, "csrf_token": csrf_token(client, url), "remind_minutes": "0"}
    )
    assert "Zwischen 1 und 600 Minuten." in bad.get_data(as_text=True)


def test_the_browser_phone_places_due_reminders_and_they_ring_there(client, session, make_event):
    event = make_event(title="Kochtreff", starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000601", "Hanna")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    api = {"X-Softphone": "1"}
    assert client.post("/simulator/api/reminders/", headers=api).json == {"placed": 1}
    [ring] = client.get("/simulator/api/ringing", headers=api).json
    assert ring["to"] == person.phone
    state = client.post(f"/simulator/api/ringing/{ring['sid']}/answer", headers=api).json
    assert state["events"][0]["kind"] == "language"  # the call's language, shown first
    assert (
        state["events"][1]["text"]
        == "Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg."
    )


def test_silence_repeats_the_reminder_twice_then_says_goodbye(session, make_event, dialer, phones):
    event = make_event(starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000701", "Ingo")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    dialer.run_once()
    call = phones.answer(_ringing(phones, person.phone))
    call.silence()
    call.silence()
    assert call.state == "gather"
    call.silence()
    assert call.state == "ended"
    assert [e.text for e in call.events if e.kind == "say"][
        -1
    ] == "Vielen Dank für Ihren Anruf. Auf Wiederhören!"
    assert _reminder(session, person).state is ReminderState.ANSWERED


def test_a_reminder_call_knows_the_resident_by_the_number_it_called(
    session, make_event, dialer, phones
):
    from voice.models import Call

    event = make_event(starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000801", "Jana")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    dialer.run_once()
    call = phones.answer(_ringing(phones, person.phone))
    call.press("*")  # on to the main menu, as if she had called us
    session.expire_all()
    assert session.scalar(select(Call).where(Call.call_sid == call.sid)).from_number == person.phone
    assert "Guten Tag" not in " ".join(e.text for e in call.events)  # no second greeting


def test_reminders_ring_from_the_configured_number_by_default_the_simulators(
    app, session, make_event, phones
):
    from voice.telephony.simulator import SERVICE_NUMBER

    event = make_event(starts_in=timedelta(minutes=5))
    first = _resident(session, "+497310000811", "Jana")
    booking.book(session, event.id, first, wants_reminder=True)
    session.commit()
    make_dialer(app, "default", sleep=lambda seconds: None).run_once()
    assert phones.ringing[_ringing(phones, first.phone)].caller == SERVICE_NUMBER

    app.config["REMINDER_CALLER_ID"] = "+4973155555"
    second = _resident(session, "+497310000812", "Jörg")
    booking.book(session, event.id, second, wants_reminder=True)
    session.commit()
    make_dialer(app, "configured", sleep=lambda seconds: None).run_once()
    assert phones.ringing[_ringing(phones, second.phone)].caller == "+4973155555"


@pytest.mark.parametrize("app_config", [{**ALL_DAY, "PUBLIC_PHONE_NUMBER": ""}])
def test_a_machine_hears_our_number_as_residents_dial_it(
    app, session, make_event, dialer, phones, app_config
):
    event = make_event(title="Kochtreff", starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000502", "Hans")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    dialer.run_once()
    call = phones.answer(_ringing(phones, person.phone), machine=True)
    [message] = [e.text for e in call.events if e.kind == "say"]
    assert "+" not in message and " 4 9 " not in message  # not "+ 4 9 7 3 1 …"
    assert "rufen Sie uns an unter 0 7 3 1, 0 0 0 0 0 0 0 0." in message


def test_declining_asks_once_more_and_two_keeps_the_seat(app, session, make_event, dialer, phones):
    event = make_event(title="Kochtreff", starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000503", "Ida")
    registration = booking.book(session, event.id, person, wants_reminder=True).registration
    session.commit()
    dialer.run_once()
    call = phones.answer(_ringing(phones, person.phone))
    call.press("2")
    said = [e.text for e in call.events if e.kind == "say"]
    assert said[-1].startswith("Dann melden wir Sie von Kochtreff ab.")
    call.press("2")
    assert call.state == "ended"
    session.refresh(registration)
    assert registration.status is RegistrationStatus.BOOKED
