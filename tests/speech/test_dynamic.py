"""What calls say about current data: how an event sounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from voice.config import PROJECT_ROOT
from voice.speech.catalogue import load
from voice.speech.dynamic import current_texts, describe_event, event_texts, spoken_title
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


def _catalogue(code: str):
    return load(PROJECT_ROOT / "prompts" / f"{code}.toml")


def test_an_event_in_english_with_and_without_a_typed_title(make_event):
    start = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    tz = ZoneInfo("Europe/Berlin")
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=2), capacity=5)
    event.seats_taken = 3
    assert describe_event(event, now, tz, language="en") == [
        Line(
            "events.summary_german",
            {"when": "Tuesday 1 December at 6 pm", "title": "Spieleabend"},
        ),
        Line("events.german_description", {"text": "Wir spielen zusammen."}),
        Line("events.seats_left", {"count": 2}),
    ]
    event.translations = {"en": {"title": "Games night", "description": "We play."}}
    assert describe_event(event, now, tz, language="en")[:2] == [
        Line("events.summary", {"when": "Tuesday 1 December at 6 pm", "title": "Games night"}),
        Line("events.description", {"text": "We play."}),
    ]
    assert describe_event(event, now, tz)[0].params["title"] == "Spieleabend"  # German calls


def test_a_title_typed_only_in_german_is_introduced(make_event):
    event = make_event(title="Spieleabend", translations={"tr": {"title": "Oyun akşamı"}})
    assert spoken_title(event, _catalogue("de")) == "Spieleabend"
    assert spoken_title(event, _catalogue("en")) == "the event with the German name Spieleabend"
    assert spoken_title(event, _catalogue("tr")) == "Oyun akşamı"


def test_the_texts_to_build_are_in_the_language(make_event, session):
    start = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=2))
    tz = ZoneInfo("Europe/Berlin")
    german = event_texts(event, tz)
    assert "Dienstag, den 1. Dezember, um 18 Uhr" in german and "18 Uhr" in german
    turkish = event_texts(event, tz, language="tr", catalogue=_catalogue("tr"))
    assert {"1 Aralık Salı, saat 18.00", "bugün saat 18.00", "Salı günü saat 18.00"} <= turkish
    assert "Almanca adı Spieleabend olan etkinlik" in turkish  # the title said in a sentence
    assert {"Almanca açıklama:", "Wir spielen zusammen."} <= turkish  # the description's pieces
    assert not {text for text in turkish if "Uhr" in text}
    now = start - timedelta(days=1)
    english = current_texts(session, now, tz, "Monday to Friday", language="en")
    assert "tomorrow, Tuesday 1 December at 6 pm" in english and "Monday to Friday" in english
