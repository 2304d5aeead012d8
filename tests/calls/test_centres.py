"""Several centres in one installation, as callers hear them: the number dialled chooses the
centre; its name, events, news, office hours, staff number, languages and recordings."""

from __future__ import annotations

import io
import wave
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from voice.centres.office_hours import DAYS
from voice.demo import load_demo
from voice.models import (
    Call,
    Centre,
    Message,
    PromptRecording,
    Recording,
    RecordingSource,
    RecordingState,
)
from voice.registrations import booking
from voice.speech import recordings, shared

WEST = "+4973100000001"
WEST_STAFF = "+4973100000111"
WELCOME_WEST = "Guten Tag! Hier ist das Quartierstelefon der Quartierszentrale Weststadt."
WELCOME_FIRST = "Guten Tag! Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg."


@pytest.fixture
def app_config(tmp_path):
    """An audio folder of the test's own (staff recordings are stored there), nothing built."""
    return {"AUDIO_DIR": str(tmp_path / "audio")}


@pytest.fixture
def west(session):
    """A second centre, open all day, with its own number and staff number."""
    centre = Centre(
        slug="weststadt",
        name="Weststadt",
        numbers=f"{WEST} +4973100000002",
        office_hours="Mo-So 00:00-24:00",
        staff_number=WEST_STAFF,
        public_number="0731 000 000 01",
    )
    session.add(centre)
    session.commit()
    return centre


def _call_row(session, phone) -> Call:
    session.expire_all()
    return session.scalar(select(Call).where(Call.call_sid == phone.call_sid))


def test_a_call_to_a_centres_number_hears_its_name_events_and_news(
    phone, session, west, make_event, make_announcement
):
    make_event(title="Spieleabend")
    make_event(title="Spaziergang", centre_id=west.id)
    make_announcement(text="Neu am Eselsberg.")
    make_announcement(text="Neu in der Weststadt.", centre_id=west.id)
    reply = phone.call(to=WEST)
    assert reply.said()[0] == WELCOME_WEST
    assert reply.said()[1].startswith("Spaziergang ist ")  # its event is offered, not ours
    phone.to_main()
    listed = phone.press("1").text()
    assert "Spaziergang" in listed and "Spieleabend" not in listed
    assert "Veranstaltung 1 von" not in listed  # one event: no position
    phone.press("*")
    news = phone.press("4").said()
    assert "Neu in der Weststadt." in news and "Neu am Eselsberg." not in news
    row = _call_row(session, phone)
    assert (row.centre_id, row.to_number) == (west.id, WEST)


def test_the_default_centre_still_hears_only_its_own(phone, west, make_event):
    make_event(title="Spieleabend")
    make_event(title="Spaziergang", centre_id=west.id)
    reply = phone.call()
    assert reply.said()[0] == WELCOME_FIRST
    phone.to_main()
    listed = phone.press("1").text()
    assert "Spieleabend" in listed and "Spaziergang" not in listed


def test_a_number_nobody_claims_reaches_the_default_centre_and_is_kept(phone, session, west):
    reply = phone.call(to="+4973199999999")
    assert reply.said()[0] == WELCOME_FIRST
    row = _call_row(session, phone)
    default = session.scalar(select(Centre).where(Centre.is_default.is_(True)))
    assert (row.centre_id, row.to_number) == (default.id, "+4973199999999")


def test_zero_reaches_the_centres_staff_number_in_its_hours(phone, west):
    phone.call(to=WEST)
    reply = phone.press("0")
    assert reply.verbs == ["Say", "Dial"]
    assert reply.one("Number").text == WEST_STAFF
    phone.call()  # the default centre: no hours, no staff number here
    reply = phone.press("0")
    assert "Dial" not in reply.verbs
    assert reply.said()[0].startswith("Die Quartierszentrale ist gerade nicht besetzt.")


def test_outside_its_hours_the_caller_hears_them_and_leaves_a_message_for_it(phone, session, west):
    day = (datetime.now(ZoneInfo("Europe/Berlin")).weekday() + 3) % 7  # neither today nor tomorrow
    west.office_hours = f"{DAYS[day]} 10:00-12:00"
    session.commit()
    phone.call(to=WEST)
    said = phone.press("0").said()
    assert said[0].startswith("Die Quartierszentrale ist gerade nicht besetzt. Sie erreichen uns ")
    assert said[0].endswith(" von 10 Uhr bis 12 Uhr.")
    phone.record()
    phone.press("1")
    [message] = session.scalars(select(Message)).all()
    assert message.centre_id == west.id


def test_another_centres_event_code_is_not_found(phone, west, make_event):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5), phone_code="4711")
    phone.call(to=WEST)
    assert phone.press("3").said()[0] == "Gerade läuft keine Veranstaltung."
    assert phone.press("4711").said()[0] == "Die Nummer 4 7 1 1 kenne ich leider nicht."
    phone.call()  # at its own centre it is running now
    assert phone.to_main().said()[1].startswith("Gerade läuft: Spieleabend.")


@pytest.fixture
def booked_at_west(session, west, make_event, make_resident):
    """The caller (the test phone's number) booked a walk of the Weststadt."""
    walk = make_event(title="Spaziergang", centre_id=west.id)
    booking.book(session, walk.id, make_resident(), wants_reminder=False)
    session.commit()
    return walk


def test_my_registrations_name_a_booking_at_another_centre(phone, booked_at_west):
    phone.call()
    phone.to_main()
    said = phone.press("2").said()
    assert said[0].startswith("Spaziergang, ")
    assert said[1] == "Diese Veranstaltung ist bei der Quartierszentrale Weststadt."
    phone.call(to=WEST)  # at its own centre it needs no such word
    phone.to_main()
    assert "Quartierszentrale Weststadt" not in phone.press("2").text()


def test_the_greeting_names_the_centre_of_a_booking_at_another_centre(phone, booked_at_west):
    phone.call()
    said = phone.to_main().said()
    told = next(n for n, line in enumerate(said) if line.startswith("Sie sind schon angemeldet"))
    assert "Spaziergang" in said[told]
    assert said[told + 1] == "Diese Veranstaltung ist bei der Quartierszentrale Weststadt."
    phone.call(to=WEST)  # its own centre's booking needs no such word
    heard = phone.to_main().said()[1:]  # after the welcome, which names the centre called
    assert "Quartierszentrale Weststadt." not in " ".join(heard)


def _recorded(
    app, session, centre_id: int, tone: int, prompt_id: str = "greeting.welcome"
) -> PromptRecording:
    """A staff recording of a prompt for one centre, stored and in use."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(bytes([tone, 0]) * 800)
    replacement = PromptRecording(
        centre_id=centre_id,
        language="de",
        prompt_id=prompt_id,
        recording=Recording(
            source=RecordingSource.UPLOAD,
            purpose="prompt",
            state=RecordingState.READY,
            audio_name=shared.save_recording(
                session, app.extensions["audio_store"], buffer.getvalue()
            ),
        ),
    )
    session.add(replacement)
    recordings.use(session, replacement)
    session.commit()
    return replacement


def test_a_centres_staff_recording_replaces_its_prompt_only(app, phone, session, west):
    ours = _recorded(app, session, west.id, 1)
    reply = phone.call(to=WEST)
    assert reply.root[0].tag == "Play" and reply.root[0].text.endswith(f"/{ours.audio_name}.wav")
    assert phone.call().said()[0] == WELCOME_FIRST  # the other centre's greeting is its own
    default = session.scalar(select(Centre).where(Centre.is_default.is_(True)))
    theirs = _recorded(app, session, default.id, 2)
    session.refresh(ours)
    assert ours.active and theirs.active  # one centre's new recording leaves the other's
    assert phone.call().root[0].text.endswith(f"/{theirs.audio_name}.wav")
    assert phone.call(to=WEST).root[0].text.endswith(f"/{ours.audio_name}.wav")


def test_a_call_waiting_for_its_meeting_hears_its_centres_recording(app, phone, session, west):
    ours = _recorded(app, session, west.id, 3, prompt_id="meeting.waiting")
    phone.call(to=WEST)
    reply = phone.post("/voice/meeting/hold")
    assert reply.root[0].tag == "Play" and reply.root[0].text.endswith(f"/{ours.audio_name}.wav")
    phone.call()
    assert phone.post("/voice/meeting/hold").root[0].tag == "Say"  # not the other centre's


@pytest.mark.parametrize(
    ("languages", "first"),
    [
        ("de", WELCOME_WEST),
        ("tr en", "Hello! This is the neighbourhood phone of the Weststadt community centre."),
    ],
)
def test_a_centre_offers_only_its_languages(phone, session, west, languages, first):
    west.languages = languages
    session.commit()
    said = phone.call(to=WEST).said()
    assert said[0] == first
    offers = [line for line in said if line.startswith(("For English", "Türkçe için"))]
    assert offers == (["Türkçe için 7 tuşuna basın."] if languages == "tr en" else [])
    if languages == "de":
        assert "Für eine andere Sprache drücken Sie die 7." not in phone.press("9").said()
        assert phone.press("7").said()[0] == "Mit der Taste 7 passiert hier nichts."


def test_the_demo_has_two_centres_each_with_its_number(phone, session):
    load_demo(session, ZoneInfo("Europe/Berlin"))
    session.commit()
    assert phone.call(to=WEST).said()[0] == WELCOME_WEST
    phone.to_main()
    assert "Spaziergang an der Blau" in phone.press("1").text()
    assert phone.call().said()[0] == WELCOME_FIRST  # the simulator's own number
