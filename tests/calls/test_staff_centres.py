"""The staff line of a centre: what staff record or hear by phone belongs to the centre whose
number they called."""

from __future__ import annotations

from sqlalchemy import select

from tests.calls.test_staff_line import PIN, _staff
from voice.models import Announcement, Centre, Message, MessageKind, PromptRecording
from voice.recordings.cli import make_fetcher

WEST = "+4973100000001"


def _west(session) -> Centre:
    centre = Centre(slug="weststadt", name="Weststadt", numbers=WEST)
    session.add(centre)
    session.commit()
    return centre


def _into_staff_menu(phone, session) -> None:
    _staff(session)
    phone.call(to=WEST)
    phone.press("8")
    phone.press(PIN + "#")


def test_a_prompt_recorded_by_phone_replaces_it_for_the_centre_called(app, phone, session):
    west = _west(session)
    number = list(app.extensions["voice"].catalogue.prompts).index("greeting.welcome") + 1
    _into_staff_menu(phone, session)
    phone.press("3")
    said = phone.press(f"{number}#").said()
    assert said[0].startswith(  # the text as this centre's callers hear it, with its name
        "Die Ansage lautet: Guten Tag! Hier ist das Quartierstelefon der Quartierszentrale "
        "Weststadt. Sprechen Sie"
    )
    phone.record(seconds=2)
    phone.press("1")
    make_fetcher(app).run_once()
    replacement = session.scalar(select(PromptRecording))
    assert replacement.active and replacement.centre_id == west.id
    assert phone.call(to=WEST).root[0].tag == "Play"
    assert phone.call().root[0].tag == "Say"  # the default centre keeps its greeting


def test_an_announcement_recorded_by_phone_is_the_centres(phone, session):
    west = _west(session)
    _into_staff_menu(phone, session)
    phone.press("1")
    phone.record(seconds=3)
    assert session.scalar(select(Announcement)).centre_id == west.id


def test_staff_hear_the_messages_left_for_the_centre_they_called(phone, session):
    west = _west(session)
    default = session.scalar(select(Centre).where(Centre.is_default.is_(True)))
    for centre, number in [(west, "+4973155500001"), (default, "+4973155500002")]:
        session.add(
            Message(
                kind=MessageKind.MESSAGE,
                from_number=number,
                call_sid=f"CA{centre.id:032d}",
                centre_id=centre.id,
            )
        )
    session.commit()
    _into_staff_menu(phone, session)
    reply = phone.press("2")
    said = reply.text()
    assert "Nachricht 1 von 1" in said and "0 0 0 1" in said and "0 0 0 2" not in said
    assert "Play" not in [child.tag for child in reply.one("Gather")]  # its recording is gone
