"""`4` Neuigkeiten: current announcements, newest first; text spoken, recordings played."""

from __future__ import annotations

from voice.calls.engine import Audio, Line, Menu, Turn, register, show
from voice.registrations import listings
from voice.speech import public_url, recording_url


def _speak(turn: Turn) -> list[Line | Audio] | None:
    items = listings.news(turn.session, turn.now, centre_id=turn.place.id)
    if not items:
        turn.say("news.none")
        show(turn, "main")
        return None
    lines: list[Line | Audio] = [Line("news.intro")]
    for announcement in items:
        if audio := recording_url(announcement.recording):
            lines.append(Audio(public_url(audio)))
        elif announcement.text:
            lines.append(Line("news.item", {"text": announcement.text}))
    lines.append(Line("news.choices"))
    return lines


register(Menu(name="news", label="Neuigkeiten", speak=_speak))
