"""A spoken answer in a menu (VOICE_SPEECH=on): done as the key it stands for.

Every menu is understood the same way (`understanding.match` on the words the menu names,
numbers for the menus that take one); nothing here knows a menu. What fits nothing is like a
key that does nothing: the caller hears what they can say or press, and the menu again. What
Twilio heard but was unsure of is asked once ("Meinten Sie: anmelden?"): yes does it,
anything else is the menu again."""

from __future__ import annotations

from voice.calls.engine import MENUS, Line, Menu, Turn, fixed_key, press, register, show
from voice.calls.listening import FIXED_WORDS, phrases
from voice.calls.numbers import spoken_digits
from voice.calls.understanding import match, normalise, without

CONFIRM = "speech_confirm"
HEARD = "heard"  # choices: what was heard with low confidence, waiting for a yes


def hear(turn: Turn, name: str, said: str, confidence: float) -> None:
    """Do what the caller said in menu `name`."""
    menu = MENUS[name]
    turn.call.silence_count = 0
    keys, word = understood(turn, menu, said)
    if not keys:
        if menu.otherwise is not None:
            menu.otherwise(turn)
        else:
            not_understood(turn, menu, name)
        return
    # Below VOICE_SPEECH_CONFIDENCE the words are probably not what was said: asked once.
    unsure = confidence < turn.config["VOICE_SPEECH_CONFIDENCE"]
    if unsure and name != CONFIRM and not menu.staff and menu.entry is None:
        # Staff menus act at once: their confirmation would be a step without a staff check
        # of its own. Numbers are not asked back either: a PIN is not to be read out and
        # kept with the call, and a wrong event number is named anyway.
        choice = _choice(turn, menu, keys)
        turn.choices[HEARD] = {"menu": name, "keys": keys, "word": word, "choice": choice}
        show(turn, CONFIRM)
        return
    act(turn, name, keys, word)


def understood(turn: Turn, menu: Menu, said: str) -> tuple[str, bool]:
    """The keys that what was said stands for in this menu ("" when it fits nothing), and
    whether a word of the menu said them (else a number where the menu takes one, or one
    digit said on its own: "eins")."""
    fillers = turn.voice.catalogue.words("fillers")
    key = match(said, phrases(turn, menu), fillers)
    if key is not None:
        return key, True
    digits = spoken_digits(said, turn.voice.catalogue.language)
    if menu.entry is not None:
        return digits[:12], False
    alone = len(without(normalise(said), fillers)) == 1
    return (digits if alone and len(digits) == 1 else ""), False


def act(turn: Turn, name: str, keys: str, word: bool = True) -> None:
    """As if the keys had been pressed; but a word for `9`, `*` or `0` keeps its meaning in
    a number menu, where a pressed (or spoken) 9 may be part of a number."""
    menu = MENUS[name]
    fixed = word and keys in FIXED_WORDS.values() and keys not in menu.keys
    fixed = fixed and menu.otherwise is None
    if fixed and fixed_key(turn, name, keys):
        return
    press(turn, name, keys)


def not_understood(turn: Turn, menu: Menu, name: str) -> None:
    """What can be said here, then the menu again."""
    turn.say("spoken.not_understood")
    if menu.entry is not None:
        turn.say("spoken.say_digits")
    elif named := _named(turn, menu):
        turn.say("spoken.you_can_say", words=", ".join(named))
    show(turn, name, again=True)


def _named(turn: Turn, menu: Menu) -> list[str]:
    """The first word of the first list of each key of the menu: 'anmelden, weiter, …'."""
    firsts: dict[str, str] = {}
    for words, key in menu.words.items():
        firsts.setdefault(key, turn.voice.catalogue.words(words)[0])
    return list(firsts.values())


def _choice(turn: Turn, menu: Menu, keys: str) -> str:
    """What was heard, as it is asked back: the key's first word, or the digits."""
    lists = [words for words, key in menu.words.items() if key == keys]
    lists += [words for words, key in FIXED_WORDS.items() if key == keys]
    return turn.voice.catalogue.words(lists[0])[0] if lists else " ".join(keys)


def _confirmed(turn: Turn) -> None:
    heard = turn.choices.pop(HEARD, None)
    if not heard or heard.get("menu") not in MENUS:
        show(turn, "main")
        return
    act(turn, heard["menu"], heard["keys"], bool(heard.get("word", True)))


def _again(turn: Turn) -> None:
    heard = turn.choices.pop(HEARD, None) or {}
    name = heard.get("menu")
    show(turn, name if name in MENUS else "main", again=True)


def _ask(turn: Turn) -> list[Line]:
    choice = (turn.choices.get(HEARD) or {}).get("choice", "")
    return [Line("spoken.did_you_mean", {"choice": choice})]


register(
    Menu(
        name=CONFIRM,
        label="Nachgefragt: Meinten Sie …?",
        speak=_ask,
        keys={"1": _confirmed},
        words={"yes": "1"},
        otherwise=_again,
        on_silence=_again,
    )
)
