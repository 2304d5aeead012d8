"""Numbers typed into the admin's forms: what a social worker types is read or named in
German, and the form keeps what was typed (voice/admin/numbers.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.accounts import csrf_token
from tests.admin.test_events import _form
from voice.admin.numbers import NotANumber, read_whole_number
from voice.models import Announcement, Event


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("20", 20),
        (" 20 ", 20),
        ("20 Plätze", 20),
        ("20  plätze", 20),
        ("1.000", 1000),
        ("", None),
        ("   ", None),
        ("-3", -3),
        ("0", 0),
    ],
)
def test_what_is_read_as_a_number(typed, number):
    assert read_whole_number(typed, ("Plätze",)) == number


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("zwanzig", "„zwanzig“ kann ich nicht als Zahl lesen. Bitte nur die Zahl in Ziffern"),
        ("ca. 20", "„ca. 20“ kann ich nicht als Zahl lesen."),
        ("1e", "„1e“ kann ich nicht als Zahl lesen."),
        ("20 Minuten", "„20 Minuten“ kann ich nicht als Zahl lesen."),  # not this field's unit
        ("2,5", "Bitte eine ganze Zahl ohne Komma eintragen, z. B. 20."),
        ("١٢", "kann ich nicht als Zahl lesen"),  # Python's int() would take Arabic digits
        ("1_000", "kann ich nicht als Zahl lesen"),  # and underscores
    ],
)
def test_what_is_named(typed, message):
    with pytest.raises(NotANumber, match=message):
        read_whole_number(typed, ("Plätze",))


def _events(session) -> list[Event]:
    session.expire_all()
    return list(session.scalars(select(Event)))


@pytest.mark.parametrize("typed", ["zwanzig", "20 Personen ca.", "1e", "ca. 20"])
def test_seats_that_are_no_number_are_named_and_everything_typed_stays(
    client, login, session, typed
):
    login()
    data = _form(client, "/admin/events/new", capacity=typed, title="Kochtreff")
    response = client.post("/admin/events/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kann ich nicht als Zahl lesen" in page
    assert "Leer lassen heißt: unbegrenzt viele Plätze." in page
    assert "Not a valid" not in page
    assert f'value="{typed}"' in page and 'value="Kochtreff"' in page
    assert 'type="number"' not in page  # the browser would drop the letters unseen
    assert _events(session) == []


@pytest.mark.parametrize(("typed", "seats"), [(" 20 ", 20), ("20 Plätze", 20), ("", None)])
def test_seats_as_typed(client, login, session, typed, seats):
    login()
    client.post("/admin/events/new", data=_form(client, "/admin/events/new", capacity=typed))
    [event] = _events(session)
    assert event.capacity == seats


def test_every_number_field_names_letters_in_german(client, login, session):
    login()
    data = _form(client, "/admin/events/new", remind_minutes="zehn")
    page = client.post("/admin/events/new", data=data).get_data(as_text=True)
    assert (
        "„zehn“ kann ich nicht als Zahl lesen. Bitte nur die Zahl in Ziffern eintragen, z. B. 10."
        in page
    )
    ok = client.post(
        "/admin/events/new", data=_form(client, "/admin/events/new", remind_minutes="15 Minuten")
    )
    assert ok.status_code == 302 and _events(session)[0].remind_minutes == 15

    url = "/admin/news/new"
    news = {
        "csrf_token": csrf_token(client, url),
        "title": "Advent",
        "text": "Wir feiern.",
        "valid_from": "2026-12-01T09:00",
        "priority": "hoch",
        "published": "y",
    }
    response = client.post(url, data=news)
    assert response.status_code == 422
    assert "„hoch“ kann ich nicht als Zahl lesen." in response.get_data(as_text=True)
    assert session.scalars(select(Announcement)).all() == []
    news["priority"] = " 5 "
    assert client.post(url, data=news).status_code == 302
    assert session.scalars(select(Announcement)).one().priority == 5
