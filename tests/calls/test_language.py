"""The call's own language (issue 13): chosen once in the greeting, remembered for the caller's
number, spoken from the first word of every later call; each language in its own voice and
from its own audio store."""

from __future__ import annotations

import io
import wave
from datetime import timedelta
from itertools import groupby

import pytest
from sqlalchemy import select

from tests.accounts import csrf_token
from voice.calls.engine import Turn
from voice.models import Registration, RegistrationStatus, Resident
from voice.registrations import booking
from voice.reminders.cli import make_dialer
from voice.speech import build

SAY = {"de": ("de-DE", "Polly.Vicki-Neural"), "en": ("en-GB", "Polly.Amy-Neural")}
SAY["tr"] = ("tr-TR", "Polly.Filiz")
OFFERS_IN_GERMAN = ["For English, press 7.", "Türkçe için 6 tuşuna basın."]
NEW = "+497317654321"


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio"), "REMINDER_HOURS": "00:00-24:00"}


@pytest.fixture
def built(app):
    """Every language's prompts built (silent audio): a call plays them from its store."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 80)
    for voice in app.extensions["voices"].values():
        for text in build.static_texts(voice.catalogue):
            voice.store.save(text, voice.store.engines[0], buffer.getvalue())
    return app.extensions["voices"]


def _languages(root, voices) -> list[str]:
    """The language of everything the reply speaks, in order: a <Say> by its attributes (each
    language's own voice, never another's), a <Play> by the store whose hash names it."""
    found = []
    for element in root.iter():
        if element.tag == "Say":
            attrs = (element.get("language"), element.get("voice"))
            [code] = [code for code, say in SAY.items() if say == attrs]
            found.append(code)
        elif element.tag == "Play" and "/audio/" in element.text:  # not the caller's own voice
            name = element.text.rsplit("/", 1)[-1].removesuffix(".wav")
            text = voices["de"].store.path(name).with_suffix(".txt").read_text()
            codes = [c for c, v in voices.items() if name in build.expected_names(v.store, {text})]
            assert len(codes) == 1, (name, text)
            found.append(codes[0])
    return found


def _all_in(code, documents, voices) -> None:
    for _url, root in documents:
        assert set(_languages(root, voices)) <= {code}, _url


def _first_call_books_in(phone, key, code, voices, session, event) -> None:
    greeting = phone.call(NEW)
    spoken = [language for language, _ in groupby(_languages(greeting.root, voices))]
    assert spoken == ["de", "en", "tr", "de"]  # the offer after the menu's first choice
    start = len(phone.sim.documents)
    chosen = phone.press(key)
    assert chosen.one("Gather").get("action") == "/voice/menu/main"
    phone.press("1")  # events: the only one
    phone.press("1")  # register
    phone.record()  # the name
    booked = phone.press("1")  # a reminder, please
    assert event.title in booked.text()
    _all_in(code, phone.sim.documents[start:], voices)  # not one word of another language
    assert phone.sim.language == code  # the simulator shows it
    resident = session.scalar(select(Resident).where(Resident.phone == NEW))
    assert resident.language == code  # stored with the first booking
    [registration] = session.scalars(select(Registration)).all()
    assert registration.resident_id == resident.id
    assert registration.status is RegistrationStatus.BOOKED


@pytest.mark.parametrize(("key", "code"), [("7", "en"), ("6", "tr")])
def test_a_caller_chooses_once_and_every_later_call_speaks_it(
    phone, built, session, make_event, key, code
):
    event = make_event(title="Spieleabend", starts_in=timedelta(days=3))
    _first_call_books_in(phone, key, code, built, session, event)
    phone.hang_up()
    again = phone.call(NEW)
    # From the first word, and no other language: a known caller is offered none in the
    # greeting; the main menu says how to change it, in their language.
    assert set(_languages(again.root, built)) == {code}
    phone.press("1")
    _all_in(code, phone.sim.documents[-1:], built)


def test_a_german_caller_who_presses_nothing_hears_the_short_offer_and_the_same_menu(phone):
    reply = phone.call()
    assert reply.said() == [
        "Guten Tag! Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg.",
        "Für unsere Veranstaltungen drücken Sie die 1.",  # the first key as soon as before
        *OFFERS_IN_GERMAN,
        "Für Ihre Anmeldungen drücken Sie die 2. "
        "Um jetzt an einer Veranstaltung teilzunehmen, drücken Sie die 3. Für Neuigkeiten aus "
        "dem Quartier drücken Sie die 4. Um uns eine Nachricht zu hinterlassen, drücken Sie "
        "die 5.",
        "Zum Wiederholen drücken Sie die 9. Einen Menschen erreichen Sie mit der 0.",
    ]
    says = list(reply.root.iter("Say"))
    assert [(s.get("language"), s.get("voice")) for s in says] == [
        SAY["de"],
        SAY["de"],
        SAY["en"],
        SAY["tr"],
        SAY["de"],
        SAY["de"],
    ]
    # inside the menu's <Gather>: the key works while the offer is said
    assert [s.get("language") for s in reply.one("Gather").iter("Say")][1:3] == ["en-GB", "tr-TR"]
    waited = phone.wait()  # silence: the whole greeting menu again, the offer too
    assert waited.said()[2:4] == OFFERS_IN_GERMAN


def test_the_language_menu_changes_it_and_names_each_language_in_its_own(
    phone, session, make_resident
):
    me = make_resident()
    phone.call()
    phone.press("1")
    main = phone.press("*")  # past the greeting: 7 is the language menu, said in German
    assert main.said()[-1] == "Für eine andere Sprache drücken Sie die 7."
    menu = phone.press("7")
    assert menu.one("Gather").get("action") == "/voice/menu/language"
    assert menu.said() == [
        "Für Deutsch drücken Sie die 1.",
        "For English, press 2.",
        "Türkçe için 3 tuşuna basın.",
    ]
    assert [s.get("voice") for s in menu.root.iter("Say")] == [v for _l, v in SAY.values()]
    assert phone.press("5").said()[0] == "Mit der Taste 5 passiert hier nichts."
    turkish = phone.press("3")
    assert turkish.said()[0] == "Tamam, Türkçe devam ediyoruz."
    assert {s.get("language") for s in turkish.root.iter("Say")} == {"tr-TR"}
    session.refresh(me)
    assert me.language == "tr"
    # in Turkish, the main menu offers the others in their own languages the same way
    assert phone.press("7").said()[:2] == [
        "Für Deutsch drücken Sie die 1.",
        "For English, press 2.",
    ]


def test_the_language_staff_set_in_the_admin_is_spoken_from_the_first_word(
    phone, client, login, session, make_resident
):
    person = make_resident(name="Hans Bauer")
    login()
    url = f"/admin/residents/{person.id}"
    form = {"csrf_token": csrf_token(client, url), "name": "Hans Bauer", "language": "en"}
    client.post(url, data=form)
    reply = phone.call()
    assert reply.said()[0] == "Hello, Hans Bauer! This is the neighbourhood phone."
    # no word of German: the way to another language is said in English, and leads to the
    # language menu, which names each language in its own
    assert reply.said()[-2] == "For another language, press 7."
    assert {s.get("voice") for s in reply.root.iter("Say")} == {"Polly.Amy-Neural"}
    assert phone.press("7").said()[0] == "Für Deutsch drücken Sie die 1."
    back = phone.press("1")  # German again, and remembered
    assert back.said()[0] == "Gut, wir sprechen jetzt Deutsch."
    session.refresh(person)
    assert person.language == "de"


def test_staff_can_set_every_language_a_call_speaks(client, login, session, make_resident):
    person = make_resident()
    login()
    url = f"/admin/residents/{person.id}"
    page = client.get(url).get_data(as_text=True)
    assert all(f'value="{code}"' in page for code in ("de", "en", "tr")) and "Türkçe" in page
    client.post(url, data={"csrf_token": csrf_token(client, url), "language": "tr"})
    session.refresh(person)
    assert person.language == "tr"


def test_a_reminder_call_speaks_the_residents_language(app, session, make_event):
    event = make_event(title="Spieleabend", starts_in=timedelta(minutes=20), remind_minutes=30)
    resident = Resident(phone="+497310000111", name="Ayşe", language="tr")
    session.add(resident)
    session.flush()
    booking.book(session, event.id, resident, wants_reminder=True)
    session.commit()
    phones = app.extensions["telephony"].phones
    phones.strict = True
    assert make_dialer(app, "test-dialer", sleep=lambda seconds: None).run_once() == 1
    [sid] = [sid for sid, ring in phones.ringing.items() if ring.to == resident.phone]
    call = phones.answer(sid)
    says = [root for _url, root in call.documents]
    assert {s.get("language") for root in says for s in root.iter("Say")} == {"tr-TR"}
    assert call.language == "tr"
    call.press("1")  # join now
    assert any(e.kind == "dial" for e in call.events)
    session.expire_all()
    assert session.scalars(select(Registration)).one().resident_id == resident.id


def test_flask_call_from_a_turkish_resident_starts_in_turkish(app, make_resident):
    make_resident(phone="+497311112222", language="tr")
    result = app.test_cli_runner().invoke(args=["call", "--from", "+497311112222", "--keys", "q"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "  ⚑ Sprache: Türkçe (tr)"
    assert "« Başka bir dil için 7 tuşuna basın." in result.output


def test_the_browser_phone_shows_the_calls_language(app, make_resident):
    make_resident(phone="+497311112222", language="en")
    client = app.test_client()
    state = client.post(
        "/simulator/api/calls", json={"from": "+497311112222"}, headers={"X-Softphone": "1"}
    ).get_json()
    assert state["language"] == "English (en)"
    assert state["events"][0] == {
        "kind": "language",
        "text": "en",
        "url": state["events"][0]["url"],
        "detail": {},
    }


def test_the_apology_and_the_meeting_hold_speak_the_calls_language(
    phone, make_resident, make_event, monkeypatch
):
    make_resident(language="en")
    make_event()
    phone.call()
    hold = phone.post("/voice/meeting/hold")
    assert hold.said()[0].startswith("The event starts as soon as the host is here.")
    assert {s.get("language") for s in hold.root.iter("Say")} == {"en-GB"}
    phone.press("1")  # the greeting's offer: book it

    def broken(self, moment):
        raise RuntimeError("bug in the read-back")

    monkeypatch.setattr(Turn, "when", broken)
    apology = phone.press("1")
    assert apology.said()[0] == "Sorry, something went wrong here."
    assert {s.get("voice") for s in apology.root.iter("Say")} == {"Polly.Amy-Neural"}
    phone.call_sid = "CA-never-seen"  # a call we do not know: the service's language
    assert phone.post("/voice/menu/main").said()[0].startswith("Entschuldigung")


def test_a_caller_we_do_not_know_keeps_their_choice_without_booking(phone, session):
    phone.call(NEW)
    phone.press("6")  # Türkçe, then only listening: no booking, no resident
    phone.hang_up()
    assert session.scalars(select(Resident)).all() == []
    again = phone.call(NEW)
    said = again.said()
    assert said[0].startswith("İyi günler!")  # Turkish from the first word
    assert {s.get("language") for s in again.root.iter("Say")} == {"tr-TR"}  # no other offered
    assert "Başka bir dil için 7 tuşuna basın." in said
    phone.hang_up()
    third = phone.call(NEW)  # carried on from call to call
    assert third.said()[0].startswith("İyi günler!")
    phone.hang_up()
    other = phone.call("+497310000555")  # another number: the service's language
    assert other.said()[0].startswith("Guten Tag!")
