"""What a caller said, as a key: the one matching function every menu uses.

Twilio sends what it recognised as text (`SpeechResult`: "Ja.", "Äh, ich möchte mich
anmelden bitte", "1 2 3 4"). A menu names which of the catalogue's word lists stand for which
key; this finds the key. Tolerant of case, accents, Twilio's punctuation and filler words, and
of small slips of the recogniser in longer words ("Veranstaltung" for "Veranstaltungen"); when
words of two different keys are heard ("nein, nicht anmelden") nothing is guessed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Letters that Unicode does not decompose into a base letter and an accent.
FOLD = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe"})
NOT_WORD = re.compile(r"[^\w]+")
FUZZY = 0.85  # how alike a long word must be to count (difflib's ratio; 1.0: the same)
FUZZY_LENGTH = 6  # shorter words must be heard exactly: "nein" is not "neun"


def normalise(text: str) -> list[str]:
    """The words of a text: lower case, without accents and punctuation."""
    folded = text.casefold().translate(FOLD)
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    return [word for word in NOT_WORD.sub(" ", plain.replace("_", " ")).split() if word]


def without(words: Sequence[str], fillers: Iterable[str]) -> list[str]:
    """The words without filler words ("äh", "bitte", "ich möchte")."""
    drop = {word for filler in fillers for word in normalise(filler)}
    return [word for word in words if word not in drop]


@dataclass(frozen=True)
class Found:
    """A phrase heard: the key it stands for, and where in the words it stood."""

    key: str
    start: int
    end: int


def match(said: str, phrases: Mapping[str, Sequence[str]], fillers: Iterable[str]) -> str | None:
    """The key whose phrases were said, or None (nothing, or the phrases of two keys).

    `phrases`: key -> what may be said for it. Exact words first; only when none of them
    was heard, long words that are nearly the same."""
    fillers = list(fillers)
    words = without(normalise(said), fillers)
    if not words:
        return None
    for exact in (True, False):
        found = _found(words, phrases, fillers, exact)
        keys = {f.key for f in _outermost(found)}
        if len(keys) == 1:
            return keys.pop()
        if keys:
            return None  # two meanings in one sentence: ask again rather than guess
    return None


def _found(
    words: list[str], phrases: Mapping[str, Sequence[str]], fillers: list[str], exact: bool
) -> list[Found]:
    found = []
    for key, options in phrases.items():
        for option in options:
            wanted = without(normalise(option), fillers)
            if not wanted:
                continue
            for start in range(len(words) - len(wanted) + 1):
                heard = words[start : start + len(wanted)]
                if all(_alike(h, w, exact) for h, w in zip(heard, wanted, strict=True)):
                    found.append(Found(key, start, start + len(wanted)))
    return found


def _alike(heard: str, wanted: str, exact: bool) -> bool:
    if heard == wanted:
        return True
    if exact or min(len(heard), len(wanted)) < FUZZY_LENGTH or heard[:3] != wanted[:3]:
        return False
    return SequenceMatcher(None, heard, wanted).ratio() >= FUZZY


def _outermost(found: list[Found]) -> list[Found]:
    """Without the phrases inside a longer one ("Nachricht" inside "Nachricht hinterlassen",
    "noch einmal" inside "noch einmal versuchen")."""
    return [
        f
        for f in found
        if not any(
            o.start <= f.start and f.end <= o.end and (o.end - o.start) > (f.end - f.start)
            for o in found
        )
    ]
