"""The page „Zentren“ (city-wide administrators), accounts with roles per centre, and staff
prompt recordings per centre."""

from __future__ import annotations

from sqlalchemy import select

from tests.accounts import csrf_token, log_in_as
from tests.centres import default_centre, second_centre
from voice.models import (
    Centre,
    CentreRole,
    PromptRecording,
    Recording,
    RecordingSource,
    RecordingState,
    Role,
    User,
)


def _centre_form(client, url: str, **values) -> dict:
    data = {
        "csrf_token": csrf_token(client, url),
        "name": "Weststadt",
        "slug": "weststadt",
        "numbers": "+49 731 2222222, 0731 3333333",
        "office_hours": "Mo-Fr 09:00-12:00; Di 14:00-17:00",
        "staff_number": "0731 4444444",
        "public_number": "0731 222 22 22",
        "languages": ["de", "tr"],
    }
    data.update(values)
    return data


def test_a_city_admin_creates_a_centre_and_bad_input_is_named(client, session, make_user):
    default_centre(session, numbers="+497311111111")
    log_in_as(client, make_user(Role.ADMIN, city_admin=True))
    bad = client.post(
        "/admin/centres/new",
        data=_centre_form(
            client,
            "/admin/centres/new",
            slug="alter-eselsberg",
            numbers="+49 731 1111111, 12",
            office_hours="Montag früh",
            staff_number="keine",
        ),
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Diesen Kurznamen hat schon ein anderes Zentrum." in page
    assert "Die Nummer +497311111111 gehört schon zu „Alter Eselsberg“." in page
    assert "„12“ ist keine Telefonnummer" in page
    assert "„Montag früh“ kann ich nicht als Sprechzeit lesen." in page
    assert "„keine“ ist keine Telefonnummer" in page
    assert 'value="Montag früh"' in page  # nothing typed is lost
    assert session.scalar(select(Centre).where(Centre.name == "Weststadt")) is None
    good = client.post("/admin/centres/new", data=_centre_form(client, "/admin/centres/new"))
    assert good.status_code == 302, good.get_data(as_text=True)
    west = session.scalar(select(Centre).where(Centre.slug == "weststadt"))
    assert west.numbers == "+497312222222 +497313333333"
    assert west.staff_number == "+497314444444" and west.languages == "de tr"
    assert not west.is_default
    listed = client.get("/admin/centres").get_data(as_text=True)
    assert "Weststadt" in listed and "/screen/weststadt" in listed


def test_there_is_always_exactly_one_default_centre(client, session, make_user):
    first = default_centre(session)
    west = second_centre(session)
    log_in_as(client, make_user(Role.ADMIN, city_admin=True))
    url = f"/admin/centres/{first.id}"
    refused = client.post(url, data=_centre_form(client, url, name=first.name, slug=first.slug))
    assert refused.status_code == 422
    assert "Ein Zentrum muss das Standardzentrum sein." in refused.get_data(as_text=True)
    url = f"/admin/centres/{west.id}"
    client.post(url, data=_centre_form(client, url, is_default="y"))
    session.expire_all()
    assert [c.slug for c in session.scalars(select(Centre).where(Centre.is_default))] == [
        "weststadt"
    ]


def test_only_city_admins_manage_centres(client, make_user):
    log_in_as(client, make_user(Role.ADMIN))  # the administrator of one centre
    assert client.get("/admin/centres").status_code == 403
    assert client.get("/admin/centres/new").status_code == 403


def test_a_centres_own_admin_changes_its_hours_and_numbers_not_its_routing(
    client, session, make_user
):
    """Office hours, staff and public number are the centre's own business; the numbers it
    answers, its address and being the default stay with the city-wide administrators."""
    first = default_centre(session, numbers="+497311111111")
    west = second_centre(session)
    log_in_as(client, make_user(Role.ADMIN))  # the administrator of the first centre only
    url = f"/admin/centres/{first.id}"
    form = client.get(url).get_data(as_text=True)
    assert "Mo-Fr" in form and 'name="numbers"' not in form and 'name="is_default"' not in form
    assert "Unser Zentrum" in form
    data = _centre_form(client, url, name="Eselsberg", slug="gekapert", numbers="+497319999999")
    saved = client.post(url, data=data | {"office_hours": "Mi 10:00-12:00"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    session.expire_all()
    assert (first.name, first.office_hours) == ("Eselsberg", "Mi 10:00-12:00")
    assert first.staff_number == "+497314444444"
    assert (first.slug, first.numbers, first.is_default) == (
        "alter-eselsberg",
        "+497311111111",
        True,
    )
    assert client.get(f"/admin/centres/{west.id}").status_code == 404
    staff = make_user(Role.STAFF, email="mitarbeiterin@q.de")
    log_in_as(client, staff)
    assert client.get(url).status_code == 403


def test_a_centre_admin_manages_the_accounts_of_their_centre_only(client, session, make_user):
    second_centre(session)
    chefin = make_user(Role.ADMIN, email="chefin@q.de")
    west = make_user(Role.STAFF, email="west@q.de", centre="weststadt")
    city = make_user(Role.ADMIN, email="stadt@q.de", city_admin=True)
    log_in_as(client, chefin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "chefin@q.de" in page and "west@q.de" not in page and "stadt@q.de" not in page
    token = csrf_token(client, "/admin/users")
    for user in (west, city):
        for action, data in (("role", {"role": "admin"}), ("delete", {})):
            response = client.post(
                f"/admin/users/{user.id}/{action}", data={"csrf_token": token, **data}
            )
            assert response.status_code == 404
    # The Weststadt account gets a role here too; its password stays its own.
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "name": "West",
            "email": "West@q.de",
            "role": "volunteer",
            "password": "",
        },
    )
    assert response.status_code == 302
    roles = {
        r.centre_id: r.role for r in session.scalars(select(CentreRole).filter_by(user_id=west.id))
    }
    assert sorted(roles.values()) == [Role.STAFF, Role.VOLUNTEER]
    # Removing it here leaves its account in Weststadt.
    client.post(f"/admin/users/{west.id}/delete", data={"csrf_token": token})
    session.expire_all()
    assert session.get(User, west.id) is not None
    assert [r.role for r in session.scalars(select(CentreRole).filter_by(user_id=west.id))] == [
        Role.STAFF
    ]


def test_a_role_changes_in_the_current_centre(client, session, make_user):
    chefin = make_user(Role.ADMIN, email="chefin@q.de")
    otto = make_user(Role.VOLUNTEER, email="otto@q.de")
    log_in_as(client, chefin)
    token = csrf_token(client, "/admin/users")
    client.post(f"/admin/users/{otto.id}/role", data={"csrf_token": token, "role": "staff"})
    session.expire_all()
    assert session.get(CentreRole, (otto.id, default_centre(session).id)).role is Role.STAFF
    mine = client.post(f"/admin/users/{chefin.id}/role", data={"csrf_token": token, "role": "none"})
    assert "Die eigene Rolle kann man nicht ändern" in client.get(mine.location).get_data(
        as_text=True
    )


def _recording(session, centre_id: int, name: str) -> PromptRecording:
    row = PromptRecording(
        language="de",
        prompt_id="greeting.welcome",
        recording=Recording(
            source=RecordingSource.UPLOAD,
            purpose="prompt",
            state=RecordingState.READY,
            audio_name=name,
        ),
        active=True,
        centre_id=centre_id,
    )
    session.add(row)
    session.commit()
    return row


def test_staff_recordings_of_prompts_are_per_centre(client, session, make_user):
    home = default_centre(session)
    west = second_centre(session)
    ours = _recording(session, home.id, "ours.wav")
    theirs = _recording(session, west.id, "theirs.wav")
    log_in_as(client, make_user(Role.STAFF))
    page = client.get("/admin/prompts?suche=greeting.welcome").get_data(as_text=True)
    assert "ours.wav" in page and "theirs.wav" not in page
    token = csrf_token(client, "/admin/prompts")
    client.post("/admin/prompts/greeting.welcome/generated", data={"csrf_token": token})
    session.expire_all()
    assert not ours.active and theirs.active  # Weststadt keeps its recording
