"""Numbers a caller says, as the digits they would have typed.

"eins zwei drei vier", "zwölf vierunddreißig", "one two three four", "bir iki üç dört",
"on iki otuz dört", and what Twilio itself makes of them ("1234", "1 2 3 4", "12 34"): all
"1234". German and English go through text2num; it has no Turkish, so Turkish number words
are read here (they are simply added: "otuz dört" is 30 + 4)."""

from __future__ import annotations

import re

from voice.calls.understanding import normalise

TEXT2NUM = {"de", "en"}
DIGITS = re.compile(r"\d+")
# Turkish number words, written as `normalise` leaves them (without accents).
TURKISH = {
    "sifir": 0,
    "bir": 1,
    "iki": 2,
    "uc": 3,
    "dort": 4,
    "bes": 5,
    "alti": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
    "on": 10,
    "yirmi": 20,
    "otuz": 30,
    "kirk": 40,
    "elli": 50,
    "altmis": 60,
    "yetmis": 70,
    "seksen": 80,
    "doksan": 90,
    "yuz": 100,
    "bin": 1000,
}


def spoken_digits(said: str, language: str) -> str:
    """The digits in what was said, in order; "" when there are none."""
    words = normalise(said) if language == "tr" else said.split()
    if language == "tr":
        return "".join(_turkish(words))
    text = " ".join(words)
    if language in TEXT2NUM:
        # Imported here: only a caller who says a number needs it, and it costs every web
        # worker 0.6 MB at start (issue 16).
        from text_to_num import alpha2digit

        # threshold=0: single numbers too ("eins" is 1), not only from twelve up.
        text = alpha2digit(text.casefold(), language, threshold=0)
    return "".join(DIGITS.findall(text))


def _turkish(words: list[str]) -> list[str]:
    """Each spoken number as its digits: a new number begins where a word cannot be added
    to the one before ("bir iki" is 1, 2; "on iki" is 12; "iki yüz" is 200)."""
    numbers: list[str] = []
    current: int | None = None
    for word in words:
        value = int(word) if word.isdigit() else TURKISH.get(word)
        if value is None:
            continue  # any other word: a filler
        if word.isdigit() or current is None:
            current = _flush(numbers, current, value, word.isdigit())
        elif value in (100, 1000) and current % value:
            low = current % value
            current += low * (value - 1)  # "iki yüz": the 2 before it counts hundreds
        elif value < _place(current):
            current += value
        else:
            current = _flush(numbers, current, value, False)
    if current is not None:
        numbers.append(str(current))
    return numbers


def _flush(numbers: list[str], current: int | None, value: int, typed: bool) -> int | None:
    """Close the number so far; begin the next (digits Twilio wrote stand by themselves)."""
    if current is not None:
        numbers.append(str(current))
    if typed:
        numbers.append(str(value))
        return None
    return value


def _place(value: int) -> int:
    """The smallest place filled: 1200 -> 100, 30 -> 10, 4 -> 1 (0 takes nothing after it)."""
    if value == 0:
        return 0
    place = 1
    while value % (place * 10) == 0:
        place *= 10
    return place
