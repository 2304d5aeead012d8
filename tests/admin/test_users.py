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
    assert again.status_code == 422 and "gibt es schon ein Konto" in again.get_data(as_text=True)
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
