"""Accounts and logins for tests of the admin page (fixtures, imported by conftest)."""

from __future__ import annotations

import re

import pytest

from voice.models import Role, User

PASSWORD = "ein-langes-Passwort"


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would send it back."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def make_user(session):
    def make(role: Role = Role.STAFF, email: str | None = None) -> User:
        user = User(
            email=email or f"{role.value}@quartier.example.org", name=role.value.title(), role=role
        )
        user.set_password(PASSWORD)
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def login(client, make_user):
    """Log in with an account of this role."""

    def log_in(role: Role = Role.STAFF) -> User:
        user = make_user(role)
        token = csrf_token(client, "/admin/login")
        response = client.post(
            "/admin/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return log_in


def staff_account(app, email: str, name: str = "Team") -> None:
    """A staff account in an app with its own database (the browser tests' live app)."""
    with app.app_context(), app.extensions["db"].begin() as session:
        user = User(email=email, name=name, role=Role.STAFF)
        user.set_password(PASSWORD)
        session.add(user)


def log_in_browser(page, server: str, email: str) -> None:
    """Log in on the admin page in a Playwright page."""
    page.goto(f"{server}/admin/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Einloggen')")
