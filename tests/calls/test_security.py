"""Every /voice request needs a valid X-Twilio-Signature for the URL Twilio called."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from voice.models import Call


def _calls(session) -> int:
    return session.scalar(select(func.count()).select_from(Call))


def test_signed_request_is_answered(phone, session):
    reply = phone.call()
    assert reply.status == 200
    assert reply.mimetype == "text/xml"
    assert _calls(session) == 1


def test_missing_signature_is_refused_and_changes_nothing(phone, session):
    phone.call_sid = "CA-unsigned"
    reply = phone.post("/voice/incoming", sign=False)
    assert reply.status == 403
    assert _calls(session) == 0


def test_forged_signature_is_refused(phone, client, session):
    form = {"CallSid": "CA-forged", "From": "+497311234567"}
    forged = RequestValidator("not-our-token").compute_signature(
        "https://quartier.example.org/voice/incoming", form
    )
    response = client.post("/voice/incoming", data=form, headers={"X-Twilio-Signature": forged})
    assert response.status_code == 403
    assert _calls(session) == 0


def test_a_refused_request_logs_a_short_callsid(client, caplog):
    """An attacker's 5,000-character CallSid does not go into the log whole."""
    response = client.post("/voice/incoming", data={"CallSid": "CA" + "x" * 5000})
    assert response.status_code == 403
    [record] = [r for r in caplog.records if "rejected" in r.getMessage()]
    assert len(record.getMessage()) < 200


def test_tampered_parameters_are_refused(phone, client, session, make_event):
    event = make_event(capacity=1)
    phone.call()
    form = {"CallSid": phone.call_sid, "From": phone.number, "Digits": "1"}
    signature = phone.validator.compute_signature(
        "https://quartier.example.org/voice/menu/main", form
    )
    response = client.post(
        "/voice/menu/main",
        data={**form, "Digits": "2"},
        headers={"X-Twilio-Signature": signature},
    )
    assert response.status_code == 403
    session.refresh(event)
    assert event.seats_taken == 0


def test_signature_for_another_path_is_refused(phone, client):
    phone.call()
    form = {"CallSid": phone.call_sid, "From": phone.number}
    signature = phone.validator.compute_signature(
        "https://quartier.example.org/voice/menu/news", form
    )
    response = client.post("/voice/status", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_query_string_is_part_of_the_signed_url(phone, client):
    phone.call()
    form = {"CallSid": phone.call_sid, "From": phone.number}
    url = "https://quartier.example.org/voice/menu/main?x=1"
    good = phone.validator.compute_signature(url, form)
    without_query = phone.validator.compute_signature(
        "https://quartier.example.org/voice/menu/main", form
    )
    assert (
        client.post(
            "/voice/menu/main?x=1", data=form, headers={"X-Twilio-Signature": good}
        ).status_code
        == 200
    )
    assert (
        client.post(
            "/voice/menu/main?x=1", data=form, headers={"X-Twilio-Signature": without_query}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": ""}])
def test_without_public_url_the_proxy_headers_name_the_url(client, app):
    form = {"CallSid": "CA-proxied", "From": "+497311234567"}
    validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    signature = validator.compute_signature("https://tel.quartier.de/voice/incoming", form)
    proxied = {
        "X-Twilio-Signature": signature,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "tel.quartier.de",
    }
    assert client.post("/voice/incoming", data=form, headers=proxied).status_code == 200
    direct = {"X-Twilio-Signature": signature}
    assert client.post("/voice/incoming", data=form, headers=direct).status_code == 403
