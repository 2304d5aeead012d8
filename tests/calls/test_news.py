"""`4` Neuigkeiten: current announcements, newest first."""

from __future__ import annotations

from datetime import timedelta

from voice.models import Recording, RecordingState, utcnow


def test_no_news(phone):
    phone.call()
    reply = phone.press("4")
    assert reply.said()[0] == "Zurzeit gibt es keine Neuigkeiten."
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_current_news_newest_first_text_spoken_recordings_played(phone, make_announcement):
    audio_url, _seconds = phone.system.recordings.keep("RE" + "a" * 32, None, 2)
    make_announcement(text="Alt.", age=timedelta(days=3))
    by_phone = Recording(
        sid="RE" + "a" * 32,
        source_url=audio_url,
        purpose="announcement",
        state=RecordingState.PENDING,
    )
    make_announcement(text=None, recording=by_phone, age=timedelta(days=1))
    make_announcement(text="Neu.", age=timedelta(hours=1))
    make_announcement(text="Abgelaufen.", valid_until=utcnow() - timedelta(minutes=1))
    make_announcement(text="Zukünftig.", age=timedelta(hours=-2))
    make_announcement(text="Entwurf.", published=False)
    phone.call()
    reply = phone.press("4")
    gather = reply.one("Gather")
    inside = [(el.tag, "".join(el.itertext()).strip()) for el in gather]
    assert inside == [
        ("Say", "Die Neuigkeiten aus der Quartierszentrale."),
        ("Say", "Neu."),
        ("Play", audio_url),
        ("Say", "Alt."),
        ("Say", "Zurück zum Hauptmenü kommen Sie mit der Stern-Taste."),
    ]
    assert phone.press("9").one("Gather").get("action") == "/voice/menu/news"
    assert phone.press("*").one("Gather").get("action") == "/voice/menu/main"
