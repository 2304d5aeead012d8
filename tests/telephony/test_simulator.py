"""The simulator follows Twilio's documented behaviour, verb by verb, on small documents."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask, Response, request
from twilio.request_validator import RequestValidator

from voice.telephony.simulator import PhoneSystem, TwiMLRejected

BASE = "https://sim.example.org"
TOKEN = "sim-token"


class Service:
    """A tiny service: fixed TwiML per path; every request is checked and kept."""

    def __init__(self, tmp_path) -> None:
        self.documents: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.app = Flask("tiny")
        self.app.config.update(TWILIO_AUTH_TOKEN=TOKEN, SIMULATOR_DIR=str(tmp_path))
        self.app.instance_path = str(tmp_path)
        validator = RequestValidator(TOKEN)

        @self.app.route("/<path:path>", methods=["GET", "POST"])
        def serve(path: str) -> Response:
            url = BASE + request.full_path.rstrip("?")
            signed = validator.validate(
                url, request.form.to_dict(), request.headers.get("X-Twilio-Signature", "")
            )
            assert signed, f"bad signature for {url}"
            params = request.form.to_dict() if request.method == "POST" else request.args.to_dict()
            self.requests.append((request.method, "/" + path, params))
            if path.startswith("audio/"):
                return Response(b"RIFF....WAVE", mimetype="audio/wav")
            if path.startswith("simulator/recordings/"):
                recorded = tmp_path / path.rsplit("/", 1)[1]
                return Response(recorded.read_bytes(), mimetype="audio/wav")
            if path == "page.html":
                return Response("<html></html>", mimetype="text/html")
            body = self.documents.get("/" + path, "<Response/>")
            return Response(f'<?xml version="1.0"?>{body}', mimetype="text/xml")

        self.system = PhoneSystem(self.app, BASE)

    def call(self, first: str, strict: bool = True):
        self.documents["/start"] = first
        call = self.system.dial_in("+497311234567")
        call.strict = strict
        call.start("/start")
        return call

    def posted(self, path: str) -> list[dict]:
        return [params for method, p, params in self.requests if p == path]


@pytest.fixture
def service(tmp_path) -> Service:
    return Service(tmp_path)


def test_say_then_the_end_of_the_document_hangs_up(service):
    call = service.call('<Response><Say language="de-DE" loop="2">Hallo</Say></Response>')
    assert [(e.kind, e.text) for e in call.events] == [("say", "Hallo"), ("say", "Hallo")]
    assert call.state == "ended"
    [status] = service.posted("/voice/status")
    assert status["CallStatus"] == "completed"
    first = service.requests[0][2]
    assert {"CallSid", "AccountSid", "From", "To", "CallStatus", "Direction", "ApiVersion"} <= set(
        first
    )
    assert first["CallStatus"] == "ringing" and first["Direction"] == "inbound"


def test_play_with_loop_and_digits_and_pause(service):
    call = service.call(
        '<Response><Play loop="2">/audio/a.wav</Play><Pause length="3"/>'
        '<Play digits="ww12#"/></Response>'
    )
    kinds = [(e.kind, e.url or e.text or e.detail.get("seconds")) for e in call.events]
    assert kinds == [
        ("play", f"{BASE}/audio/a.wav"),
        ("play", f"{BASE}/audio/a.wav"),
        ("pause", 3),
        ("dtmf", "ww12#"),
    ]


@pytest.mark.parametrize(
    "target", ["/page.html", "/nothing-here", "https://elsewhere.example.com/a.mp3"]
)
def test_play_of_something_that_is_not_audio_is_an_error(service, target):
    with pytest.raises(TwiMLRejected, match="Play"):
        service.call(f"<Response><Play>{target}</Play></Response>")
    lenient = service.call(
        f"<Response><Play>{target}</Play><Say>nie</Say></Response>", strict=False
    )
    assert lenient.events[-1].kind == "error"
    assert "nie" not in [e.text for e in lenient.events]
    assert lenient.state == "ended"


def test_gather_num_digits_and_finish_on_key(service):
    service.documents["/two"] = "<Response><Say>zwei</Say></Response>"
    call = service.call(
        '<Response><Gather action="/two" numDigits="2"><Say>Bitte</Say></Gather></Response>'
    )
    assert call.state == "gather"
    call.press("123")
    assert service.posted("/two")[-1]["Digits"] == "12"
    call = service.call('<Response><Gather action="/two"><Say>Bitte</Say></Gather></Response>')
    call.press("45#6")
    assert service.posted("/two")[-1]["Digits"] == "45"  # finishOnKey defaults to #
    call = service.call('<Response><Gather action="/two" finishOnKey=""/></Response>')
    call.press("#")
    assert service.posted("/two")[-1]["Digits"] == "#"


def test_gather_without_action_posts_to_the_current_document(service):
    service.documents["/again"] = '<Response><Gather numDigits="1"/></Response>'
    service.documents["/start"] = "<Response><Redirect>/again</Redirect></Response>"
    call = service.system.dial_in("+497311234567")
    call.start("/start")
    call.press("5")
    assert service.posted("/again")[-1]["Digits"] == "5"


def test_silence_falls_through_to_the_next_verb(service):
    call = service.call('<Response><Gather action="/x"/><Say>Niemand da?</Say></Response>')
    call.silence()
    assert service.posted("/x") == []
    assert call.events[-1].text == "Niemand da?" and call.state == "ended"


def test_action_on_empty_result_posts_without_digits(service):
    call = service.call(
        '<Response><Gather action="/x" actionOnEmptyResult="true"/><Say>nie</Say></Response>'
    )
    call.silence()
    [posted] = service.posted("/x")
    assert "Digits" not in posted
    assert "nie" not in [e.text for e in call.events]


def test_speech_input(service):
    call = service.call('<Response><Gather input="dtmf speech" action="/x"/></Response>')
    call.say("Anmelden")
    assert service.posted("/x")[-1]["SpeechResult"] == "Anmelden"
    call = service.call('<Response><Gather action="/x"/><Say>weiter</Say></Response>')
    call.say("Anmelden")  # a dtmf-only Gather does not listen: like silence
    assert call.events[-1].text == "weiter"


def test_redirect_with_get_sends_the_parameters_in_the_query(service):
    service.documents["/next"] = "<Response><Hangup/></Response>"
    service.call('<Response><Redirect method="GET">/next</Redirect></Response>')
    method, _path, params = next(r for r in service.requests if r[1] == "/next")
    assert method == "GET" and params["CallSid"]


def test_record_posts_the_recording_and_its_status_callback(service):
    call = service.call(
        '<Response><Record action="/rec" maxLength="10" recordingStatusCallback="/rec-status"/>'
        "<Say>leer</Say></Response>"
    )
    assert call.state == "record"
    call.record(seconds=2)
    [posted] = service.posted("/rec")
    assert posted["RecordingSid"].startswith("RE")
    assert posted["RecordingDuration"] == "2"
    assert posted["RecordingUrl"].startswith(f"{BASE}/simulator/recordings/")
    assert service.posted("/rec-status")[0]["RecordingStatus"] == "completed"
    answer = service.system.transport.request("GET", posted["RecordingUrl"], {})
    assert answer.content_type == "audio/wav"


def test_empty_recording_goes_on_with_the_next_verb_and_a_key_ends_a_recording(service):
    call = service.call('<Response><Record action="/rec"/><Say>Nichts gehört</Say></Response>')
    call.silence()
    assert service.posted("/rec") == [] and call.events[-1].text == "Nichts gehört"
    call = service.call('<Response><Record action="/rec" finishOnKey="#"/></Response>')
    call.press("#")
    assert service.posted("/rec")[-1]["Digits"] == "#"


def test_dial_number_sends_digits_and_reports_how_it_ended(service):
    call = service.call(
        '<Response><Dial action="/after" timeout="20">'
        '<Number sendDigits="ww1234#">+4969123</Number></Dial></Response>'
    )
    dial = next(e for e in call.events if e.kind == "dial")
    assert (dial.text, dial.detail["kind"]) == ("+4969123", "number")
    assert call.events[-1].kind == "dtmf" and call.events[-1].text == "ww1234#"
    call.end_bridge("busy", 0)
    assert service.posted("/after")[-1]["DialCallStatus"] == "busy"


def test_dial_without_action_goes_on_after_the_dial(service):
    call = service.call(
        "<Response><Dial><Sip>sip:raum@jitsi.example.org</Sip></Dial><Say>danach</Say></Response>"
    )
    call.end_bridge("completed", 30)
    assert call.events[-1].text == "danach"


def test_conference_hang_up_on_star_and_participants(service):
    call = service.call(
        '<Response><Dial action="/back" hangupOnStar="true">'
        '<Conference muted="true">raum</Conference></Dial></Response>'
    )
    meeting = service.system.meetings["raum"]
    assert meeting.participants[call.sid].muted is True
    service.system.update_participant("raum", call.sid, muted=False)
    assert meeting.participants[call.sid].muted is False
    call.press("5")
    assert service.posted("/back") == []  # keys go to the meeting
    call.press("*")
    assert service.posted("/back")[-1]["DialCallStatus"] == "completed"
    assert call.sid not in meeting.participants


def test_reject_busy(service):
    call = service.call('<Response><Reject reason="busy"/></Response>')
    assert call.status == "busy"
    assert service.posted("/voice/status")[-1]["CallStatus"] == "busy"


@pytest.mark.parametrize(
    ("twiml", "complaint"),
    [
        ("<Response><Speak>Hallo</Speak></Response>", "unknown element <Speak>"),
        (
            "<Response><Gather><Gather/></Gather></Response>",
            "<Gather> may not stand inside <Gather>",
        ),
        ('<Response><Gather numDigits="x"/></Response>', "invalid value numDigits='x'"),
        ('<Response><Gather input="keys"/></Response>', "invalid value input='keys'"),
        ("<Response><Dial><Say>Hallo</Say></Dial></Response>", "<Say> may not stand inside <Dial>"),
        ('<Response><Say colour="blue">Hallo</Say></Response>', "unknown attribute colour"),
        ("<Response><Hangup>jetzt</Hangup></Response>", "may not contain text"),
        ("<Reply/>", "must be a <Response>"),
        ('<Response><Gather input="dtmf voice"/></Response>', "invalid value input="),
        ('<Response><Gather input="speech" language="Deutsch"/></Response>', "language="),
        ('<Response><Gather input="speech" speechTimeout="0"/></Response>', "speechTimeout="),
        ('<Response><Gather input="speech" hints="ja,,nein"/></Response>', "invalid value hints"),
        (f'<Response><Gather input="speech" hints="{"x" * 101}"/></Response>', "hints"),
        (
            f'<Response><Gather input="speech" hints="{",".join(["ja"] * 501)}"/></Response>',
            "invalid value hints",
        ),
        (
            '<Response><Gather input="speech" speechTimeout="auto" speechModel="phone_call"/>'
            "</Response>",
            "speechTimeout auto with a speechModel",
        ),
        ('<Response><Gather hints="ja" language="de-DE"/></Response>', "without input speech"),
    ],
)
def test_twiml_that_twilio_would_refuse_is_reported_with_its_element(service, twiml, complaint):
    with pytest.raises(TwiMLRejected, match=complaint.replace("(", r"\(").replace("<", "<")):
        service.call(twiml)


def test_the_speech_attributes_of_the_service_are_accepted(service):
    call = service.call(
        '<Response><Gather input="dtmf speech" language="tr-TR" hints="evet, hayır, geri dön" '
        'speechTimeout="3" speechModel="phone_call" enhanced="true" action="/x"/></Response>'
    )
    assert call.state == "gather"


def test_current_twiml_is_accepted(service):
    call = service.call(
        '<Response><Gather input="dtmf speech" actionOnEmptyResult="true" speechTimeout="auto" '
        'action="/x"><Say voice="Polly.Vicki-Neural"><prosody rate="90%">Hallo</prosody></Say>'
        "</Gather></Response>"
    )
    assert call.state == "gather"


def test_the_service_calls_out_and_the_phone_answers_or_not(service):
    service.documents["/remind"] = "<Response><Say>Erinnerung</Say></Response>"
    sid = service.system.place_call(
        "+497311234567", "+4973100000000", f"{BASE}/remind", "/out-status"
    )
    assert sid in service.system.ringing
    call = service.system.answer(sid)
    assert call.sid == sid and [e.text for e in call.events] == ["Erinnerung"]
    first = service.posted("/remind")[0]
    assert first["Direction"] == "outbound-api" and first["To"] == "+497311234567"
    assert service.posted("/out-status")[-1]["CallStatus"] == "completed"
    other = service.system.place_call(
        "+497310000000", "+4973100000000", f"{BASE}/remind", "/out-status"
    )
    service.system.decline(other, "busy")
    assert service.posted("/out-status")[-1]["CallStatus"] == "busy"


def test_keys_pressed_at_once_reach_the_service_one_after_another(service, monkeypatch):
    """The browser phone sends a key as soon as it is clicked; the simulated line, like
    Twilio, sends the call's next webhook only after the last was answered."""
    menu = '<Response><Gather action="/menu" numDigits="1"><Say>Eins</Say></Gather></Response>'
    service.documents["/menu"] = menu
    call = service.call(menu)
    real = call.transport.request
    at_once, most = [0], [0]

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        at_once[0] += 1
        most[0] = max(most[0], at_once[0])
        time.sleep(0.1)
        try:
            return real(*args, **kwargs)
        finally:
            at_once[0] -= 1

    monkeypatch.setattr(call.transport, "request", slow)
    presses = [threading.Thread(target=call.press, args=(key,)) for key in "12"]
    for press in presses:
        press.start()
    for press in presses:
        press.join()
    assert most[0] == 1
    assert sorted(p["Digits"] for p in service.posted("/menu")) == ["1", "2"]
