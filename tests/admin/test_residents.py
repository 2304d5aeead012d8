"""Bewohner: listing, search and editing; DSGVO export and erasure of one person."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import func, select

from tests.accounts import csrf_token
from voice.models import (
    Call,
    Event,
    Message,
    MessageKind,
    Recording,
    RecordingState,
    Registration,
    RegistrationStatus,
    Resident,
)
from voice.registrations import booking


def test_residents_are_listed_searched_and_edited(client, login, session, make_resident):
    person = make_resident(name="Herr Bauer")
    login()
    assert "Herr Bauer" in client.get("/admin/residents?q=bau").get_data(as_text=True)
    assert "Herr Bauer" not in client.get("/admin/residents?q=keller").get_data(as_text=True)
    url = f"/admin/residents/{person.id}"
    client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "name": "Hans Bauer",
            "language": "en",
            "consent": "y",
        },
    )
    session.refresh(person)
    assert (person.name, person.language) == ("Hans Bauer", "en") and person.consent_at is not None


def test_every_language_is_offered_by_its_own_name(client, login, session, make_resident):
    person = make_resident(name="Ayşe Demir")
    other = make_resident(phone="+497310000078", name="Old File", language="fr")
    login()
    page = client.get(f"/admin/residents/{person.id}").get_data(as_text=True)
    options = page.split('name="language"')[1].split("</select>")[0]
    assert [line.split(">")[1].split("<")[0] for line in options.split("<option")[1:]] == [
        "Deutsch",
        "English",
        "Türkçe",
    ]
    url = f"/admin/residents/{person.id}"
    data = {"csrf_token": csrf_token(client, url), "name": "Ayşe Demir", "language": "tr"}
    client.post(url, data=data)
    session.refresh(person)
    assert person.language == "tr"
    assert "<td>Türkçe</td>" in client.get("/admin/residents").get_data(as_text=True)
    url = f"/admin/residents/{other.id}"  # a language whose file is gone is kept on saving
    data = {"csrf_token": csrf_token(client, url), "name": "Old", "language": "fr"}
    client.post(url, data=data)
    session.refresh(other)
    assert (other.name, other.language) == ("Old", "fr")


def _with_history(session, make_resident, make_event):
    person = make_resident(name="Frau Keller")
    other = make_resident(phone="+497310000077", name="Wartende")
    event = make_event(capacity=1)
    booking.book(session, event.id, person, wants_reminder=True)
    booking.book(session, event.id, other, wants_reminder=False)
    session.add(
        Message(
            kind=MessageKind.MESSAGE,
            from_number=person.phone,
            resident_id=person.id,
            call_sid="CA1",
            recording=Recording(
                sid="RE1",
                source_url="https://x/RE1",
                purpose="message",
                state=RecordingState.PENDING,
            ),
            duration=5,
        )
    )
    session.add(
        Call(call_sid="CA1", from_number=person.phone, resident_id=person.id, choices={"a": 1})
    )
    session.commit()
    return person, other, event


def test_export_everything_about_one_person(client, login, session, make_resident, make_event):
    person, _other, _event = _with_history(session, make_resident, make_event)
    login()
    response = client.get(f"/admin/residents/{person.id}/export.zip")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("daten.json"))
    assert data["resident"]["phone"] == "+497311234567"
    assert data["registrations"][0]["status"] == "booked"
    assert data["messages"][0]["recording_url"] == "https://x/RE1"
    assert len(data["calls"]) == 1


def test_erase_everything_about_one_person(client, login, session, make_resident, make_event):
    person, other, event = _with_history(session, make_resident, make_event)
    person_id, other_id, event_id = person.id, other.id, event.id
    login()
    url = f"/admin/residents/{person_id}"
    wrong = client.post(
        f"{url}/erase", data={"csrf_token": csrf_token(client, url), "confirm_phone": "0000"}
    )
    assert "letzten vier Ziffern" in client.get(wrong.location).get_data(as_text=True)
    assert session.get(Resident, person_id) is not None
    client.post(
        f"{url}/erase", data={"csrf_token": csrf_token(client, url), "confirm_phone": "4567"}
    )
    session.expire_all()
    assert session.get(Resident, person_id) is None
    assert session.scalar(select(func.count()).select_from(Message)) == 0
    call = session.scalar(select(Call))
    assert call.from_number == "gelöscht" and call.resident_id is None
    [remaining] = session.scalars(select(Registration)).all()
    assert remaining.resident_id == other_id and remaining.status is RegistrationStatus.BOOKED
    assert session.get(Event, event_id).seats_taken == 1
