"""`1` Veranstaltungen: events one at a time, spoken naturally."""

from __future__ import annotations

from datetime import timedelta


def test_no_events_says_so_and_returns_to_main_menu(phone):
    phone.call()
    reply = phone.press("1")
    assert reply.said()[0] == (
        "Zurzeit sind keine Veranstaltungen geplant. Schauen Sie gerne bald wieder vorbei."
    )
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_events_are_read_one_at_a_time_in_date_order(phone, make_event):
    make_event(title="Bewerbungstraining", starts_in=timedelta(days=6), capacity=2)
    make_event(
        title="ErzählCafé", starts_in=timedelta(days=1), description="Wir erzählen.", capacity=None
    )
    make_event(title="Vorbei", starts_in=timedelta(days=-2))
    make_event(title="Entwurf", published=False)
    phone.call()
    reply = phone.press("1")
    said = reply.said()
    assert said[0] == "Veranstaltung 1 von 2."
    assert said[1].startswith("morgen, ") and said[1].endswith(": ErzählCafé.")
    assert said[2] == "Wir erzählen."
    assert said[3].startswith("Zum Anmelden drücken Sie die 1.")  # unlimited: no seat count
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    said = phone.press("2").said()
    assert said[0] == "Veranstaltung 2 von 2."
    assert said[1].endswith(": Bewerbungstraining.")
    assert "Es sind noch 2 Plätze frei." in said


def test_next_at_the_end_and_previous_at_the_start_say_so(phone, make_event):
    make_event(title="A", starts_in=timedelta(days=1))
    make_event(title="B", starts_in=timedelta(days=2))
    phone.call()
    phone.press("1")
    assert phone.press("3").said()[:2] == [
        "Das ist schon die erste Veranstaltung.",
        "Veranstaltung 1 von 2.",
    ]
    phone.press("2")
    said = phone.press("2").said()
    assert said[:2] == ["Das war die letzte Veranstaltung.", "Veranstaltung 2 von 2."]
    assert phone.press("3").said()[0] == "Veranstaltung 1 von 2."
    assert phone.press("9").said()[0] == "Veranstaltung 1 von 2."


def test_star_goes_back_to_main_menu(phone, make_event):
    make_event()
    phone.call()
    phone.press("1")
    assert phone.press("*").one("Gather").get("action") == "/voice/menu/main"


def test_cancelled_events_are_not_offered(phone, make_event):
    from voice.models import utcnow

    make_event(title="Abgesagt", cancelled_at=utcnow())
    phone.call()
    assert phone.press("1").said()[0].startswith("Zurzeit sind keine Veranstaltungen")
