"""Logging in safely: only our own pages after the login; throttled wrong passwords."""

from __future__ import annotations

import pytest

from tests.accounts import PASSWORD, csrf_token

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
    assert response.location == "/admin/events"


def test_the_link_from_the_review_leads_to_our_events(client, make_user):
    user = make_user()
    token = csrf_token(client, "/admin/login")
    response = client.post(
        "/admin/login?next=/%09/evil.example",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/admin/events"


@pytest.mark.parametrize(
    "next_value",
    ["/admin/residents", "/admin/events/new", "/admin/events?seite=2", "/simulator/", "/screen"],
)
def test_after_the_login_our_own_page_follows(client, make_user, next_value):
    user = make_user()
    response = _log_in(client, user, next_value)
    assert response.status_code == 302
    assert response.location == next_value
