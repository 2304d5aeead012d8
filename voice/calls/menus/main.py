"""The greeting, its offer of the next event, and the main menu."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, goto, register, show
from voice.calls.menus import language, registering, staff
from voice.models import Event, Resident
from voice.registrations import greeting, listings
from voice.speech import languages, public_url, recording_url
from voice.speech.voice import Recorded

LIVE = "live"  # turn.found: the event running now, as the greeting looked it up
BOOKED = "booked"  # turn.found: the caller's next registered event, told in the greeting
OFFER = "offer"  # choices: the event the greeting offered


def greet(turn: Turn) -> None:
    """Welcome the caller (by name when we know it), tell them their next event, and offer
    the next one they could book: one key books it. Else the main menu."""
    resident = turn.resident
    found = greeting.find(
        turn.session, resident.id if resident else None, turn.now, centre_id=turn.place.id
    )
    turn.found[LIVE], turn.found[BOOKED] = found.live, found.booked
    _welcome(turn, resident)
    if resident is None and not language.kept(turn):
        language.start_greeting(turn)  # a caller whose language we know hears only theirs
    # Every caller who can book (a number we can see) is offered the next event: one key
    # books it; the main menu follows on 2 or after a short wait.
    if found.offer is not None and turn.caller is not None:
        turn.choices[OFFER] = found.offer.id
        show(turn, "offer")
    else:
        show(turn, "main")


def _welcome(turn: Turn, resident: Resident | None) -> None:
    """A known caller briefly, by the name staff typed or the one they said on the phone."""
    if resident is not None and resident.name:
        turn.say("greeting.welcome_named", name=resident.name)
    elif resident is not None and (said := recording_url(resident.name_recording)):
        turn.say("greeting.welcome_named", name=Recorded(public_url(said)))
    else:
        turn.say("greeting.welcome", centre=turn.place.name)


def _live_line(turn: Turn) -> list[Line]:
    """'Gerade läuft: …' when an event runs now (looked up once per webhook)."""
    if LIVE not in turn.found:
        turn.found[LIVE] = listings.first_live(turn.session, turn.now, centre_id=turn.place.id)
    event: Event | None = turn.found[LIVE]
    return [Line("greeting.live_now", {"title": turn.title(event)})] if event is not None else []


def _booked_line(turn: Turn) -> list[Line]:
    """The caller's next registered event, in the greeting: after the first key is offered,
    so that no caller waits longer than a few seconds for one."""
    event: Event | None = turn.found.get(BOOKED)
    if event is None:
        return []
    told = Line(
        "greeting.next_event", {"title": turn.title(event), "when": turn.soon(event.starts_at)}
    )
    if event.centre_id == turn.place.id:
        return [told]
    # Booked with another centre: the caller may not know this number is another centre's.
    return [told, Line("mine.elsewhere", {"centre": turn.centre_name(event.centre_id)})]


def _speak(turn: Turn) -> list[Line]:
    lines = [
        *_live_line(turn),
        Line("main.first"),
        *language.greeting_offer(turn),
        Line("main.menu"),
        *_booked_line(turn),
        *language.main_menu_line(turn),
    ]
    if staff.is_staff_phone(turn):
        lines.append(Line("staff.offer"))  # never announced to residents
    return lines


def _offer_speak(turn: Turn) -> list[Line] | None:
    event = turn.session.get(Event, turn.choices.get(OFFER) or 0)
    if event is None:
        show(turn, "main")
        return None
    params = {"title": turn.title(event), "when": turn.soon(event.starts_at)}
    return [
        *_live_line(turn),
        Line("greeting.offer", params),
        *language.greeting_offer(turn),  # to a caller we do not know: after the first key
        *_booked_line(turn),
        Line("greeting.offer_choices"),
    ]


def _book_offer(turn: Turn) -> None:
    registering.start(turn, turn.choices.get(OFFER), then="main")


def _to_main(turn: Turn) -> None:
    show(turn, "main")


MAIN_KEYS = {
    "1": goto("events"),
    "2": goto("mine"),
    "3": goto("join"),
    "4": goto("news"),
    "5": goto("message"),
    "8": staff.enter,
    # The languages the greeting offers; after it, 7 opens the language menu.
    **{key: language.key(key) for key in languages.GREETING_KEYS},
}

MAIN_WORDS = {"events": "1", "mine": "2", "join": "3", "news": "4", "message": "5"}
# In the offer `1` and `2` mean yes and no; the main menu's other words work there too. Its
# words for `1` and `2` (the events, the caller's registrations) lead where they lead in the
# main menu, by keys no keypad has: only words reach them.
_OFFER_MAIN_WORDS = {
    words: key if key not in ("1", "2") else f"main:{words}" for words, key in MAIN_WORDS.items()
}
_OFFER_SAID = {"main:events": goto("events"), "main:mine": goto("mine")}

register(
    Menu(
        name="main",
        label="Hauptmenü",
        speak=_speak,
        keys={**MAIN_KEYS, "*": goto("main")},  # nothing to go back to: say the menu again
        words=MAIN_WORDS,
    )
)
register(
    Menu(
        name="offer",
        label="Angebot bei der Begrüßung",
        speak=_offer_speak,
        # `1` books, `2` (or waiting) is the main menu; the main menu's other keys work too,
        # for callers who know them ("3": join the event running now).
        keys={**MAIN_KEYS, "1": _book_offer, "2": _to_main, "*": _to_main, **_OFFER_SAID},
        words={"register": "1", "yes": "1", "more": "2", "no": "2", **_OFFER_MAIN_WORDS},
        on_silence=_to_main,
        timeout=5,  # the main menu follows soon for a caller who just waits
    )
)
