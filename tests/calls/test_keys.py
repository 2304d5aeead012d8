"""One meaning per key across the whole service (issue 14): `1` yes, `2` no or next, `*` back,
`#` ends a number, `9` repeats, `0` reaches a person; walked menu by menu."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from voice.calls.engine import MENUS
from voice.config import PROJECT_ROOT
from voice.registrations import booking
from voice.speech.catalogue import load

FIXED = "Zum Wiederholen drücken Sie die 9. Einen Menschen erreichen Sie mit der 0."
# Menus whose `*` is their own handler, and what "back" means there.
OWN_BACK = {
    "main": "nothing to go back to: the menu again",
    "offer": "the main menu",
    "meeting": "back into the meeting",
    "message_review": "back to the main menu, the message kept",
}


@pytest.mark.parametrize("name", sorted(MENUS))
def test_no_menu_gives_a_fixed_key_another_meaning(name):
    menu = MENUS[name]
    assert not {"9", "0", "#"} & set(menu.keys), f"{name} redefines a fixed key"
    if "*" in menu.keys:
        assert name in OWN_BACK, f"{name}: `*` must go back"


CATALOGUES = [PROJECT_ROOT / "prompts" / f"{code}.toml" for code in ("de", "en", "tr")]
# What a sentence naming a fixed key must speak of, per language.
MEANINGS = {
    "de": [
        (r"\b(die|der) 9\b", r"Wiederhol"),
        (r"\b(die|der) 0\b", r"Mensch"),
        (r"Stern-Taste", r"[Zz]urück|Menü"),
        (r"Raute-Taste", r"fertig|ein\b|eingeben"),
    ],
    "en": [
        (r"\bpress 9\b", r"again"),
        (r"\bpress 0\b", r"person"),
        (r"star key", r"back|menu"),
        (r"hash key", r"finished|enter|then press"),
    ],
    "tr": [
        (r"\b9'a\b", r"[Tt]ekrar"),
        (r"\b0'a\b", r"kişi"),
        (r"yıldız tuşu", r"[Gg]eri|menü"),
        (r"kare tuşu", r"[Bb]itir|girin|sonra"),
    ],
}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_every_sentence_names_a_fixed_key_for_its_one_meaning(path: Path):
    catalogue = load(path)
    for prompt in catalogue.prompts.values():
        for sentence in re.split(r"(?<=[.?!])\s+|\s*\|\s*", prompt.text):
            for key, meaning in MEANINGS[path.stem]:
                if re.search(key, sentence):
                    assert re.search(meaning, sentence), (prompt.id, sentence)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_every_question_takes_1_for_yes_and_2_for_no(path: Path):
    # After a spoken word the service was unsure of, "ja" may be said too.
    yes, no = {
        "de": (r"Dann (sagen Sie ja oder )?drücken Sie die 1", "die 2"),
        "en": (r"Then (say yes or )?press 1", "press 2"),
        "tr": (r"(Evet için|Öyleyse evet deyin ya da) 1('e| tuşuna) basın", "2'ye basın"),
    }[path.stem]
    for prompt in load(path).prompts.values():
        questions = re.findall(r"[^.?!|]*\?", prompt.text)
        yes_or_no = [
            q
            for q in questions
            if not re.match(r"\s*(Wie|Was|Wann|How|What|When|Ne|Hangi|Nasıl)\b", q)
        ]
        if yes_or_no and "1" in prompt.text:
            found = re.search(yes, prompt.text)
            assert found, prompt.id
            if no in prompt.text:
                after = prompt.text[found.end() :]
                assert no in after, prompt.id  # the "no" comes after the "yes"


def test_9_and_0_are_announced_once_and_again_to_who_hesitates(phone, walk):
    assert phone.call().said()[-1] == FIXED  # the first menu of the call
    assert FIXED not in phone.press("2").said()  # the main menu: heard already
    assert FIXED not in phone.press("1").said()  # events
    assert phone.wait().said()[-1] == FIXED  # silence: said again
    assert phone.press("7").said()[-1] == FIXED  # a key that does nothing: again


@pytest.fixture
def walk(phone, session, make_resident, make_event, make_announcement):
    """A known caller with a booking, an event running now, one to offer, and news: then the
    keys that lead from the greeting to each menu."""
    me = make_resident()
    booked = make_event(title="Bewerbungstraining", starts_in=timedelta(days=5))
    booking.book(session, booked.id, me, wants_reminder=False)
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5))
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    make_announcement()
    session.commit()
    return {
        "offer": [],
        "main": ["2"],
        "events": ["2", "1"],
        "mine": ["2", "2"],
        "mine_cancel": ["2", "2", "1"],
        "join": ["2", "3"],
        "news": ["2", "4"],
        "reminder": ["1"],
        "message_review": ["2", "5", "record"],
        "message_discard": ["2", "5", "record", "3"],
    }


def _reach(phone, keys):
    phone.call()
    for key in keys:
        phone.record() if key == "record" else phone.press(key)
    return phone.last.one("Gather").get("action")


@pytest.mark.parametrize(
    "menu",
    [
        "offer",
        "main",
        "events",
        "mine",
        "mine_cancel",
        "join",
        "news",
        "reminder",
        "message_review",
        "message_discard",
    ],
)
def test_in_every_menu_9_repeats_and_0_reaches_a_person(phone, walk, menu):
    assert _reach(phone, walk[menu]) == f"/voice/menu/{menu}"
    again = phone.press("9")
    assert again.one("Gather").get("action") == f"/voice/menu/{menu}"
    assert again.said()[-1] == FIXED
    _reach(phone, walk[menu])
    person = phone.press("0")
    assert person.said()[0].startswith("Die Quartierszentrale ist gerade nicht besetzt.")
