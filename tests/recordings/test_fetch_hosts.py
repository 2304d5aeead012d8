"""The recordings worker sends Twilio's credentials to Twilio's API hosts only (issue 12, 5).

A real HTTP listener on 127.0.0.1 stands for a host a forged or odd `RecordingUrl` names: it
must never hear from us. Twilio itself is faked at the HTTP transport level, with a requests
adapter mounted on the fetcher's session: our own code runs unchanged."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from sqlalchemy import select

from voice.models import Message, Recording, RecordingState
from voice.recordings.cli import make_fetcher
from voice.telephony import TwilioTelephony, media
from voice.telephony.base import RecordingRefused
from voice.telephony.simulator.recordings import RecordingStore

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "the-auth-token-nobody-else-gets"
TWILIO_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/RE" + "a" * 32
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()


@pytest.fixture
def app_config(tmp_path):
    """A deployment with Twilio credentials: the fetcher is the real TwilioTelephony."""
    return {
        "AUDIO_DIR": str(tmp_path / "audio"),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    }


class Listener:
    """A real HTTP server on 127.0.0.1 that keeps every request line and header it gets."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        heard = self.heard

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                heard.append(self.requestline + "\n" + str(self.headers))
                self.send_response(200)
                self.send_header("Content-Type", "audio/wav")
                self.end_headers()

            def send_error(self, code, message=None, explain=None) -> None:
                heard.append(f"unreadable request ({code}): {self.raw_requestline!r}")
                super().send_error(code, message, explain)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, scheme: str = "http", path: str = TWILIO_PATH) -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


class FakeTwilio(BaseAdapter):
    """Twilio's side of HTTP for one host: answers from a table, keeps what it was sent."""

    def __init__(self, answers: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        super().__init__()
        self.answers, self.sent = answers, []

    def send(self, request, **kwargs):
        self.sent.append(request)
        status, headers, body = self.answers[request.url]
        response = requests.Response()
        response.status_code, response._content = status, body
        response.headers = CaseInsensitiveDict(headers)
        response.url, response.request = request.url, request
        return response

    def close(self) -> None:
        pass


def _leave_message(phone, url: str, sid: str = "RE" + "b" * 32) -> None:
    """A caller leaves a message; Twilio's webhooks (signed) name `url` as RecordingUrl."""
    phone.call()
    phone.press("5")
    phone.post("/voice/record/message", RecordingSid=sid, RecordingUrl=url, RecordingDuration=4)
    phone.post(
        "/voice/recording/message", RecordingSid=sid, RecordingUrl=url, RecordingStatus="completed"
    )
    phone.post("/voice/menu/message_review", Digits="1")


def _recording(session) -> Recording:
    session.expire_all()
    return session.scalars(select(Recording)).one()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}" + TWILIO_PATH,
        "https://api.twilio.com@127.0.0.1:{port}" + TWILIO_PATH,
        "http://api.twilio.com" + TWILIO_PATH,  # not https: the token would travel in clear
    ],
)
def test_a_foreign_recording_url_is_refused_and_never_hears_the_credentials(
    app, session, phone, listener, client, login, url
):
    url = url.format(port=listener.port)
    _leave_message(phone, url)
    fetcher = make_fetcher(app)
    assert isinstance(fetcher.telephony, TwilioTelephony)
    assert fetcher.run_once() == 0
    assert listener.heard == []
    job = _recording(session)
    assert job.state is RecordingState.REFUSED and job.attempts == 0
    assert job.source_url == url
    assert fetcher.run_once() == 0  # refused for good: no later try
    assert listener.heard == []
    [message] = session.scalars(select(Message)).all()
    assert message.recording_id == job.id
    login()
    page = client.get("/admin/messages").get_data(as_text=True)
    assert "Die Aufnahme wurde nicht abgeholt: Die Adresse gehört nicht zum Telefonanbieter" in page


def test_twilio_is_asked_with_the_credentials_and_its_storage_without(
    app, session, phone, tmp_path
):
    storage = "https://media.storage.example/recordings/xyz?signature=abc"
    moved = {"Location": storage}
    twilio = FakeTwilio({"https://api.twilio.com" + TWILIO_PATH + ".wav": (302, moved, b"")})
    tone = RecordingStore(tmp_path / "tone", "")  # a real WAV, as the simulator makes them
    tone.keep("RE" + "c" * 32, None, 1)
    wav = tone.path("RE" + "c" * 32).read_bytes()
    store = FakeTwilio({storage: (200, {"Content-Type": "audio/x-wav"}, wav)})
    _leave_message(phone, "https://api.twilio.com" + TWILIO_PATH)
    fetcher = make_fetcher(app)
    fetcher.telephony.media_http.mount("https://api.twilio.com/", twilio)
    fetcher.telephony.media_http.mount("https://media.storage.example/", store)
    fetcher.delete_at_source = False  # Twilio's REST client is not faked here
    assert fetcher.run_once() == 1
    assert [r.headers.get("Authorization") for r in twilio.sent] == [BASIC]
    assert [r.headers.get("Authorization") for r in store.sent] == [None]
    job = _recording(session)
    assert job.state is RecordingState.READY
    assert app.extensions["audio_store"].path(job.audio_name).is_file()


def test_a_redirect_to_plain_http_is_refused(app, listener):
    telephony = app.extensions["telephony"]
    redirect = {"Location": listener.url("http", "/media.wav")}
    twilio = FakeTwilio({"https://api.twilio.com" + TWILIO_PATH + ".wav": (302, redirect, b"")})
    telephony.media_http.mount("https://api.twilio.com/", twilio)
    with pytest.raises(RecordingRefused):
        telephony.fetch_recording("https://api.twilio.com" + TWILIO_PATH)
    assert listener.heard == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://api.twilio.com/2010-04-01/x", True),
        ("https://API.Twilio.com/2010-04-01/x", True),
        ("https://api.us1.twilio.com/2010-04-01/x", True),
        ("https://api.dublin.ie1.twilio.com/2010-04-01/x", True),
        ("https://api.sydney.au1.twilio.com/2010-04-01/x", True),
        ("https://api.ie1.twilio.com/2010-04-01/x", False),  # retired on 28 April 2026
        ("https://api.twilio.com.evil.example/x", False),
        ("https://evil.example/api.twilio.com/x", False),
        ("https://evilapi.twilio.com/x", False),
        ("https://api.a_b.ie1.twilio.com/x", False),
        ("https://api.twilio.com:8443/x", False),
        ("https://user:pw@api.twilio.com/x", False),
        ("ftp://api.twilio.com/x", False),
        ("https://api.twilio.com:x/x", False),
        ("https://[::1/x", False),
        ("", False),
    ],
)
def test_only_twilio_api_hosts_are_allowed_by_default(url, allowed):
    patterns = media.parse_hosts(TwilioTelephony("AC", "token").media_hosts)
    if allowed:
        assert media.media_url(url, patterns) == url + ".wav"
    else:
        with pytest.raises(RecordingRefused):
            media.media_url(url, patterns)


def test_other_providers_name_their_hosts(own_app):
    app = own_app(
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        RECORDINGS_HOSTS="media.provider.example, *.eu.provider.example",
    )
    hosts = app.extensions["telephony"].media_hosts
    assert hosts == ("media.provider.example", "*.eu.provider.example")
    assert media.media_url("https://media.provider.example/r/1.mp3", hosts)
    assert media.media_url("https://x.eu.provider.example/r/1", hosts)
    with pytest.raises(RecordingRefused):
        media.media_url("https://api.twilio.com/r/1", hosts)


def test_the_simulator_fetches_its_own_recordings_in_process_only(own_app, listener):
    """Without Twilio the fetch goes to this app in-process; other URLs are refused."""
    telephony = own_app().extensions["telephony"]
    assert not isinstance(telephony, TwilioTelephony)
    with pytest.raises(RecordingRefused):
        telephony.fetch_recording(listener.url())
    with pytest.raises(OSError, match="HTTP 404"):  # asked of this app, not of the listener
        telephony.fetch_recording(listener.url(path="/simulator/recordings/RE" + "d" * 32 + ".wav"))
    assert listener.heard == []
