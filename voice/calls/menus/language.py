"""The call's own language: chosen once, remembered for the caller's number, spoken from the
first word of every later call.

The greeting offers a caller we do not know the other languages, each in its own language
and voice, with a key each (7, then 6); once the caller has left the greeting, `7` in the main
menu opens a small menu that names every language in its own language (keys 1, 2, 3, ...). A
language is a catalogue file (voice/speech/languages.py): a new file gets its key with nothing
to change. A known caller's choice is written to the resident (the field staff set in the admin); an
unknown caller's is kept with the call, in the call log that is kept anyway: their next call
from the same number starts in it, and their first booking stores it with the resident
(registrations/residents.py). No record is made for a choice alone."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from sqlalchemy import select

from voice.calls.engine import Handler, Line, Menu, Turn, register, show, unassigned
from voice.models import Call
from voice.registrations import residents
from voice.speech import Voice, current_voice, languages

LANGUAGE = "language"  # choices: the call's language (a catalogue code)
KEPT = "language_kept"  # choices: the language is the caller's choice, for their next call too
GREETING = "greeting_languages"  # choices: key -> language, as the greeting offered them
MENU_KEY = "7"  # after the greeting: the main menu's way to the language menu


def voices() -> Mapping[str, Voice]:
    """Every language's voice, German first."""
    found: Mapping[str, Voice] = current_app.extensions["voices"]
    return found


def settle(turn: Turn) -> None:
    """Speak the call's language: the one it has, else the known caller's, else the one a
    caller we do not know chose in their last call, else the service's own (VOICE_LANGUAGE).
    Set on the call's first webhook, before the first word."""
    code = turn.choices.get(LANGUAGE)
    if code is None:
        # A reminder call (outbound) finds the resident without linking the call to them,
        # as it did before it had a language.
        outbound = turn.params.get("Direction", "").startswith("outbound")
        resident = residents.find(turn.session, turn.caller) if outbound else turn.resident
        known: str | None = None
        if resident is not None:
            known = resident.language
        elif not outbound:
            known = _kept(turn)  # a caller we do not know: their last call's choice
        code = known if known in spoken(turn) else first_language(turn)
        turn.choices[LANGUAGE] = code
    turn.voice = current_voice(code, turn.place.id)


def spoken(turn: Turn) -> list[str]:
    """The languages calls to this centre speak, in catalogue order: the centre's own choice
    of them (none chosen: every one)."""
    chosen = turn.place.languages
    found = [code for code in voices() if not chosen or code in chosen]
    return found or [turn.config["VOICE_LANGUAGE"]]


def first_language(turn: Turn) -> str:
    """The language a call starts in when the caller chose none: the service's own, where
    the centre speaks it, else the centre's first."""
    codes = spoken(turn)
    return turn.config["VOICE_LANGUAGE"] if turn.config["VOICE_LANGUAGE"] in codes else codes[0]


def _kept(turn: Turn) -> str | None:
    """The language a caller we do not know chose in their last call from this number (it is
    carried on from call to call); None for a withheld number or no choice."""
    if turn.caller is None:
        return None
    last = turn.session.scalar(
        select(Call.choices)
        .where(Call.from_number == turn.call.from_number, Call.call_sid != turn.call.call_sid)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(1)
    )
    if not last or not last.get(KEPT):
        return None
    turn.choices[KEPT] = True  # and on to the call after this one
    code: str | None = last.get(LANGUAGE)
    return code


def kept(turn: Turn) -> bool:
    """True when the call speaks a language the caller chose (in this call or before)."""
    return bool(turn.choices.get(KEPT))


def code_of(turn: Turn) -> str:
    """The call's language."""
    return turn.voice.catalogue.language


def offered(turn: Turn) -> dict[str, str]:
    """Key -> language the greeting offers: the languages other than the call's."""
    return languages.greeting_keys(code_of(turn), spoken(turn))


def offer_lines(turn: Turn) -> list[Line]:
    """Each other language offered in its own words and voice ("For English, press 7.")."""
    return [
        Line("language.offer", {"key": key}, language=code) for key, code in offered(turn).items()
    ]


def in_greeting(turn: Turn) -> bool:
    """True while the caller is still in the greeting's menu (repeated or not)."""
    path = turn.choices.get("path", [])
    return GREETING in turn.choices and bool(path) and all(name == path[0] for name in path)


def start_greeting(turn: Turn) -> None:
    """The greeting's menu (the next one shown) offers the other languages with their keys."""
    turn.choices[GREETING] = offered(turn)


def greeting_offer(turn: Turn) -> list[Line]:
    """The other languages, in the greeting's menu after its first choice: a caller who does
    not understand German hears them within the first sentences, a German caller hears the
    first key as soon as before. Only callers we do not know are offered them here: a known
    caller's call is in their language already (chosen before, or set by staff) and hears no
    other; their main menu names the way to change it, in their language."""
    return offer_lines(turn) if in_greeting(turn) else []


def main_menu_line(turn: Turn) -> list[Line]:
    """After the greeting: how to change the language, in the call's language (where the
    centre speaks more than one)."""
    if in_greeting(turn) or len(spoken(turn)) < 2:
        return []
    return [Line("language.change", {"key": MENU_KEY})]


def key(pressed: str) -> Handler:
    """The main menu's handler of a language key: a language in the greeting, the language
    menu (7) after it."""

    def handle(turn: Turn) -> None:
        chosen = turn.choices.get(GREETING, {}).get(pressed) if in_greeting(turn) else None
        if chosen is not None:
            choose(turn, chosen)
        elif pressed == MENU_KEY and len(spoken(turn)) > 1:
            show(turn, "language")
        else:
            unassigned(turn, turn.call.step, pressed)

    return handle


def choose(turn: Turn, code: str) -> None:
    """Speak `code` from now on in this call and in the caller's later calls."""
    turn.choices.pop(GREETING, None)
    turn.choices[LANGUAGE] = code
    turn.choices[KEPT] = True
    turn.voice = current_voice(code, turn.place.id)
    resident = turn.resident
    if resident is not None:
        resident.language = code
    turn.say("language.chosen")
    show(turn, "main")


def menu_keys(turn: Turn) -> dict[str, str]:
    """The language menu's keys: every language the centre speaks, in catalogue order, from 1."""
    return {str(number): code for number, code in enumerate(spoken(turn), start=1)}


def _menu_speak(turn: Turn) -> list[Line]:
    return [
        Line("language.offer", {"key": number}, language=code)
        for number, code in menu_keys(turn).items()
    ]


def _menu_press(turn: Turn, digits: str) -> None:
    code = menu_keys(turn).get(digits)
    if code is None:
        unassigned(turn, "language", digits)
    else:
        choose(turn, code)


register(
    Menu(
        name="language",
        label="Sprache",
        speak=_menu_speak,
        entry=_menu_press,  # 9 repeats, 0 a person, * back: the engine's, as everywhere
    )
)
