"""What a menu listens for besides keys (VOICE_SPEECH=on): the words it names for its keys
(`Menu.words`) and the fixed words every menu understands, as the <Gather>'s speech attributes
and as the phrases the one matcher compares what was said with (`heard.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine imports this module: its types only for the checker
    from voice.calls.engine import Menu, Turn

# What `9`, `*` and `0` are called in every menu ([words] lists of the call's catalogue).
FIXED_WORDS = {"repeat": "9", "back": "*", "person": "0"}
# Seconds of quiet after speech before Twilio takes it as finished. Not "auto": that ends the
# turn at the first short pause, and older callers often pause within a sentence.
SPEECH_TIMEOUT = 3
HINTS = 500  # Twilio takes at most 500 hints (of at most 100 characters each)


def listening(turn: Turn, menu: Menu) -> dict[str, str]:
    """The <Gather>'s input: keys, and with VOICE_SPEECH=on speech in the call's language,
    hinted with the words this menu understands."""
    if turn.config["VOICE_SPEECH"] != "on":
        return {"input": "dtmf"}
    # A comma would split a hint in two; Twilio drops hints over 100 characters.
    hints = [
        phrase.replace(",", " ")[:100]
        for options in phrases(turn, menu).values()
        for phrase in options
    ]
    return {
        "input": "dtmf speech",
        "language": turn.voice.language,
        "hints": ", ".join(dict.fromkeys(hints[:HINTS])),
        "speech_timeout": str(SPEECH_TIMEOUT),
    }


def phrases(turn: Turn, menu: Menu) -> dict[str, list[str]]:
    """Key -> what a caller may say for it in this menu, in the call's language."""
    found: dict[str, list[str]] = {}
    fixed = {words: key for words, key in FIXED_WORDS.items() if words not in menu.words}
    for words, key in {**menu.words, **fixed}.items():
        found.setdefault(key, []).extend(turn.voice.catalogue.words(words))
    return found
