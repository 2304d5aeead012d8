"""Creating, changing and cancelling events; bad input is shown and nothing is saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts import csrf_token
from tests.conftest import book_people
from voice.models import BridgeKind, Event, Registration, RegistrationStatus


def _form(client, url: str, **values) -> dict:
    start = datetime.now(UTC) + timedelta(days=3)
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Spieleabend",
        "description": "Wir spielen zusammen.",
        "starts_at": start.strftime("%Y-%m-%dT18:00"),
        "ends_at": start.strftime("%Y-%m-%dT20:00"),
        "capacity": "12",
        "published": "y",
        "phone_code": "4321",
        "pin": "",
        "bridge_kind": "conference",
        "sip_address": "",
        "dial_number": "",
        "bridge_digits": "",
        "remind_minutes": "10",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def _events(session) -> list[Event]:
    session.expire_all()
    return list(session.scalars(select(Event)))


def test_create_an_event_and_hear_it_on_the_phone(client, login, session, phone):
    login()
    response = client.post("/admin/events/new", data=_form(client, "/admin/events/new"))
    assert response.status_code == 302
    [event] = _events(session)
    assert event.title == "Spieleabend" and event.capacity == 12 and event.phone_code == "4321"
    local = event.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (18, 0)  # typed in Ulm's time, stored in UTC
    assert "„Spieleabend“ ist gespeichert." in client.get("/admin/events").get_data(as_text=True)
    phone.call()
    phone.to_main()
    said = phone.press("1").said()
    assert any(s.endswith("um 18 Uhr: Spieleabend.") for s in said)


def test_the_new_event_form_suggests_a_free_number(client, login):
    login()
    page = client.get("/admin/events/new").get_data(as_text=True)
    assert 'name="phone_code"' in page and 'value="' in page


@pytest.mark.parametrize(
    ("values", "field_error"),
    [
        ({"ends_at": None, "starts_at": "2026-12-03T18:00"}, "Bitte Datum und Uhrzeit angeben"),
        (
            {"starts_at": "2026-12-03T18:00", "ends_at": "2026-12-03T17:00"},
            "Das Ende muss nach dem Beginn liegen.",
        ),
        ({"starts_at": "am Abend"}, "„am Abend“ kann ich nicht als Datum lesen."),
        ({"starts_at": "3.12.2026"}, "Bitte auch die Uhrzeit angeben, z. B. 24.12.2026 18:00."),
        ({"bridge_kind": "sip", "sip_address": "jitsi raum"}, "Bitte die SIP-Adresse so angeben"),
        (
            {"bridge_kind": "phone", "dial_number": "0800 123"},
            "Bitte die Einwahlnummer mit Ländervorwahl",
        ),
        (
            {"bridge_kind": "phone", "dial_number": "+4969710499222", "bridge_digits": "123;456"},
            "Nur Ziffern, *, # und w sind erlaubt.",
        ),
        ({"phone_code": "12a4"}, "Genau vier Ziffern."),
        ({"capacity": "-3"}, "Bitte eine Zahl von 0 bis 10000."),
        ({"title": ""}, "Bitte ausfüllen."),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    client, login, session, values, field_error
):
    login()
    response = client.post("/admin/events/new", data=_form(client, "/admin/events/new", **values))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error in page
    assert "Es wurde nichts gespeichert." in page
    assert _events(session) == []


def test_the_host_settings_are_saved(client, login, session):
    login()
    data = _form(client, "/admin/events/new", wait_for_host="y", end_with_host="y")
    client.post("/admin/events/new", data=data)
    [event] = _events(session)
    assert event.wait_for_host and event.end_with_host


def test_valid_bridges_are_stored_normalised(client, login, session):
    login()
    client.post(
        "/admin/events/new",
        data=_form(
            client,
            "/admin/events/new",
            bridge_kind="phone",
            dial_number="+49 69 7104 9922",
            bridge_digits="ww855 1234 5678#ww#",
        ),
    )
    [event] = _events(session)
    assert event.bridge_kind is BridgeKind.PHONE
    assert event.bridge_target == "+496971049922"
    assert event.bridge_digits == "ww85512345678#ww#"


def test_a_taken_number_is_refused(client, login, make_event, session):
    make_event(title="ErzählCafé", phone_code="4321")
    login()
    response = client.post("/admin/events/new", data=_form(client, "/admin/events/new"))
    assert response.status_code == 422
    assert "Diese Nummer hat schon „ErzählCafé“." in response.get_data(as_text=True)
    assert len(_events(session)) == 1


def test_a_long_description_is_saved_with_a_warning(client, login):
    login()
    words = " ".join(["Wort"] * 31)
    client.post("/admin/events/new", data=_form(client, "/admin/events/new", description=words))
    assert "Die Beschreibung hat 31 Wörter." in client.get("/admin/events").get_data(as_text=True)


def test_capacity_below_the_booked_seats_is_refused_and_more_seats_move_the_list_up(
    client, login, session, make_event
):
    event = make_event(capacity=2)
    regs = book_people(session, event, 4)
    login()
    url = f"/admin/events/{event.id}"
    form = _form(client, url, phone_code=event.phone_code, capacity="1")
    response = client.post(url, data=form)
    assert response.status_code == 422
    assert "Es sind schon 2 Plätze vergeben." in response.get_data(as_text=True)
    client.post(url, data=_form(client, url, phone_code=event.phone_code, capacity="3"))
    session.expire_all()
    statuses = [session.get(Registration, r.id).status for r in regs]
    assert statuses == [RegistrationStatus.BOOKED] * 3 + [RegistrationStatus.WAITING]
    assert session.get(Event, event.id).seats_taken == 3


def test_cancel_after_confirmation_removes_it_from_the_phone(
    client, login, session, make_event, phone
):
    event = make_event(title="Abzusagen")
    login()
    url = f"/admin/events/{event.id}/cancel"
    assert "absagen?" in client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    session.expire_all()
    assert session.get(Event, event.id).cancelled_at is not None
    phone.call()
    assert phone.press("1").said()[0].startswith("Zurzeit sind keine Veranstaltungen")
    assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_the_event_list_offers_how_the_event_sounds(client, login, make_event):
    event = make_event(title="Spieleabend")
    login()
    page = client.get("/admin/events").get_data(as_text=True)
    assert f'data-audio="/admin/events/{event.id}/preview.wav"' in page
    assert "pending-audio.js" in page
    # Nothing is built in these tests: the speech worker has not come by (test_previews.py).
    assert client.get(f"/admin/events/{event.id}/preview.wav").status_code == 202


def _zoom_form(client, keys: str) -> dict:
    """The event form for a meeting joined by a dial-in number and these keys."""
    return _form(
        client,
        "/admin/events/new",
        bridge_kind="phone",
        dial_number="+49 69 7104 9922",
        bridge_digits=keys,
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("855 1234 5678 # # 123456 #", "ww85512345678#ww#ww123456#"),  # Zoom, as invited
        ("12345#", "ww12345#"),  # BigBlueButton's voice bridge
        ("ww85512345678#ww#ww123456#", "ww85512345678#ww#ww123456#"),  # own pauses kept
    ],
)
def test_keys_after_dialling_in_get_their_pauses(client, login, session, typed, stored):
    login()
    data = _zoom_form(client, typed)
    assert client.post("/admin/events/new", data=data).status_code == 302
    [event] = _events(session)
    assert event.bridge_digits == stored


@pytest.mark.parametrize("typed", ["85512345678", "85512345678##123456", "855ww123#"])
def test_zoom_keys_without_a_hash_are_refused_in_words(client, login, session, typed):
    login()
    data = _zoom_form(client, typed)
    response = client.post("/admin/events/new", data=data)
    assert response.status_code == 422
    assert "Nach jeder Nummer gehört eine Raute (#)" in response.get_data(as_text=True)
    assert _events(session) == []


def test_only_the_fields_of_the_chosen_kind_are_kept(client, login, session):
    login()
    data = _form(
        client,
        "/admin/events/new",
        bridge_kind="sip",
        sip_address="sip:raum@meet.example.org",
        bridge_room="spieleabend@conference.meet.example.org",
        dial_number="kein Zoom mehr",  # typed before the kind was changed: not checked
        bridge_digits="123",
        wait_for_host="y",
    )
    assert client.post("/admin/events/new", data=data).status_code == 302
    [event] = _events(session)
    assert event.bridge_target == "sip:raum@meet.example.org"
    assert event.bridge_room == "spieleabend@conference.meet.example.org"
    assert (event.bridge_digits, event.wait_for_host) == (None, False)
    page = client.get(f"/admin/events/{event.id}").get_data(as_text=True)
    assert 'value="sip:raum@meet.example.org"' in page


def test_the_event_form_speaks_no_jargon(client, login):
    login()
    page = client.get("/admin/events/new").get_data(as_text=True)
    for word in ("Jigasi", "X-Room-Name", "ww8", "Twilio"):
        assert word not in page, word


def test_titles_in_other_languages_are_kept_and_shown(client, login, session):
    login()
    page = client.get("/admin/events/new").get_data(as_text=True)
    assert "Titel in anderen Sprachen (freiwillig)" in page
    assert 'name="title_en"' in page and 'name="title_tr"' in page
    assert '<details class="translations">' in page  # folded while nothing is typed
    form = _form(
        client,
        "/admin/events/new",
        title_en="Games night",
        description_en="We play together.",
        title_tr="",
        description_tr="",
    )
    assert client.post("/admin/events/new", data=form).status_code == 302
    [event] = _events(session)
    assert event.translations == {
        "en": {"title": "Games night", "description": "We play together."}
    }
    assert event.title_in("en") == "Games night" and event.title_in("tr") is None
    assert "Auch auf English</small>" in client.get("/admin/events").get_data(as_text=True)

    url = f"/admin/events/{event.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Games night"' in page and '<details class="translations" open>' in page
    form = _form(client, url, title="Spieleabend im Advent", title_tr="Oyun akşamı")
    form |= {"title_en": "Games night", "description_en": "We play together."}
    assert client.post(url, data=form).status_code == 302  # German changed, others kept
    session.expire_all()
    assert event.title_in("en") == "Games night" and event.title_in("tr") == "Oyun akşamı"
    assert event.description_in("tr") is None
    form = _form(client, url, title_en="", description_en="", title_tr="Oyun akşamı")
    client.post(url, data=form)
    session.expire_all()
    assert event.title_in("en") is None and set(event.translations) == {"tr"}


def test_titles_in_other_languages_have_the_german_limits(client, login, session):
    login()
    form = _form(client, "/admin/events/new", title_en="x" * 201, description_tr="Birlikte.")
    response = client.post("/admin/events/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and _events(session) == []
    assert "Bitte auch den Titel in dieser Sprache eintragen." in page  # tr: a text, no title
    assert "Höchstens 200 Zeichen" in page.split('name="title_en"')[1].split("</div>")[0]
    assert '<details class="translations" open>' in page
    long = " ".join(["word"] * 30)
    form = _form(client, "/admin/events/new", title_en="Games", description_en=long)
    client.post("/admin/events/new", data=form)
    assert "Die Beschreibung (en) hat 30 Wörter." in client.get("/admin/events").get_data(
        as_text=True
    )
