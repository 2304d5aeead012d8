"""Staff see a resident's full number where they call back, as a tel: link; volunteers,
the print list, the CSV, the residents' list and the info screen keep it masked."""

from __future__ import annotations

import pytest

from voice.models import Role
from voice.registrations import booking

LINK = '<a href="tel:+497315551234" class="phone">0731 5551234</a>'
MASKED = "+49 731 ***1234"


@pytest.fixture
def booked(session, make_event, make_resident):
    event = make_event(title="ErzählCafé", capacity=5)
    person = make_resident(phone="+497315551234", name="Frau Keller")
    booking.book(session, event.id, person, wants_reminder=False)
    session.commit()
    return event, person


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_get_the_full_number_to_call_on_the_resident_and_the_registrations(
    client, login, booked, role
):
    event, person = booked
    login(role)
    for url in (f"/admin/events/{event.id}/registrations", f"/admin/residents/{person.id}"):
        page = client.get(url).get_data(as_text=True)
        assert LINK in page and MASKED not in page, url


def test_a_number_abroad_is_shown_with_its_country_code(client, login, session, make_resident):
    person = make_resident(phone="+43123456789", name="Herr Gruber")
    login()
    page = client.get(f"/admin/residents/{person.id}").get_data(as_text=True)
    assert '<a href="tel:+43123456789" class="phone">+43 1 23456789</a>' in page


def test_volunteers_and_lists_keep_the_number_masked(client, login, booked):
    event, _ = booked
    login(Role.VOLUNTEER)
    page = client.get(f"/admin/events/{event.id}/registrations").get_data(as_text=True)
    assert MASKED in page and "5551234" not in page


def test_print_list_csv_residents_list_and_screen_stay_masked_even_for_staff(client, login, booked):
    event, _ = booked
    login(Role.ADMIN)
    for url in (
        f"/admin/events/{event.id}/registrations/print",
        f"/admin/events/{event.id}/registrations.csv",
        "/admin/residents",
        "/screen",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "5551234" not in page and "tel:" not in page, url


def test_a_withheld_number_is_said_to_be_withheld(client, login, session, make_event):
    from voice.models import Message, MessageKind

    session.add(
        Message(kind=MessageKind.MESSAGE, from_number="anonymous", call_sid="CA1", duration=3)
    )
    session.commit()
    login()
    page = client.get("/admin/messages").get_data(as_text=True)
    assert "keine Nummer übermittelt" in page and "tel:" not in page
