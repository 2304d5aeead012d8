"""The menu engine: a menu is a table (what it says, what each key does); this runs it.

Every key convention lives here once: `9` repeats, `*` goes back, `0` reaches a person, an
unassigned key is named, and silence repeats the menu before a friendly goodbye. The fixed
keys (`9`, `0`) are announced the same way at the end of a menu: in the first menu of the call,
and again in any menu whenever the caller hesitates there (`9`, silence, a key that does
nothing): who hesitates hears how to get help; who goes on has understood. With
VOICE_SPEECH=on every menu also listens for the words it names for its keys (`Menu.words`;
`listening.py`; what was said is done as the key in `heard.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from voice.calls.listening import listening
from voice.calls.turn import Turn as Turn  # re-exported for the menus
from voice.speech import current_voice
from voice.speech.voice import Line as Line  # the menus' words; re-exported for them


@dataclass(frozen=True)
class Audio:
    """A recording to play."""

    url: str


Handler = Callable[["Turn"], None]
# What a menu says, or None when it is not available now (it then wrote what happens instead).
Speech = Callable[["Turn"], Sequence[Line | Audio] | None]


@dataclass(frozen=True)
class Menu:
    """One menu: its words, its keys, where `*` leads, and how many digits it takes."""

    name: str
    speak: Speech
    label: str = ""  # the menu's name in the staff's call log; empty: not shown there
    keys: Mapping[str, Handler] = field(default_factory=dict)
    back: str = "main"
    digits: int = 1
    entry: Callable[[Turn, str], None] | None = None  # for menus that take a number
    max_silence: int | None = None  # repeats on silence; None: VOICE_MAX_SILENCE
    staff: bool = False  # only for a staff login in this call (see steps.py)
    # What silence does at once instead of repeating the menu (the meeting's menu: back in).
    on_silence: Handler | None = None
    # A number menu whose numbers may have one digit (then `9` and `0` are numbers too).
    short_numbers: bool = False
    timeout: int | None = None  # seconds to press a key; None: VOICE_GATHER_TIMEOUT
    # What a caller may say for a key: a list of the catalogue's [words] -> the key it
    # presses ({"yes": "1"}); `9`, `*` and `0` have theirs in every menu (FIXED_WORDS).
    words: Mapping[str, str] = field(default_factory=dict)
    # What any other key (or word) does instead of being named as unassigned.
    otherwise: Handler | None = None


MENUS: dict[str, Menu] = {}
RECORDINGS: dict[str, Handler] = {}  # <Record action> handlers, by purpose
DIALS: dict[str, Handler] = {}  # <Dial action> handlers, by purpose
# Menus, recordings and dials that act only for a staff login in this call (see steps.py).
STAFF_ONLY: set[str] = set()


def register(menu: Menu) -> Menu:
    """Add a menu to the table of menus."""
    MENUS[menu.name] = menu
    if menu.staff:
        STAFF_ONLY.add(menu.name)
    return menu


def menu_labels() -> dict[str, str]:
    """Menu name -> what staff call it, for the menus the call log shows."""
    return {name: menu.label for name, menu in MENUS.items() if menu.label}


FIXED_KEYS = Line("keys.fixed")  # "Zum Wiederholen drücken Sie die 9. ... die 0."
HEARD = "fixed_keys_heard"  # choices: the caller heard `9` and `0` announced in this call


def show(turn: Turn, name: str, *, again: bool = False) -> None:
    """Write the menu into the reply: its words inside a <Gather>, then what silence does.

    `again`: said once more because the caller hesitated (`9`, silence, a wrong key)."""
    menu = MENUS[name]
    # The way through the menus, for the call log and its statistics (reassigned: the JSON
    # column notices only new values, not changes inside a list).
    turn.choices["path"] = [*turn.choices.get("path", []), name][-60:]
    lines = menu.speak(turn)
    if lines is None:
        return
    turn.call.step = name
    gather = turn.response.gather(
        action=turn.url("voice.menu", name=name),
        method="POST",
        num_digits=menu.digits,
        timeout=menu.timeout or turn.config["VOICE_GATHER_TIMEOUT"],
        finish_on_key="#" if menu.digits > 1 else "",
        **listening(turn, menu),
    )
    for line in [*lines, *_fixed_keys(turn, menu, again)]:
        if isinstance(line, Audio):
            gather.play(line.url)
        else:
            voice = (
                turn.voice if line.language is None else current_voice(line.language, turn.place.id)
            )
            voice.speak(gather, line.prompt_id, **line.params)
    turn.response.redirect(turn.url("voice.silence", name=name), method="POST")


def _fixed_keys(turn: Turn, menu: Menu, again: bool) -> list[Line]:
    """`9` and `0` at the menu's end: once per call, and again where the caller hesitated.
    Number menus take 9 and 0 as digits: they do not announce them."""
    if menu.entry is not None or (turn.choices.get(HEARD) and not again):
        return []
    turn.choices[HEARD] = True
    return [FIXED_KEYS]


def goto(name: str) -> Handler:
    """A key handler that opens another menu."""
    return lambda turn: show(turn, name)


def press(turn: Turn, name: str, digits: str) -> None:
    """Do what the pressed key means in this menu."""
    menu = MENUS[name]
    turn.call.silence_count = 0
    handler = menu.keys.get(digits)
    entry = menu.entry if digits.isdigit() else None  # a number menu takes digits as a number
    if handler is not None:
        handler(turn)
    elif menu.otherwise is not None:
        menu.otherwise(turn)
    elif entry is not None and (len(digits) > 1 or menu.short_numbers):
        entry(turn, digits)
    elif fixed_key(turn, name, digits):
        return
    elif entry is not None:
        entry(turn, digits)
    else:
        unassigned(turn, name, digits)


def unassigned(turn: Turn, name: str, digits: str) -> None:
    """A key that does nothing here: named, and the menu again."""
    turn.say("keys.unassigned", key=spoken_key(turn, digits))
    show(turn, name, again=True)


def fixed_key(turn: Turn, name: str, key: str) -> bool:
    """`9` repeats, `*` goes back, `0` reaches a person; False for any other key."""
    if key == "9":
        show(turn, name, again=True)
    elif key == "*":
        show(turn, MENUS[name].back)
    elif key == "0":
        show(turn, "person")
    else:
        return False
    return True


def silence(turn: Turn, name: str) -> None:
    """The caller pressed nothing: repeat the menu, up to VOICE_MAX_SILENCE times."""
    menu = MENUS[name]
    if menu.on_silence is not None:
        turn.call.silence_count = 0
        menu.on_silence(turn)
        return
    turn.call.silence_count += 1
    limit = menu.max_silence
    if turn.call.silence_count <= (turn.config["VOICE_MAX_SILENCE"] if limit is None else limit):
        turn.say("keys.no_input")
        show(turn, name, again=True)
        return
    turn.call.silence_count = 0
    if can_transfer(turn):
        show(turn, "person")
    else:
        goodbye(turn)


def goodbye(turn: Turn) -> None:
    """A friendly goodbye, then hang up."""
    turn.say("keys.goodbye")
    turn.response.hangup()


def can_transfer(turn: Turn) -> bool:
    """True when a person at the call's centre can be reached now."""
    return bool(turn.place.staff_number) and turn.office_hours.open_at(turn.now)


def spoken_key(turn: Turn, digits: str) -> str:
    """How a key is named aloud: '7', 'Stern', 'Raute'."""
    names = {"*": "keys.star", "#": "keys.hash"}
    return "".join(turn.voice.catalogue.text(names[d]) if d in names else d for d in digits) or "?"
