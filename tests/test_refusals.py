"""Every route that exists (from `app.url_map`, every rule and method) refuses what it must:
a forged, an unsigned and a tampered request. For the webhooks (/voice/...) the signature is
X-Twilio-Signature and the answer is 403; for the staff's pages it is the session cookie
(forged: signed with another key; tampered: our signature, another account in it), and the
answer is the login page, a refused CSRF token or 403. A method a route does not take is 405.
Nothing of it changes a single row: the whole database is compared before and after."""

from __future__ import annotations

import json
from base64 import urlsafe_b64decode, urlsafe_b64encode

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select
from twilio.request_validator import RequestValidator
from werkzeug.routing import Rule

from tests.conftest import BASE_URL
from voice.models import (
    Base,
    Call,
    Centre,
    Message,
    MessageKind,
    Registration,
    RegistrationStatus,
    Role,
    User,
)

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Open to everyone by design: the home page, the info screen, health, audio and static files.
PUBLIC = {"/", "/screen", "/screen/<slug>", "/health"}
PUBLIC_FILES = ("/audio/", "/static/", "/admin/static/", "/simulator/static/")
ADMIN = ("/admin/", "/simulator/")  # staff only (the simulator, once an account exists)
# Requests come from another machine (a documentation address; the test client sends nothing):
# the simulator serves its recordings to this machine, as Twilio would fetch them.
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}


@pytest.fixture
def rows(session, make_event, make_resident, make_announcement):
    """One row of each kind a URL can name, and an administrator (so the simulator is closed)."""
    admin = User(email="chefin@q.de", name="Chefin", role=Role.ADMIN)
    admin.set_password("ein-langes-Passwort")
    session.add(admin)
    event = make_event()
    resident = make_resident()
    registration = Registration(event=event, resident=resident, status=RegistrationStatus.BOOKED)
    call = Call(call_sid="CA" + "1" * 32, from_number=resident.phone, choices={})
    message = Message(kind=MessageKind.MESSAGE, from_number=resident.phone, call_sid=call.call_sid)
    session.add_all([registration, call, message])
    session.commit()
    return {
        "event_id": event.id,
        "registration_id": registration.id,
        "resident_id": resident.id,
        "announcement_id": make_announcement().id,
        "message_id": message.id,
        "user_id": admin.id,
        "call_sid": call.call_sid,
        "sid": call.call_sid,
        "prompt_id": "greeting.welcome",
        "action": "mute",
        "name": "0" * 32,
        "key": "0" * 32,  # a typed preview (announcements)
        "purpose": "message",
        "filename": "style.css",
        "centre_id": session.scalar(select(Centre.id).where(Centre.is_default)),
        "slug": "alter-eselsberg",
    }


def _dump(connection) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    return {
        table.name: [
            tuple(row)
            for row in connection.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in Base.metadata.sorted_tables
    }


def _requests(app, rows) -> list[tuple[Rule, str, str]]:
    """(rule, method, path) for every rule and method, the URL variables filled with rows."""
    made = []
    adapter = app.url_map.bind("quartier.example.org")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        values = {name: rows[name] for name in rule.arguments}
        path = adapter.build(rule.endpoint, values)
        made += [(rule, method, path) for method in sorted(rule.methods - IGNORED_METHODS)]
    return made


def _session_cookie(app, data: dict, secret: str | None = None) -> str:
    """A session cookie with this content, signed with the app's key or another one."""
    if secret is not None:
        app = Flask("another_site")
        app.secret_key = secret
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.dumps(data)


def _tampered(cookie: str, data: dict) -> str:
    """Our signed cookie with its content replaced (the signature kept)."""
    payload, *signature = cookie.split(".")
    replaced = urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    assert urlsafe_b64decode(payload + "==")  # it was a plain (uncompressed) payload
    return ".".join([replaced, *signature])


def _webhook_variants(app, path: str) -> dict[str, tuple[dict, dict]]:
    """Forged, unsigned and tampered versions of one webhook: (form, headers)."""
    form = {"CallSid": "CA" + "1" * 32, "From": "+497311234567", "Digits": "1"}
    good = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    other = RequestValidator("not-our-token")
    return {
        "forged": (form, {"X-Twilio-Signature": other.compute_signature(BASE_URL + path, form)}),
        "unsigned": (form, {}),
        "tampered": (
            {**form, "Digits": "2"},
            {"X-Twilio-Signature": good.compute_signature(BASE_URL + path, form)},
        ),
    }


def _page_variants(app, client, rows) -> dict[str, dict]:
    """Forged, absent and tampered session cookies claiming the administrator's login."""
    claim = {"_user_id": str(rows["user_id"]), "_fresh": True}
    client.get("/admin/login")  # a real, signed session (with only a CSRF token in it)
    real = client.get_cookie("session")
    assert real is not None
    return {
        "forged": {"session": _session_cookie(app, claim, secret="not-our-key")},
        "unsigned": {},
        "tampered": {"session": _tampered(real.value, claim)},
    }


def _refused_page(rule: Rule, method: str, response) -> bool:
    """The right refusal for a staff page: the login page, a refused CSRF token or 403."""
    to_login = response.status_code == 302 and "/admin/login" in response.location
    if method == "GET":
        return to_login or response.status_code == 403
    return to_login or response.status_code in (400, 403)


def test_forged_unsigned_and_tampered_requests_are_refused_everywhere(
    app, client, connection, rows
):
    before = _dump(connection)
    assert before["events"] and before["calls"] and before["users"]  # the dump sees the rows
    pages = _page_variants(app, client, rows)
    client.delete_cookie("session")
    checked = 0
    for rule, method, path in _requests(app, rows):
        webhook = rule.rule.startswith("/voice/")
        variants = _webhook_variants(app, path) if webhook else dict.fromkeys(pages, ({}, {}))
        for variant, (form, headers) in variants.items():
            client.delete_cookie("session")
            if not webhook and pages[variant]:
                client.set_cookie("session", pages[variant]["session"])
            response = client.open(
                path, method=method, data=form, headers=headers, environ_base=ELSEWHERE
            )
            what = f"{variant} {method} {path}: {response.status_code}"
            if webhook:
                assert response.status_code == 403, what
            elif rule.rule in PUBLIC or rule.rule.startswith(PUBLIC_FILES):
                assert response.status_code < 500, what
            elif rule.endpoint == "admin.login" and method == "GET":
                assert response.status_code == 200, what  # the login page itself
            else:
                assert rule.rule.startswith(ADMIN), f"{rule.rule}: which refusal is right?"
                assert _refused_page(rule, method, response), what
            checked += 1
        assert _dump(connection) == before, f"{method} {path} changed the database"
    assert checked >= 3 * 60  # every rule and method was tried (60 rules and more)


def test_a_method_a_route_does_not_take_is_405(app, client, connection, rows):
    before = _dump(connection)
    for rule, _method, path in _requests(app, rows):
        method = "PUT" if "PUT" not in rule.methods else "DELETE"
        response = client.open(path, method=method)
        assert response.status_code == 405, f"{method} {path}: {response.status_code}"
    assert _dump(connection) == before


def test_the_same_webhooks_signed_are_accepted(app, client, rows):
    """The control: with our signature, untouched, no webhook answers 403."""
    validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    for rule, method, path in _requests(app, rows):
        if not rule.rule.startswith("/voice/"):
            continue
        form = {"CallSid": rows["call_sid"], "From": "+497311234567", "Digits": "1"}
        headers = {"X-Twilio-Signature": validator.compute_signature(BASE_URL + path, form)}
        response = client.open(path, method=method, data=form, headers=headers)
        assert response.status_code == 200, f"{method} {path}: {response.status_code}"


def test_a_real_login_session_is_not_refused(client, login, rows):
    """The control for the pages: with a real login the same pages open."""
    login(Role.ADMIN)
    for path in ("/admin/events", f"/admin/residents/{rows['resident_id']}", "/simulator/"):
        assert client.get(path, environ_base=ELSEWHERE).status_code == 200, path
