"""Accounts and logins for tests of the admin page (fixtures, imported by conftest)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from voice.models import Centre, CentreRole, Role, User

PASSWORD = "ein-langes-Passwort"


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would send it back."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def give_role(session, user: User, role: Role, centre: str | None = None) -> None:
    """The account's role in a centre (by slug; the default centre when None)."""
    found = Centre.slug == centre if centre else Centre.is_default
    centre_id = session.scalar(select(Centre.id).where(found))
    session.add(CentreRole(user_id=user.id, centre_id=centre_id, role=role))


@pytest.fixture
def make_user(session):
    """An account with this role in a centre (the default centre unless named)."""

    def make(
        role: Role = Role.STAFF,
        email: str | None = None,
        centre: str | None = None,
        city_admin: bool = False,
    ) -> User:
        user = User(
            email=email or f"{role.value}@quartier.example.org",
            name=role.value.title(),
            role=role,
            city_admin=city_admin,
        )
        user.set_password(PASSWORD)
        session.add(user)
        session.flush()
        if not city_admin:
            give_role(session, user, role, centre)
        session.commit()
        return user

    return make


def log_in_as(client, user: User) -> User:
    """Log in with this account."""
    token = csrf_token(client, "/admin/login")
    response = client.post(
        "/admin/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


@pytest.fixture
def login(client, make_user):
    """Log in with an account of this role (in the default centre)."""

    def log_in(role: Role = Role.STAFF) -> User:
        return log_in_as(client, make_user(role))

    return log_in


def staff_account(app, email: str, name: str = "Team") -> None:
    """A staff account in an app with its own database (the browser tests' live app)."""
    with app.app_context(), app.extensions["db"].begin() as session:
        user = User(email=email, name=name, role=Role.STAFF)
        user.set_password(PASSWORD)
        session.add(user)
        session.flush()
        give_role(session, user, Role.STAFF)


def log_in_browser(page, server: str, email: str) -> None:
    """Log in on the admin page in a Playwright page."""
    page.goto(f"{server}/admin/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Einloggen')")
