"""The seam's outgoing side: Twilio's REST API through the twilio library, or the simulator."""

from __future__ import annotations

import json

import pytest
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from voice.telephony import SimulatedTelephony, TwilioTelephony, media
from voice.telephony.base import CallRefused

ACCOUNT = "AC" + "1" * 32


class RecordingHttpClient(TwilioHttpClient):
    """Twilio cannot be reached from here: keep the requests the library makes, answer as
    Twilio's API documents."""

    def __init__(self, answers: list[dict]) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, dict]] = []
        self.answers = answers

    def request(
        self,
        method,
        url,
        params=None,
        data=None,
        headers=None,
        auth=None,
        timeout=None,
        allow_redirects=False,
    ):
        self.sent.append((method, url, {**(params or {}), **(data or {})}))
        return Response(200, json.dumps(self.answers.pop(0)))


def test_placing_a_call_posts_to_twilios_calls_resource():
    http = RecordingHttpClient([{"sid": "CA" + "9" * 32, "status": "queued"}])
    twilio = TwilioTelephony(ACCOUNT, "token", http_client=http)
    sid = twilio.place_call(
        "+497311234567",
        "+4973100000000",
        "https://tel.example.org/voice/x",
        "https://tel.example.org/voice/status",
    )
    assert sid == "CA" + "9" * 32
    [(method, url, data)] = http.sent
    assert method == "POST"
    assert url == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Calls.json"
    assert data["To"] == "+497311234567" and data["From"] == "+4973100000000"
    assert data["Url"] == "https://tel.example.org/voice/x"
    assert data["StatusCallback"] == "https://tel.example.org/voice/status"


class RefusingHttpClient(RecordingHttpClient):
    """Twilio answers with an error, as its API documents (status, code, message)."""

    def request(self, method, url, *args, **kwargs):
        ok = super().request(method, url, *args, **kwargs)
        return Response(400, ok.text)


def test_a_number_twilio_refuses_is_one_plain_line_for_staff():
    number = "+4973112"
    error = {
        "code": 21211,
        "message": f"The 'To' number {number} is not a valid phone number.",
        "more_info": "https://www.twilio.com/docs/errors/21211",
        "status": 400,
    }
    twilio = TwilioTelephony(ACCOUNT, "token", http_client=RefusingHttpClient([error]))
    with pytest.raises(CallRefused) as refused:
        twilio.place_call(number, "+4973100000000", "https://tel.example.org/voice/x")
    assert str(refused.value) == (
        f"Unable to create record: The 'To' number {number} is not a valid phone number."
        " (Twilio 21211)"
    )


def test_muting_finds_the_running_conference_by_name():
    conference = {"sid": "CF" + "2" * 32, "friendly_name": "quartier-event-1"}
    http = RecordingHttpClient(
        [
            {"conferences": [conference], "meta": {"next_page_url": None, "key": "conferences"}},
            {"call_sid": "CA" + "3" * 32, "muted": True},
        ]
    )
    TwilioTelephony(ACCOUNT, "token", http_client=http).update_participant(
        "quartier-event-1", "CA" + "3" * 32, muted=True
    )
    listing, update = http.sent
    assert listing[0] == "GET" and listing[2]["FriendlyName"] == "quartier-event-1"
    assert update[1].endswith(f"/Conferences/CF{'2' * 32}/Participants/CA{'3' * 32}.json")
    assert update[2]["Muted"] == "true"


def test_no_running_conference_is_an_error():
    http = RecordingHttpClient(
        [{"conferences": [], "meta": {"next_page_url": None, "key": "conferences"}}]
    )
    with pytest.raises(LookupError):
        TwilioTelephony(ACCOUNT, "token", http_client=http).update_participant(
            "x", "CA1", muted=True
        )


def test_without_twilio_the_simulator_places_the_call_and_the_browser_phone_rings(app, client):
    telephony = app.extensions["telephony"]
    assert isinstance(telephony, SimulatedTelephony)
    with app.test_request_context():
        sid = telephony.place_call("+497311234567", "+4973100000000", "/voice/incoming")
    api = {"X-Softphone": "1"}
    assert client.get("/simulator/api/ringing", headers=api).json == [
        {"sid": sid, "to": "+497311234567", "from": "+4973100000000"}
    ]
    state = client.post(f"/simulator/api/ringing/{sid}/answer", headers=api).json
    assert state["sid"] == sid and state["state"] == "gather"
    assert client.get("/simulator/api/ringing", headers=api).json == []


def test_twilio_in_ireland_calls_the_dublin_edge_of_region_ie1(own_app):
    """TWILIO_REGION and TWILIO_EDGE reach the REST client: calls go to Ireland's API host,
    whose recording URLs the recordings worker accepts."""
    app = own_app(
        TWILIO_ACCOUNT_SID=ACCOUNT,
        TWILIO_AUTH_TOKEN="token",
        TWILIO_REGION="ie1",
        TWILIO_EDGE="dublin",
    )
    twilio = app.extensions["telephony"]
    http = RecordingHttpClient([{"sid": "CA" + "8" * 32, "status": "queued"}])
    twilio._http_client = http  # Twilio cannot be reached from here
    twilio.place_call(
        "+497311234567", "+4973100000000", "https://t.example/x", "https://t.example/s"
    )
    [(_method, url, _data)] = http.sent
    assert url == f"https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Calls.json"
    recording = url.replace("Calls.json", "Recordings/RE" + "a" * 32)  # as Twilio names it
    assert media.media_url(recording, twilio.media_hosts) == recording + ".wav"


def test_without_a_region_calls_go_to_the_us_as_before(own_app):
    twilio = own_app(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_AUTH_TOKEN="token").extensions["telephony"]
    http = RecordingHttpClient([{"sid": "CA" + "7" * 32, "status": "queued"}])
    twilio._http_client = http
    twilio.place_call(
        "+497311234567", "+4973100000000", "https://t.example/x", "https://t.example/s"
    )
    assert http.sent[0][1] == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Calls.json"
