"""„Abmelden“ in a registration list asks first and can be undone right after; the header's
logging out is called „Ausloggen“ (voice/admin/unregister.py, booking.restore)."""

from __future__ import annotations

import time

from tests.accounts import PASSWORD, csrf_token
from tests.conftest import book_people
from voice.models import (
    Event,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
    Role,
)
from voice.registrations import booking

BOOKED, WAITING, CANCELLED = (
    RegistrationStatus.BOOKED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def _statuses(session, regs):
    session.expire_all()
    return [session.get(Registration, r.id).status for r in regs]


def _list(event) -> str:
    return f"/admin/events/{event.id}/registrations"


def _cancel(client, event, registration, **extra):
    url = _list(event)
    data = {"csrf_token": csrf_token(client, url), **extra}
    return client.post(f"{url}/{registration.id}/cancel", data=data)


def _undo(client, event, registration):
    url = _list(event)
    response = client.post(
        f"{url}/{registration.id}/restore", data={"csrf_token": csrf_token(client, url)}
    )
    return client.get(response.location).get_data(as_text=True)


def test_the_list_asks_before_and_the_server_asks_without_javascript(
    client, login, session, make_event
):
    event = make_event(title="ErzählCafé", capacity=1)
    first, second = book_people(session, event, 2, wants_reminder=True)
    login(Role.VOLUNTEER)
    page = client.get(_list(event)).get_data(as_text=True)
    assert 'data-confirm="Person 0 von „ErzählCafé“ abmelden? Steht jemand' in page
    assert '<input type="hidden" name="confirmed" value="yes" disabled data-confirmed>' in page

    asked = _cancel(client, event, first)  # as a browser without JavaScript sends it
    assert asked.status_code == 200
    text = asked.get_data(as_text=True)
    assert "Person 0 von „ErzählCafé“ abmelden?" in text
    assert "Der Platz geht sofort an\n  Person 1 von der Warteliste." in text
    assert _statuses(session, [first, second]) == [BOOKED, WAITING]  # nothing happened yet
    assert client.get(f"{_list(event)}/{first.id}/cancel").status_code == 200

    done = _cancel(client, event, first, confirmed="yes")
    assert done.status_code == 302
    assert _statuses(session, [first, second]) == [CANCELLED, BOOKED]


def test_undo_gives_the_seat_back_while_it_is_free(client, login, session, make_event):
    event = make_event(capacity=2)
    [person] = book_people(session, event, 1, wants_reminder=True)
    reminder = Reminder(
        registration_id=person.id,
        kind=ReminderKind.BEFORE,
        state=ReminderState.SKIPPED,  # what the dialer does to a cancelled one meanwhile
        due_at=event.starts_at,
    )
    session.add(reminder)
    session.commit()
    login()
    _cancel(client, event, person, confirmed="yes")
    page = client.get(_list(event)).get_data(as_text=True)
    assert "Person 0 ist abgemeldet." in page
    assert "Person 0 wieder anmelden (rückgängig)" in page
    assert "behält er oder sie den Platz" in page  # the rule is on the page

    after = _undo(client, event, person)
    assert "Rückgängig gemacht: Person 0 ist wieder angemeldet." in after
    assert "wieder anmelden (rückgängig)" not in after  # once
    assert _statuses(session, [person]) == [BOOKED]
    assert session.get(Event, event.id).seats_taken == 1
    assert session.get(Reminder, reminder.id).state is ReminderState.PLANNED


def test_undo_after_the_list_moved_up_puts_them_first_on_the_waiting_list(
    client, login, session, make_event
):
    event = make_event(capacity=1)
    first, second, third = book_people(session, event, 3, wants_reminder=True)
    login()
    _cancel(client, event, first, confirmed="yes")
    after = _undo(client, event, first)
    assert "Person 0 steht auf der Warteliste ganz vorn (Platz 1)." in after
    assert _statuses(session, [first, second, third]) == [WAITING, BOOKED, WAITING]
    assert booking.waiting_position(session, session.get(Registration, first.id)) == 1
    assert booking.waiting_position(session, session.get(Registration, third.id)) == 2


def test_undo_is_only_for_the_one_who_cancelled_and_only_right_after(
    app, client, login, session, make_event
):
    event = make_event(capacity=1)
    first, second = book_people(session, event, 2, wants_reminder=True)
    login()
    _cancel(client, event, second, confirmed="yes")  # the waiting one: no seat moves
    other = app.test_client()
    token = csrf_token(other, "/admin/login")
    other.post(
        "/admin/login",
        data={"email": "staff@quartier.example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert "Das lässt sich nicht mehr rückgängig machen." in _undo(other, event, second)
    with client.session_transaction() as cookie:  # ten minutes later
        cookie["undo_cancel"]["until"] = time.time() - 1
    assert "wieder anmelden (rückgängig)" not in client.get(_list(event)).get_data(as_text=True)
    assert "Das lässt sich nicht mehr rückgängig machen." in _undo(client, event, second)
    assert _statuses(session, [first, second]) == [BOOKED, CANCELLED]


def test_logging_out_is_called_ausloggen(client, login):
    login(Role.VOLUNTEER)
    page = client.get("/admin/events").get_data(as_text=True)
    assert "Ausloggen (Volunteer)" in page and "Abmelden (" not in page
    token = csrf_token(client, "/admin/events")
    bye = client.post("/admin/logout", data={"csrf_token": token})
    assert "Sie sind ausgeloggt." in client.get(bye.location).get_data(as_text=True)
