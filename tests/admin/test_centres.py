"""Several centres on the admin page: the switch, roles per centre, rows of another centre out
of reach, the page „Zentren“ for city-wide administrators."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.accounts import csrf_token, give_role, log_in_as
from tests.centres import default_centre, second_centre
from voice.models import Announcement, Centre, CentreRole, Message, MessageKind, Role


def _switch(client, centre: Centre, back: str = "/admin/events"):
    token = csrf_token(client, "/admin/")
    return client.post(
        "/admin/centre", data={"csrf_token": token, "centre": centre.id, "next": back}
    )


def test_one_centre_no_switch_several_a_switch_that_shows_the_other_events(
    client, session, make_user, make_event
):
    west = second_centre(session)
    make_event(title="Spieleabend am Eselsberg")
    make_event(title="Erzählcafé West", centre_id=west.id)
    anna = make_user(Role.STAFF)
    log_in_as(client, anna)
    page = client.get("/admin/events").get_data(as_text=True)
    assert "Zentrum: Alter Eselsberg" in page and "▾" not in page  # named, nothing to switch
    assert "Spieleabend am Eselsberg" in page and "Erzählcafé West" not in page
    assert _switch(client, west).status_code == 404  # no role there
    give_role(session, anna, Role.STAFF, "weststadt")
    session.commit()
    page = client.get("/admin/events").get_data(as_text=True)
    assert "Zentrum: Alter Eselsberg ▾" in page
    moved = _switch(client, west)
    assert moved.status_code == 302 and moved.location == "/admin/events"
    page = client.get("/admin/events").get_data(as_text=True)
    assert "Zentrum: Weststadt ▾" in page  # remembered in the session
    assert "Erzählcafé West" in page and "Spieleabend am Eselsberg" not in page


def test_a_switch_never_leads_to_another_site(client, session, make_user):
    west = second_centre(session)
    log_in_as(client, make_user(Role.ADMIN, city_admin=True))
    assert _switch(client, west, back="//evil.example/admin").location == "/admin/"


def test_another_centres_rows_are_not_found_by_typing_their_address(
    client, session, make_user, make_event, make_announcement
):
    west = second_centre(session)
    event = make_event(title="Nur West", centre_id=west.id)
    news = make_announcement(title="West-Neuigkeit", centre_id=west.id)
    message = Message(
        kind=MessageKind.MESSAGE,
        from_number="+497311111111",
        call_sid="CA" + "3" * 32,
        centre_id=west.id,
    )
    session.add(message)
    session.commit()
    log_in_as(client, make_user(Role.ADMIN))  # an administrator, but of Alter Eselsberg
    token = csrf_token(client, "/admin/events")
    for url in (
        f"/admin/events/{event.id}",
        f"/admin/events/{event.id}/registrations",
        f"/admin/events/{event.id}/registrations.csv",
        f"/admin/events/{event.id}/preview.wav",
        f"/admin/meetings/{event.id}",
        f"/admin/news/{news.id}",
        f"/admin/messages/{message.id}/audio.wav",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/admin/events/{event.id}/cancel", {}),
        (f"/admin/news/{news.id}/delete", {}),
        (f"/admin/messages/{message.id}", {"done": "y", "handled_by": "Ich"}),
    ):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    session.expire_all()
    assert event.cancelled_at is None and session.get(Announcement, news.id) is not None
    assert message.done_at is None
    listed = client.get("/admin/news").get_data(as_text=True)
    assert "West-Neuigkeit" not in listed
    assert "+497311111111" not in client.get("/admin/messages").get_data(as_text=True)


def test_the_call_log_and_its_charts_are_the_current_centre_s(client, session, make_user):
    from voice.models import Call

    west = second_centre(session)
    session.add_all(
        [
            Call(call_sid="CA" + "4" * 32, from_number="+4917044441111", choices={}),
            Call(
                call_sid="CA" + "5" * 32,
                from_number="+4917055552222",
                choices={},
                centre_id=west.id,
            ),
        ]
    )
    session.commit()
    log_in_as(client, make_user(Role.STAFF))
    page = client.get("/admin/calls").get_data(as_text=True)
    assert "1111" in page and "2222" not in page


def test_rows_made_in_the_admin_belong_to_the_current_centre(client, session, make_user):
    west = second_centre(session)
    log_in_as(client, make_user(Role.ADMIN, city_admin=True))
    _switch(client, west)
    token = csrf_token(client, "/admin/news/new")
    response = client.post(
        "/admin/news/new",
        data={
            "csrf_token": token,
            "title": "Flohmarkt",
            "text": "Am Samstag ist Flohmarkt.",
            "valid_from": "2026-01-01T10:00",
            "priority": "0",
            "published": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    made = session.scalar(select(Announcement).where(Announcement.title == "Flohmarkt"))
    assert made.centre_id == west.id


def test_the_role_is_the_one_in_the_current_centre(client, session, make_user):
    west = second_centre(session)
    otto = make_user(Role.STAFF)
    give_role(session, otto, Role.VOLUNTEER, "weststadt")
    session.commit()
    log_in_as(client, otto)
    assert client.get("/admin/news").status_code == 200
    _switch(client, west)
    assert client.get("/admin/news").status_code == 403  # a volunteer in Weststadt
    assert client.get("/admin/events").status_code == 200


def test_an_account_without_any_role_is_told_whom_to_ask(client, session, make_user):
    lost = make_user(Role.STAFF, email="lost@q.de")
    session.delete(session.get(CentreRole, (lost.id, default_centre(session).id)))
    session.commit()
    log_in_as(client, lost)
    page = client.get("/admin/")
    assert page.status_code == 403 and "in keinem Zentrum eine Rolle" in page.get_data(as_text=True)


def test_a_call_to_a_number_no_centre_claims_is_shown_to_the_default_centre(
    client, session, make_user
):
    from voice.models import Call

    west = second_centre(session, numbers="+49731222222")
    default_centre(session, numbers="+49731111111")
    session.add_all(
        [
            Call(call_sid="CA" + "1" * 32, from_number="+4917011", to_number="+49731999999"),
            Call(call_sid="CA" + "2" * 32, from_number="+4917011", to_number="+49731222222"),
        ]
    )
    session.commit()
    anna = make_user(Role.STAFF)
    log_in_as(client, anna)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Anrufe an +49731999999: diese Nummer gehört zu keinem Zentrum" in page
    assert "+49731222222" not in page
    give_role(session, anna, Role.STAFF, "weststadt")
    session.commit()
    _switch(client, west)
    assert "gehört zu keinem Zentrum" not in client.get("/admin/").get_data(as_text=True)


def test_the_resident_page_shows_bookings_in_every_centre(
    client, session, make_user, make_event, make_resident
):
    from voice.models import Registration, RegistrationStatus

    west = second_centre(session)
    erika = make_resident()
    for event in (
        make_event(title="Spieleabend"),
        make_event(title="Erzählcafé", centre_id=west.id),
    ):
        session.add(Registration(event=event, resident=erika, status=RegistrationStatus.BOOKED))
    session.commit()
    log_in_as(client, make_user(Role.STAFF))
    page = client.get(f"/admin/residents/{erika.id}").get_data(as_text=True)
    assert "Spieleabend (Zentrum Alter Eselsberg)" in page
    assert "Erzählcafé (Zentrum Weststadt)" in page


def test_each_centre_has_its_screen_and_its_flyer(client, session, make_user, make_event):
    west = second_centre(session, public_number="0731 222 22 22", languages="de tr")
    default_centre(session, public_number="0731 111 11 11")
    make_event(title="Spieleabend", starts_in=timedelta(days=2))
    make_event(title="Erzählcafé", starts_in=timedelta(days=2), centre_id=west.id)
    page = client.get("/screen/weststadt").get_data(as_text=True)
    assert "Weststadt" in page and "0731 222 22 22" in page and "Erzählcafé" in page
    assert "Spieleabend" not in page and "0731 111 11 11" not in page
    default = client.get("/screen").get_data(as_text=True)
    assert "Spieleabend" in default and "Erzählcafé" not in default
    assert client.get("/screen/nirgendwo").status_code == 404
    admin = make_user(Role.ADMIN, city_admin=True)
    log_in_as(client, admin)
    _switch(client, west)
    assert 'href="/screen/weststadt">Infobildschirm' in client.get("/admin/").get_data(as_text=True)
    flyer = client.get("/admin/flyer").get_data(as_text=True)
    assert "Weststadt" in flyer and "0731 222 22 22" in flyer and "Erzählcafé" in flyer
    assert "Türkçe" in flyer and "English" not in flyer  # the centre's languages only
    assert "Spieleabend" not in flyer
