"""Logging in safely: only our own pages after the login; throttled wrong passwords."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select

from tests.accounts import PASSWORD, csrf_token
from voice.admin import throttle
from voice.models import LoginThrottle, Role, User, utcnow

HOSTILE_NEXT = [
    "/\t/evil.example",  # browsers drop the tab: //evil.example
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/admin/events",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https://evil.example/admin/events",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "data:text/html,hallo",
    " //evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "\x00//evil.example",
    "evil.example",
    "/admin/nothing-here",  # not a page of ours
]


def _log_in(client, user, next_value):
    token = csrf_token(client, "/admin/login")
    return client.post(
        "/admin/login",
        query_string={"next": next_value},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )


@pytest.mark.parametrize("next_value", HOSTILE_NEXT)
def test_after_the_login_no_link_leads_away(client, make_user, next_value):
    user = make_user()
    response = _log_in(client, user, next_value)
    assert response.status_code == 302
    assert response.location == "/admin/"


def test_the_link_from_the_review_leads_to_our_events(client, make_user):
    user = make_user()
    token = csrf_token(client, "/admin/login")
    response = client.post(
        "/admin/login?next=/%09/evil.example",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/admin/"


@pytest.mark.parametrize(
    "next_value",
    ["/admin/residents", "/admin/events/new", "/admin/events?seite=2", "/simulator/", "/screen"],
)
def test_after_the_login_our_own_page_follows(client, make_user, next_value):
    user = make_user()
    response = _log_in(client, user, next_value)
    assert response.status_code == 302
    assert response.location == next_value


def _attempt(client, email: str, password: str, address: str, **headers) -> int:
    token = csrf_token(client, "/admin/login")
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    ).status_code


def test_one_address_gets_twenty_attempts_across_accounts(client, make_user):
    user = make_user()
    for number in range(throttle.MAX_ATTEMPTS):
        assert _attempt(client, f"rate{number}@example.org", "x", "203.0.113.7") == 401
    assert _attempt(client, user.email, PASSWORD, "203.0.113.7") == 401  # even the right one
    assert _attempt(client, user.email, PASSWORD, "198.51.100.1") == 302  # another address


def test_an_ipv6_network_counts_as_one_address(client, make_user):
    user = make_user()
    for number in range(throttle.MAX_ATTEMPTS):
        assert _attempt(client, "wer@example.org", "x", f"2001:db8:1:2::{number + 1:x}") == 401
    assert _attempt(client, user.email, PASSWORD, "2001:db8:1:2::ffff") == 401
    assert _attempt(client, user.email, PASSWORD, "2001:db8:1:3::1") == 302


def test_right_passwords_do_not_use_up_the_address(client, make_user):
    user = make_user()
    for _login in range(throttle.MAX_ATTEMPTS + 5):
        assert _attempt(client, user.email, PASSWORD, "203.0.113.8") == 302


def test_the_window_ends(client, make_user, session):
    user = make_user()
    for _number in range(throttle.MAX_ATTEMPTS):
        _attempt(client, "wer@example.org", "x", "203.0.113.9")
    row = session.get(LoginThrottle, "203.0.113.9")
    row.since = utcnow() - throttle.WINDOW
    session.commit()
    assert _attempt(client, user.email, PASSWORD, "203.0.113.9") == 302
    session.expire_all()
    assert session.get(LoginThrottle, "203.0.113.9").attempts == 0  # a new window


def test_a_forged_forwarded_for_does_not_count_afresh(client, make_user):
    """Without a proxy (TRUSTED_PROXIES=0) X-Forwarded-For is the client's own word."""
    user = make_user()
    for number in range(throttle.MAX_ATTEMPTS):
        forged = f"198.51.100.{number}"
        assert _attempt(
            client, "wer@example.org", "x", "203.0.113.10", **{"X-Forwarded-For": forged}
        )
    assert (
        _attempt(client, user.email, PASSWORD, "203.0.113.10", **{"X-Forwarded-For": "1.2.3.4"})
        == 401
    )


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1}])
def test_behind_a_proxy_the_forwarded_address_counts(client, make_user):
    user = make_user()
    proxy = "127.0.0.1"
    for _number in range(throttle.MAX_ATTEMPTS):
        _attempt(client, "wer@example.org", "x", proxy, **{"X-Forwarded-For": "203.0.113.11"})
    assert (
        _attempt(client, user.email, PASSWORD, proxy, **{"X-Forwarded-For": "203.0.113.11"}) == 401
    )
    assert (
        _attempt(client, user.email, PASSWORD, proxy, **{"X-Forwarded-For": "203.0.113.12"}) == 302
    )


def _together(app, count: int, login: dict) -> list[int]:
    """`count` logins posted at the same moment from threads, each with its own client."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def post() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/admin/login", data=login).status_code)

    threads = [threading.Thread(target=post) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def racing_app(own_app):
    """An app without the test's transaction (each request commits for real), so that
    concurrent requests meet in the database; what it stores is removed afterwards."""
    app = own_app(WTF_CSRF_ENABLED=False)
    factory = app.extensions["db"]
    with factory.begin() as session:
        user = User(email="anna@race.example.org", name="Anna", role=Role.STAFF)
        user.set_password(PASSWORD)
        session.add(user)
    yield app, factory
    with factory.begin() as session:
        session.execute(delete(LoginThrottle))
        session.execute(delete(User).where(User.email.like("%@race.example.org")))


def test_forty_wrong_passwords_at_once_get_five_checks(racing_app, monkeypatch):
    app, factory = racing_app
    checks = []
    real_check = User.check_password

    def counted(self, password: str) -> bool:
        checks.append(password)
        return real_check(self, password)

    monkeypatch.setattr(User, "check_password", counted)
    statuses = _together(app, 40, {"email": "anna@race.example.org", "password": "falsch"})
    assert statuses == [401] * 40
    assert len(checks) == 5  # MAX_FAILURES, however many came at once
    with factory() as session:
        stored = session.scalar(select(User).where(User.email == "anna@race.example.org"))
        assert stored.locked_until > utcnow()
        assert session.get(LoginThrottle, "127.0.0.1").attempts == 40  # none lost


def test_forty_attempts_at_once_from_one_address_are_all_counted(racing_app):
    app, factory = racing_app
    statuses = _together(app, 40, {"email": "wer@race.example.org", "password": "x"})
    assert statuses == [401] * 40
    with factory() as session:
        assert session.get(LoginThrottle, "127.0.0.1").attempts == 40
