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
    phone.to_main()
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
    phone.to_main()
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
    phone.to_main()
    phone.press("1")
    assert phone.press("*").one("Gather").get("action") == "/voice/menu/main"


def test_cancelled_events_are_not_offered(phone, make_event):
    from voice.models import utcnow

    make_event(title="Abgesagt", cancelled_at=utcnow())
    phone.call()
    assert phone.press("1").said()[0].startswith("Zurzeit sind keine Veranstaltungen")


def test_an_event_added_before_the_one_heard_does_not_move_the_caller(phone, make_event):
    """The list is walked by each event's place (its start), not by position: an event
    published meanwhile for an earlier date does not make `2` repeat or skip one."""
    make_event(title="A", starts_in=timedelta(days=1))
    make_event(title="B", starts_in=timedelta(days=2))
    make_event(title="C", starts_in=timedelta(days=3))
    phone.call()
    phone.to_main()
    phone.press("1")
    assert phone.press("2").said()[1].endswith(": B.")
    make_event(title="Neu", starts_in=timedelta(hours=5))
    assert phone.press("2").said()[1].endswith(": C.")
    assert phone.press("3").said()[1].endswith(": B.")


def test_when_the_event_heard_is_withdrawn_the_next_one_is_read(phone, make_event, session):
    make_event(title="A", starts_in=timedelta(days=1))
    second = make_event(title="B", starts_in=timedelta(days=2))
    make_event(title="C", starts_in=timedelta(days=3))
    phone.call()
    phone.to_main()
    phone.press("1")
    phone.press("2")
    second.published = False
    session.commit()
    said = phone.press("9").said()
    assert said[0] == "Veranstaltung 2 von 2."
    assert said[1].endswith(": C.")


def test_a_long_list_is_not_counted_to_its_end(phone, make_event):
    """More than COUNTED events: the caller hears "von über 40" and can step to the last."""
    from voice.registrations.listings import COUNTED

    for n in range(COUNTED + 2):
        make_event(title=f"Treffen {n}", starts_in=timedelta(days=1, hours=n))
    phone.call()
    phone.to_main()
    assert phone.press("1").said()[0] == f"Veranstaltung 1 von über {COUNTED}."
    for _ in range(1, COUNTED + 2):
        said = phone.press("2").said()
    assert said[0] == f"Veranstaltung {COUNTED + 2} von über {COUNTED}."
    assert said[1].endswith(f": Treffen {COUNTED + 1}.")
    said = phone.press("2").said()  # past the end: the last one again
    assert said[:2] == [
        "Das war die letzte Veranstaltung.",
        f"Veranstaltung {COUNTED + 2} von über {COUNTED}.",
    ]
    assert said[2].endswith(f": Treffen {COUNTED + 1}.")
    said = phone.press("3").said()
    assert said[0] == f"Veranstaltung {COUNTED + 1} von über {COUNTED}."
    assert said[1].endswith(f": Treffen {COUNTED}.")
