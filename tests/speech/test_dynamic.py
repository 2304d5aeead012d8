"""What calls say about current data: how an event sounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from voice.speech.dynamic import describe_event
from voice.speech.voice import Line


def test_how_an_event_sounds(make_event):
    start = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Dienstag, 18 Uhr in Ulm
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=2), capacity=5)
    event.seats_taken = 4
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    tz = ZoneInfo("Europe/Berlin")
    assert describe_event(event, now, tz) == [
        Line(
            "events.summary",
            {"when": "Dienstag, den 1. Dezember, um 18 Uhr", "title": "Spieleabend"},
        ),
        Line("events.description", {"text": "Wir spielen zusammen."}),
        Line("events.seats_left", {"count": 1}),
    ]
    event.seats_taken = 5
    assert describe_event(event, now, tz)[-1] == Line("events.full")
