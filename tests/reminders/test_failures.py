"""When the phone provider refuses a number, a dialer is stopped, or dies holding its claims:
nobody else misses their call, nobody is called twice, and a failed reminder ends where staff
see why."""

from __future__ import annotations

import os
import signal
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from tests.reminders.test_reminders import ALL_DAY, Clock, _resident
from voice.models import Registration, Reminder, ReminderState, Resident
from voice.registrations import booking
from voice.reminders.cli import make_dialer
from voice.reminders.dialer import CLAIM_TIMEOUT
from voice.reminders.outcomes import MAX_ATTEMPTS, RETRY_AFTER
from voice.telephony.base import CallRefused
from voice.workers import Runner


@pytest.fixture
def app_config():
    return ALL_DAY


@pytest.fixture
def clock():
    return Clock()


class Refusing:
    """The simulator's telephony, except that the provider refuses one number (as Twilio
    refuses one it finds invalid)."""

    def __init__(self, telephony, refused: str) -> None:
        self.telephony, self.refused, self.tried = telephony, refused, Counter()

    def place_call(self, to, caller, url, status_callback=None, *, machine_detection=False):
        self.tried[to] += 1
        if to == self.refused:
            raise CallRefused(f"Unable to create record: The number {to} is not valid.")
        return self.telephony.place_call(
            to, caller, url, status_callback, machine_detection=machine_detection
        )

    def __getattr__(self, name):
        return getattr(self.telephony, name)


class ErasedWhileCalling(Refusing):
    """Staff erase one resident (their reminders go with them) just as the dialer calls."""

    def __init__(self, telephony, erased: str, sessions) -> None:
        super().__init__(telephony, "")
        self.erased, self.sessions = erased, sessions

    def place_call(self, to, *args, **kwargs):
        if to == self.erased:
            with self.sessions.begin() as session:
                session.execute(delete(Resident).where(Resident.phone == to))
        return super().place_call(to, *args, **kwargs)


class StoppedWhileCalling(Refusing):
    """systemd stops the dialer's service during its first call."""

    def place_call(self, to, *args, **kwargs):
        if not self.tried:
            os.kill(os.getpid(), signal.SIGTERM)
        return super().place_call(to, *args, **kwargs)


class Died(BaseException):
    """The dialer process is killed (nothing in it catches this)."""


class DiesBeforeCalling(Refusing):
    """The dialer dies after claiming its batch, before its first call."""

    def place_call(self, *args, **kwargs):
        raise Died


def _dialer(app, clock, name: str, telephony):
    app.extensions["telephony"].phones.strict = True
    dialer = make_dialer(app, name, clock_now=clock, sleep=lambda seconds: None)
    dialer.telephony = telephony
    return dialer


def _booked(session, make_event, count: int) -> list[str]:
    event = make_event(
        title="Kochtreff", starts_in=timedelta(minutes=20), remind_minutes=30, capacity=None
    )
    numbers = [f"+49731000090{n}" for n in range(count)]
    for n, number in enumerate(numbers):
        booking.book(session, event.id, _resident(session, number, f"R{n}"), wants_reminder=True)
    session.commit()
    return numbers


def _reminder_of(session, number: str) -> Reminder:
    session.expire_all()
    return session.scalar(
        select(Reminder).join(Registration).where(Registration.resident.has(phone=number))
    )


def test_a_refused_number_does_not_stop_the_batch_and_ends_failed_after_its_retries(
    app, session, make_event, clock, client, login, caplog
):
    first, refused, third = _booked(session, make_event, 3)
    telephony = Refusing(app.extensions["telephony"], refused)
    dialer = _dialer(app, clock, "test-dialer", telephony)

    assert dialer.run_once() == 2
    again = _reminder_of(session, refused)
    assert (
        f"reminder {again.id}: the call to ...0901 was refused (CallRefused): "
        "Unable to create record: The number +49 731 ***0901 is not valid." in caplog.text
    )
    assert (again.state, again.attempts) == (ReminderState.PLANNED, 1)
    assert again.due_at == clock.now + RETRY_AFTER
    assert again.last_error == "Unable to create record: The number +49 731 ***0901 is not valid."
    for _ in range(MAX_ATTEMPTS):  # two more tries, then nothing more
        clock.now += RETRY_AFTER + timedelta(minutes=1)
        assert dialer.run_once() == 0

    assert telephony.tried == {first: 1, refused: MAX_ATTEMPTS, third: 1}
    phones = app.extensions["telephony"].phones
    assert sorted(ring.to for ring in phones.ringing.values()) == [first, third]
    for number in (first, third):
        assert _reminder_of(session, number).state is ReminderState.CALLING
    failed = _reminder_of(session, refused)
    assert (failed.state, failed.attempts) == (ReminderState.FAILED, MAX_ATTEMPTS)
    assert failed.finished_at is not None

    login()
    event_id = failed.registration.event_id
    page = client.get(f"/admin/events/{event_id}/registrations").get_data(as_text=True)
    assert (
        "Anruf fehlgeschlagen: Unable to create record: The number +49 731 ***0901 is not valid."
        " (3 Versuche)" in page
    )
    # The provider's text keeps the number masked; staff see it in full in its own column
    # (a tel: link, to check it), volunteers masked there too.
    assert f"The number {refused}" not in page
    assert f'href="tel:{refused}"' in page


def test_a_resident_erased_while_being_called_does_not_stop_the_batch(
    app, session, make_event, clock
):
    first, erased, third = _booked(session, make_event, 3)
    telephony = ErasedWhileCalling(app.extensions["telephony"], erased, app.extensions["db"])
    assert _dialer(app, clock, "test-dialer", telephony).run_once() == 3
    assert _reminder_of(session, erased) is None
    for number in (first, third):
        called = _reminder_of(session, number)
        assert called.state is ReminderState.CALLING and called.call_sid.startswith("CA")
    assert telephony.tried == {first: 1, erased: 1, third: 1}


def test_a_stopped_dialer_finishes_its_batch_and_leaves_the_rest_planned(
    app, session, make_event, clock
):
    _booked(session, make_event, 25)
    telephony = StoppedWhileCalling(app.extensions["telephony"], "")
    dialer = _dialer(app, clock, "test-dialer", telephony)
    pauses: list[float] = []
    runner = Runner(
        "reminders", dialer.run_once, app.extensions["db"], interval=30, sleep=pauses.append
    )
    assert runner.run(rounds=3).rounds == 1 and pauses == []
    assert sum(telephony.tried.values()) == dialer.settings.batch == 10
    session.expire_all()
    reminders = session.scalars(select(Reminder)).all()
    assert Counter((r.state, r.attempts) for r in reminders) == {
        (ReminderState.CALLING, 1): 10,
        (ReminderState.PLANNED, 0): 15,  # not claimed: nothing to expire, nothing counted
    }


def test_an_expired_claim_counts_as_an_attempt(app, session, make_event, clock):
    [number] = _booked(session, make_event, 1)
    dying = _dialer(app, clock, "dies", DiesBeforeCalling(app.extensions["telephony"], ""))
    with pytest.raises(Died):
        dying.run_once()
    claimed = _reminder_of(session, number)
    assert (claimed.state, claimed.attempts) == (ReminderState.CALLING, 1)

    clock.now += CLAIM_TIMEOUT + timedelta(seconds=1)
    steady = _dialer(app, clock, "steady", Refusing(app.extensions["telephony"], ""))
    assert steady.run_once() == 1  # given back and called at once
    called = _reminder_of(session, number)
    assert (called.state, called.attempts) == (ReminderState.CALLING, 2)
    assert called.last_error is None  # the call went out: the interruption is over


def test_a_claim_that_expires_on_the_last_attempt_ends_failed(app, session, make_event, clock):
    [number] = _booked(session, make_event, 1)
    phones = app.extensions["telephony"].phones
    steady = _dialer(app, clock, "steady", Refusing(app.extensions["telephony"], ""))
    for _ in range(MAX_ATTEMPTS - 1):
        assert steady.run_once() == 1
        [sid] = phones.ringing
        phones.decline(sid, "busy")
        clock.now += RETRY_AFTER + timedelta(minutes=1)
    dying = _dialer(app, clock, "dies", DiesBeforeCalling(app.extensions["telephony"], ""))
    with pytest.raises(Died):
        dying.run_once()

    clock.now += CLAIM_TIMEOUT + timedelta(seconds=1)
    assert steady.run_once() == 0  # not a fourth call
    failed = _reminder_of(session, number)
    assert (failed.state, failed.attempts) == (ReminderState.FAILED, MAX_ATTEMPTS)
    assert failed.last_error == "das Wählprogramm wurde unterbrochen"
    assert not phones.ringing


@pytest.mark.parametrize("key", ["1", "2"])
def test_a_resident_erased_during_the_reminder_call_hears_the_main_menu(
    app, session, make_event, clock, key
):
    from voice.registrations import erasure

    phones = app.extensions["telephony"].phones
    event = make_event(starts_in=timedelta(minutes=5))
    person = _resident(session, "+497310000931", "Rita")
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    make_dialer(app, "test-dialer", clock_now=clock, sleep=lambda seconds: None).run_once()
    [sid] = list(phones.ringing)
    call = phones.answer(sid)
    erasure.erase(session, session.get(Resident, person.id))  # staff, while she listens
    session.commit()
    call.press(key)  # join, or cancel: the reminder and its booking are gone
    said = [e.text for e in call.events if e.kind == "say"]
    assert call.state == "gather"
    assert not any("Entschuldigung" in text for text in said)
    assert session.scalars(select(Reminder)).all() == []
