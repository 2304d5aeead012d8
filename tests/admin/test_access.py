"""Logins, lockouts, roles, CSRF and friendly errors."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.accounts import PASSWORD, csrf_token
from voice.admin.access import REFUSED
from voice.models import Role, User, utcnow


def test_before_any_account_the_page_explains_how_to_create_one(client):
    page = client.get("/admin/login").get_data(as_text=True)
    assert "flask --app app create-admin" in page
    response = client.get("/admin/events")
    assert response.status_code == 302 and "/admin/login" in response.location


def test_create_admin_from_the_terminal(app, session):
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["create-admin", "--email", "a@b.de", "--name", "Anna"], input="kurz\nkurz\n"
    )
    assert short.exit_code != 0 and "mindestens 10 Zeichen" in short.output
    result = runner.invoke(
        args=["create-admin", "--email", "Anna@Quartier.de", "--name", "Anna"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User))
    assert user.role is Role.ADMIN and user.check_password(PASSWORD)
    assert user.city_admin  # the first account may everything in every centre
    assert user.password_hash.startswith("scrypt:")
    again = runner.invoke(
        args=["create-admin", "--email", "anna@quartier.de", "--name", "A"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert "Es gibt schon ein Konto" in again.output


def test_login_and_logout(client, login):
    login()
    assert "Veranstaltungen" in client.get("/admin/events").get_data(as_text=True)
    token = csrf_token(client, "/admin/events")
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/events").status_code == 302


def test_five_wrong_passwords_lock_the_account(client, make_user, session):
    user = make_user()
    for _attempt in range(5):
        token = csrf_token(client, "/admin/login")
        response = client.post(
            "/admin/login", data={"email": user.email, "password": "falsch", "csrf_token": token}
        )
        assert response.status_code == 401
    assert REFUSED in response.get_data(as_text=True)
    token = csrf_token(client, "/admin/login")
    right = client.post(
        "/admin/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 401  # locked, even with the right password
    assert REFUSED in right.get_data(as_text=True)
    session.refresh(user)
    assert user.locked_until > utcnow() + timedelta(minutes=14)
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.commit()
    token = csrf_token(client, "/admin/login")
    assert (
        client.post(
            "/admin/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )


def _refusal(client, email: str, password: str) -> tuple[int, str]:
    token = csrf_token(client, "/admin/login")
    response = client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": token}
    )
    page = response.get_data(as_text=True)
    return response.status_code, re.search(r'<p class="flash error"[^>]*>(.*?)</p>', page).group(1)


def test_unknown_locked_and_wrong_get_the_same_answer(client, make_user, session):
    """The page must not tell which e-mail addresses have an account."""
    user, locked = make_user(), make_user(Role.ADMIN)
    locked.locked_until = utcnow() + timedelta(minutes=10)
    session.commit()
    answers = {
        "unknown": _refusal(client, "wer@example.org", "x"),
        "wrong": _refusal(client, user.email, "falsch"),
        "locked, wrong": _refusal(client, locked.email, "falsch"),
        "locked, right": _refusal(client, locked.email, PASSWORD),
    }
    assert set(answers.values()) == {(401, REFUSED)}


def test_a_form_without_csrf_token_is_refused_and_changes_nothing(client, login, session):
    login()
    response = client.post("/admin/events/new", data={"title": "Ohne Token"})
    assert response.status_code == 400
    assert "Bitte laden Sie die Seite neu" in response.get_data(as_text=True)


def test_a_volunteer_may_not_create_events_and_is_told_why(client, login):
    login(Role.VOLUNTEER)
    response = client.get("/admin/events/new")
    assert response.status_code == 403
    assert "Diese Seite ist für Ihr Konto nicht freigegeben." in response.get_data(as_text=True)
    assert client.get("/admin/events").status_code == 200


def test_a_missing_page_is_friendly(client, login):
    login()
    response = client.get("/admin/events/999999")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.get_data(as_text=True)
    assert client.get("/admin/nothing-here").status_code == 404


def test_session_cookie_flags(app, client, login):
    login()
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert cookie.secure  # PUBLIC_BASE_URL is https in the tests
    assert app.permanent_session_lifetime == timedelta(minutes=120)


def test_the_softphone_needs_a_login_once_accounts_exist(client, make_user):
    assert client.get("/simulator/").status_code == 200
    make_user()
    response = client.get("/simulator/")
    assert response.status_code == 302 and "/admin/login" in response.location
    assert (
        client.post("/simulator/api/calls", json={}, headers={"X-Softphone": "1"}).status_code
        == 403
    )
