"""Konten: only administrators manage accounts."""

from __future__ import annotations

from sqlalchemy import select

from tests.accounts import csrf_token
from voice.models import Role, User


def test_an_admin_adds_and_removes_an_account(client, login, session):
    me = login(Role.ADMIN)
    data = {
        "csrf_token": csrf_token(client, "/admin/users"),
        "name": "Otto",
        "email": "otto@q.de",
        "role": "volunteer",
        "password": "noch-ein-Passwort",
    }
    assert client.post("/admin/users", data=data).status_code == 302
    otto = session.scalar(select(User).where(User.email == "otto@q.de"))
    assert otto.role is Role.VOLUNTEER and otto.check_password("noch-ein-Passwort")
    again = client.post(
        "/admin/users", data={**data, "csrf_token": csrf_token(client, "/admin/users")}
    )
    assert again.status_code == 422 and "hat in diesem Zentrum schon eine Rolle" in again.get_data(
        as_text=True
    )
    short = client.post(
        "/admin/users",
        data={
            **data,
            "email": "x@q.de",
            "password": "kurz",
            "csrf_token": csrf_token(client, "/admin/users"),
        },
    )
    assert "Mindestens 10 Zeichen." in short.get_data(as_text=True)
    client.post(
        f"/admin/users/{otto.id}/delete", data={"csrf_token": csrf_token(client, "/admin/users")}
    )
    mine = client.post(
        f"/admin/users/{me.id}/delete", data={"csrf_token": csrf_token(client, "/admin/users")}
    )
    assert "Das eigene Konto kann man nicht löschen." in client.get(mine.location).get_data(
        as_text=True
    )
    session.expire_all()
    assert [u.email for u in session.scalars(select(User))] == [me.email]


def test_staff_may_not_manage_accounts(client, login):
    login(Role.STAFF)
    assert client.get("/admin/users").status_code == 403


def test_an_admin_sets_up_the_staff_line_and_lifts_a_lock(client, login, session, phone):
    from datetime import timedelta

    from voice.models import utcnow

    me = login(Role.ADMIN)
    me.phone_locked_until = utcnow() + timedelta(minutes=20)
    session.commit()
    assert "gesperrt bis" in client.get("/admin/users").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, "/admin/users"),
        "phone": "0731 1234567",
        "staff_code": "2024",
        "pin": "4711",
    }
    client.post(f"/admin/users/{me.id}/phone", data=data)
    session.refresh(me)
    assert (me.phone, me.staff_code, me.phone_locked_until) == ("+497311234567", "2024", None)
    assert me.check_pin("4711")
    phone.call()
    phone.press("8")
    assert phone.press("4711#").said()[0].startswith("Mitarbeiterbereich.")
    bad = client.post(
        f"/admin/users/{me.id}/phone",
        data={**data, "pin": "12", "csrf_token": csrf_token(client, "/admin/users")},
    )
    assert "4 bis 6 Ziffern." in client.get(bad.location).get_data(as_text=True)
