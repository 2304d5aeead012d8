"""Whole calls in English and Turkish, chosen once in the German greeting: every menu a resident
reaches, and not one German word after the choice except what staff typed (titles,
descriptions, news); the caller's next call is in their language from its first word."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.days import today_or_tomorrow
from voice.models import Registration, RegistrationStatus, Resident
from voice.registrations import booking
from voice.reminders.cli import make_dialer

# Words that give German away (none of them English or Turkish: "am" and "November" are
# English too); staff-typed texts are taken out of what was heard first.
GERMAN = re.compile(
    r"\b(Uhr|heute|morgen|um|den|der|die|das|und|von|bis|Sie|Ihre?n?|bitte|drücken|Taste|"
    r"Stern|Raute|Veranstaltung(en)?|Anmeldung(en)?|Platz|Plätze|Personen?|Warteliste|"
    r"Nachricht|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|"
    r"montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|"
    r"Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|"
    r"Jahr|Jahre|Wochen?|Tage?|Quartier\w*)\b"
)
TYPED = ["Spieleabend", "Wir spielen zusammen.", "ErzählCafé", "Etwas Neues."]
# What each language says where staff typed a title in it, and how it introduces German.
WORDS = {
    "en": {
        "typed": "Story café",
        "german": "the event with the German name Spieleabend",
        "listed": ": an event with the German name Spieleabend.",
        "description": "In German: Wir spielen zusammen.",
        "seats": "There is one place left.",
        "full": "This event is fully booked.",
        "hash": "The key hash does nothing here.",
        "booked": "You are registered for the event with the German name Spieleabend, tomorrow, ",
        "waiting": "You are number 1.",
        "hours": "Monday to Friday from 9 am to 12 noon and on Tuesdays from 2 pm to 5 pm",
        "count": "Besides you, 0 people are in the event by phone.",
        "reminder": "the event with the German name Spieleabend starts {day}",
        "not_yet": "Story café only starts ",
    },
    "tr": {
        "typed": "Hikâye kahvesi",
        "german": "Almanca adı Spieleabend olan etkinlik",
        "listed": ". Etkinliğin Almanca adı: Spieleabend.",
        "description": "Almanca açıklama: Wir spielen zusammen.",
        "seats": "Hâlâ bir boş yer var.",
        "full": "Bu etkinlikte boş yer kalmadı.",
        "hash": "kare tuşunun burada bir görevi yok.",
        "booked": "Almanca adı Spieleabend olan etkinlik için kaydınız yapıldı: yarın, ",
        "waiting": "Sıranız: 1.",
        "hours": "pazartesiden cumaya saat 9.00 ile 12.00 arası ve salı günleri saat 14.00",
        "count": "Telefonla sizden başka 0 kişi katılıyor.",
        "reminder": "Almanca adı Spieleabend olan etkinlik, {day}",
        "not_yet": "Hikâye kahvesi henüz başlamadı. Başlangıç: ",
    },
}


def heard(documents) -> str:
    """Everything said in these TwiML documents, one sentence after another."""
    return " ".join(
        " ".join("".join(say.itertext()).split())
        for _url, root in documents
        for say in root.iter("Say")
    )


def german_in(text: str) -> list[str]:
    """The German words in what a caller heard, staff-typed texts left out."""
    for typed in TYPED:
        text = text.replace(typed, "")
    return [match.group(0) for match in GERMAN.finditer(text)]


KEYS = {"en": "7", "tr": "6"}  # as the German greeting offers them


@pytest.fixture(params=["en", "tr"])
def language(request):
    return request.param


@pytest.fixture
def app_config():
    return {
        "OFFICE_HOURS": "Mo-Fr 09:00-12:00; Di 14:00-17:00",
        "REMINDER_HOURS": "00:00-24:00",
        "REMINDER_RATE": 1000.0,
    }


@pytest.fixture
def programme(make_event, make_announcement):
    """Running now, tomorrow (one seat left), and one whose title staff translated."""
    now = make_event(title="Spieleabend", starts_in=timedelta(minutes=-5), description="")
    tomorrow = make_event(title="Spieleabend", starts_in=timedelta(days=1), capacity=1)
    later = make_event(
        title="ErzählCafé",
        starts_in=timedelta(days=3),
        translations={"en": {"title": "Story café"}, "tr": {"title": "Hikâye kahvesi"}},
    )
    make_announcement()
    return now, tomorrow, later


def _walk(phone, keys: list[str]) -> None:
    for key in keys:
        phone.record() if key == "record" else phone.press(key)


def _choose(phone, number: str, language: str) -> int:
    """A new caller chooses the language in the German greeting: what they hear from then
    on starts at the returned index of the call's documents."""
    phone.call(number=number)
    start = len(phone.sim.documents)
    phone.press(KEYS[language])
    return start


def test_a_whole_call_hears_no_german_but_what_staff_typed(phone, session, programme, language):
    words = WORDS[language]
    _now, tomorrow, later = programme
    # A new caller: the events, two keys that do nothing, booking the last seat with the
    # name and reminder questions, the news, a message, a person outside office hours.
    start = _choose(phone, "+497310000001", language)
    _walk(phone, ["1", "#", "7", "2", "1", "record", "1", "*", "4", "*", "5", "record", "1"])
    phone.press("0")
    first = heard(phone.sim.documents[start:])
    phone.hang_up()
    # Another caller: the full event's waiting list, their registrations, join and the
    # meeting's menu, an event number that starts later.
    start = _choose(phone, "+497310000002", language)
    _walk(phone, ["1", "2", "1", "1", "2", "2", "*", "2", "1", "2", "*", "3", "1"])
    phone.press("*")  # inside the meeting: its menu
    phone.press("3")  # how many are here
    phone.press("4")  # leave
    second = heard(phone.sim.documents[start:])
    # Their next call: in their language from the first word (the waiting list made them known).
    phone.call(number="+497310000002")
    _walk(phone, ["2", "3", "4", later.phone_code])
    second += " " + heard(phone.sim.documents)

    for text in (first, second):
        assert german_in(text) == [], text
    assert words["listed"] in first and words["description"] in first
    assert words["typed"] in second and "ErzählCafé" not in second
    for sentence in ("seats", "hash", "booked", "hours"):
        assert words[sentence] in first, (sentence, first)
    for sentence in ("full", "waiting", "count", "not_yet"):
        assert words[sentence] in second, (sentence, second)
    assert words["german"] in second
    waiting = session.scalar(
        select(Registration).join(Resident).where(Resident.phone == "+497310000002")
    )
    assert waiting.event_id == tomorrow.id and waiting.status is RegistrationStatus.WAITING


def test_a_reminder_call_is_in_the_language_too(app, session, make_event, language):
    event = make_event(title="Spieleabend", starts_in=timedelta(minutes=5))
    person = Resident(phone="+497310000009", name="Ayşe Yılmaz", language=language)
    session.add(person)
    booking.book(session, event.id, person, wants_reminder=True)
    session.commit()
    phones = app.extensions["telephony"].phones
    phones.strict = True
    make_dialer(app, "test-dialer", sleep=lambda seconds: None).run_once()
    [sid] = [sid for sid, ring in phones.ringing.items() if ring.to == person.phone]
    call = phones.answer(sid)
    call.press("2")  # not this time: asked once more
    said = " ".join(e.text for e in call.events if e.kind == "say")
    day = today_or_tomorrow(event.starts_at, language)
    assert WORDS[language]["reminder"].format(day=day) in said
    assert german_in(said.replace("Ayşe Yılmaz", "")) == [], said
