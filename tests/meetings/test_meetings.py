"""Inside the meeting: the `*` menu, the PIN, the live panel, and the status callbacks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts import csrf_token
from tests.phone import Phone
from voice.models import BridgeKind, MeetingEvent, MeetingParticipant, Role, User
from voice.speech import hold


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}  # the hold music is built per test


def _join(phone, make_event, **values):
    event = make_event(title="Spieleabend", starts_in=timedelta(minutes=-5), **values)
    phone.call()
    phone.press("3")
    phone.press("1")
    return event


def test_star_mute_raise_a_hand_and_back_in(phone, session, make_event, make_resident):
    make_resident(name="Frau Keller")
    event = _join(phone, make_event)
    me = session.scalar(select(MeetingParticipant))
    assert me.in_meeting and me.label == "Frau Keller"
    menu = phone.press("*")  # hangupOnStar: out of the conference, into the menu
    assert menu.said()[0] == "Menü für Spieleabend."
    assert phone.press("1").said()[0] == "Sie sind jetzt stumm geschaltet."
    raised = phone.press("2").said()[0]
    assert raised == "Ihre Hand ist gehoben. Wer die Veranstaltung leitet, sieht es."
    assert (
        phone.press("3").said()[0] == "Am Telefon sind außer Ihnen 0 Personen in der Veranstaltung."
    )
    back = phone.press("*")
    assert back.verbs == ["Dial"]  # straight back in, no greeting
    assert back.one("Conference").get("muted") == "true"
    session.expire_all()
    me = session.scalar(select(MeetingParticipant))
    assert me.hand_raised and me.in_meeting
    assert me.muted  # from the join callback: the caller came back muted
    leave = phone.press("*")
    assert "Ihre Hand ist gehoben. Um sie zu senken, drücken Sie die 2." in leave.said()
    assert phone.press("4").said()[0] == "Sie haben die Veranstaltung verlassen."
    assert event.id


def test_the_panel_shows_the_hand_and_the_moderator_lowers_it(
    client, login, phone, session, make_event
):
    event = _join(phone, make_event)
    phone.press("*")
    phone.press("2")
    phone.press("*")
    login()
    state = client.get(f"/admin/meetings/{event.id}/state.json").json
    assert state["total"] == 1 and state["hands"] == 1
    [person] = state["participants"]
    url = f"/admin/meetings/{event.id}"
    token = csrf_token(client, url)
    client.post(f"{url}/{person['call_sid']}/lower", data={"csrf_token": token})
    client.post(f"{url}/{person['call_sid']}/mute", data={"csrf_token": token})
    state = client.get(f"/admin/meetings/{event.id}/state.json").json
    assert state["hands"] == 0 and state["participants"][0]["muted"] is True
    said = phone.press("*").said()  # the caller hears the change
    assert "Um die Hand zu heben, drücken Sie die 2." in said
    client.post(f"{url}/{person['call_sid']}/remove", data={"csrf_token": token})


def test_pin_right_wrong_and_three_times_wrong(phone, make_event):
    event = make_event(
        title="Vorstand", starts_in=timedelta(minutes=-5), pin="2468", phone_code="5555"
    )
    phone.call()
    phone.press("3")
    assert phone.press("1").said() == [
        "Diese Veranstaltung hat eine PIN. Bitte geben Sie sie ein und drücken Sie die Raute-Taste."
    ]
    assert phone.press("1111#").said()[0] == "Die PIN stimmt nicht."
    assert phone.press("2468#").one("Conference").text == f"quartier-event-{event.id}"
    phone.call()
    phone.press("3")
    phone.press("1")
    phone.press("1#")
    phone.press("2#")
    last = phone.press("3#")
    assert last.verbs[-1] == "Hangup"


def test_status_callbacks_are_idempotent_and_tolerate_disorder(phone, session, make_event):
    event = make_event(starts_in=timedelta(minutes=-5))
    phone.call()
    sid = phone.call_sid

    def post(kind: str, sequence: int):
        phone.post(
            f"/voice/meeting/status?event={event.id}",
            StatusCallbackEvent=kind,
            SequenceNumber=sequence,
            ConferenceSid="CF1",
            FriendlyName="x",
        )

    post("participant-join", 1)
    post("participant-mute", 3)
    post("participant-unmute", 2)  # older, arrives late: muted stands
    post("participant-mute", 3)  # Twilio retries
    row = session.scalar(select(MeetingParticipant).where(MeetingParticipant.call_sid == sid))
    session.refresh(row)
    assert row.in_meeting and row.muted and row.last_sequence == 3
    assert session.scalar(select(func.count()).select_from(MeetingEvent)) == 3


def test_jitsi_gets_its_room_in_a_header(phone, make_event):
    make_event(
        starts_in=timedelta(minutes=-1),
        bridge_kind=BridgeKind.SIP,
        bridge_target="sip:jigasi@meet.example.org",
        bridge_room="quartier-spieleabend@conference.meet.example.org",
    )
    phone.call()
    phone.press("3")
    sip = phone.press("1").one("Sip").text
    room = "quartier-spieleabend%40conference.meet.example.org"
    assert sip == f"sip:jigasi@meet.example.org?X-Room-Name={room}"


def _host_on_the_staff_line(app, session, client) -> Phone:
    """A staff member with a known number, past the PIN, in the staff menu."""
    host = User(email="host@q.de", name="Gastgeberin", role=Role.STAFF, phone="+497310000999")
    host.set_password("ein-langes-Passwort")
    host.set_pin("1357")
    session.add(host)
    session.commit()
    staff_phone = Phone(client, app, "https://quartier.example.org", number="+497310000999")
    staff_phone.call()
    staff_phone.press("8")
    staff_phone.press("1357#")
    return staff_phone


def test_residents_wait_with_music_until_the_host_opens_the_meeting(
    app, phone, session, make_event, client
):

    event = make_event(
        title="Spieleabend", starts_in=timedelta(minutes=-5), wait_for_host=True, end_with_host=True
    )
    phone.call()
    phone.press("3")
    conference = phone.press("1").one("Conference")
    assert conference.get("startConferenceOnEnter") == "false"
    assert conference.get("endConferenceOnExit") == "false"
    assert conference.get("waitUrl") == "/voice/meeting/hold"
    assert phone.post("/voice/meeting/hold").verbs == ["Say", "Pause"]  # music not built yet
    hold.ensure(app.extensions["audio_store"])  # as `prompts build` does
    waiting = phone.post("/voice/meeting/hold")  # what Twilio plays while they wait
    assert waiting.said() == [
        "Die Veranstaltung beginnt, sobald die Gastgeberin oder der Gastgeber da ist. "
        "Bitte bleiben Sie in der Leitung."
    ]
    music = waiting.one("Play")
    assert music.get("loop") == "0"
    served = client.get(music.text.removeprefix("https://quartier.example.org"))
    served.close()
    assert served.mimetype == "audio/wav"
    staff_phone = _host_on_the_staff_line(app, session, client)  # the host arrives late
    assert (
        staff_phone.press("4")
        .said()[0]
        .startswith("Spieleabend. Um diese Veranstaltung zu eröffnen")
    )
    opened = staff_phone.press("1").one("Conference")
    assert opened.get("startConferenceOnEnter") == "true"
    assert opened.get("endConferenceOnExit") == "true"  # the meeting ends when the host leaves
    assert opened.text == f"quartier-event-{event.id}"


def test_waiting_callers_are_told_when_the_host_arrives_and_let_out_when_the_host_leaves(
    app, phone, session, make_event, client
):
    make_event(
        title="Spieleabend", starts_in=timedelta(minutes=-5), wait_for_host=True, end_with_host=True
    )
    phone.call()
    phone.press("3")
    phone.press("1")  # waits for the host
    staff_phone = _host_on_the_staff_line(app, session, client)
    staff_phone.press("4")
    staff_phone.press("1")  # the host arrives
    heard = [e.text for e in phone.sim.events if e.kind == "say"]
    assert heard[-1] == "Die Veranstaltung ist eröffnet. Sie beginnt jetzt."
    staff_phone.hang_up()  # the host leaves, and the meeting ends with them
    assert any(e.kind == "bridge" for e in phone.sim.events)  # the resident was let out
    assert phone.sim.state == "gather"  # and is in the meeting menu (# waits for a host again)


def test_the_host_is_offered_only_phone_conferences(app, session, make_event, client):
    make_event(
        title="Zoom-Treffen",
        starts_in=timedelta(minutes=-10),
        bridge_kind=BridgeKind.PHONE,
        bridge_target="+496971049922",
    )
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5))
    staff_phone = _host_on_the_staff_line(app, session, client)
    said = staff_phone.press("4").said()
    assert said[0].startswith("Spieleabend.") and "Zoom" not in " ".join(said)


def test_a_caller_without_a_name_is_masked_in_the_panel_as_on_the_other_pages(
    phone, session, make_event
):
    _join(phone, make_event)
    me = session.scalar(select(MeetingParticipant))
    assert me.in_meeting and me.label == "+49 731 ***4567"
    assert phone.number == "+497311234567"


def test_silence_in_the_star_menu_goes_back_into_the_meeting(phone, make_event):
    _join(phone, make_event)
    phone.press("*")
    back = phone.wait()
    assert back.verbs == ["Dial"]  # not "Ich habe keine Taste gehört", not a goodbye
    assert back.one("Conference").text.startswith("quartier-event-")


def test_zero_in_the_star_menu_is_a_person_as_everywhere(phone, make_event):
    _join(phone, make_event)
    phone.press("*")
    reply = phone.press("0")
    assert "Sie haben die Veranstaltung verlassen." not in reply.said()
    assert reply.said()[0].startswith("Die Quartierszentrale ist gerade nicht besetzt.")
