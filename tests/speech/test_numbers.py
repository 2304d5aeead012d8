"""The numbers a build makes: only those the catalogue's placeholders can speak, and for the
real catalogues every number a call speaks as a piece (keys, positions, seats, counts)."""

from __future__ import annotations

import io
import wave
from datetime import timedelta
from pathlib import Path

import pytest

from voice.config import PROJECT_ROOT
from voice.speech import build
from voice.speech.catalogue import load
from voice.speech.cli import _texts as texts_to_build
from voice.speech.engines import PicoEngine

# Placeholders whose values are texts of data (built from the data by the speech worker), or
# that no build can cover (phone numbers and event codes said digit by digit). A new
# placeholder must be named here or in build.NUMBER_FIELDS: this keeps a new count from being
# left out of the build silently.
DATA_FIELDS = {
    "centre",  # the call's centre's name
    "title",
    "when",
    "time",
    "text",
    "name",
    "names",
    "hours",
    "caller",
    "code",
    "period",  # RETAIN_NAMES_DAYS, said in words (a setting, built like data)
    "words",  # voice input: a menu's words from the catalogue's [words] ("anmelden, weiter")
    "choice",  # voice input: the word or digits that were heard, asked back
}
REAL = sorted((PROJECT_ROOT / "prompts").glob("*.toml"))


def _catalogue(tmp_path: Path, text: str):
    path = tmp_path / "de.toml"
    path.write_text(text)
    return load(path)


def test_a_catalogue_without_numbers_builds_no_numbers(tmp_path):
    catalogue = _catalogue(tmp_path, '[greeting]\nwelcome = "Guten Tag, {name}!"\n')
    assert build.static_texts(catalogue) == {"Guten Tag,"}


def test_a_key_placeholder_builds_the_ten_digits_and_the_sentence_for_each(tmp_path):
    catalogue = _catalogue(tmp_path, '[keys]\nunassigned = "Die Taste {key} ist nicht belegt."\n')
    texts = build.static_texts(catalogue)
    whole = {f"Die Taste {d} ist nicht belegt." for d in range(10)}  # one file for each key
    pieces = {"Die Taste", "ist nicht belegt."}  # for what is not a digit ("Stern")
    assert texts == pieces | {str(d) for d in range(10)} | whole


def test_a_sentence_built_whole_for_its_key_plays_as_one_file(app, phone):
    catalogue = app.extensions["voice"].catalogue
    store = app.extensions["audio_store"]
    texts = [catalogue.text("keys.unassigned", key="6"), *catalogue["keys.unassigned"].literals()]
    build.build(store, [PicoEngine()], texts)
    phone.call()
    phone.press("1")  # past the greeting, where 6 is a language
    reply = phone.press("6")
    [first, *_rest] = reply.root.iter("Play")
    assert first.text.endswith(f"/audio/{store.find(texts[0])}.wav")
    said = phone.press("#")  # the pieces are built, "Raute" is not: the whole sentence said
    assert said.said()[0] == "Mit der Taste Raute passiert hier nichts."


def test_a_count_placeholder_builds_every_count(tmp_path):
    catalogue = _catalogue(tmp_path, '[events]\nseats_left = "Es sind noch {count} Plätze frei."\n')
    texts = build.static_texts(catalogue)
    assert {"0", "2", "59", "60"} <= texts and "61" not in texts


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_placeholder_of_the_real_catalogues_is_a_number_or_data(path):
    fields = {name for prompt in load(path).prompts.values() for name in prompt.fields}
    assert fields - DATA_FIELDS - set(build.NUMBER_FIELDS) == set()
    assert fields & set(build.NUMBER_FIELDS), "the real catalogue speaks numbers"


def _fill(app, session) -> None:
    """Every text a build makes for the catalogue and the data, stored as a (silent) file:
    what `prompts build` would leave, without synthesising it."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 80)
    store = app.extensions["audio_store"]
    with app.app_context():
        static, live = texts_to_build(store)  # what `prompts build` and its worker build
    for text in static | live:
        store.save(text, "pico", buffer.getvalue())


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


@pytest.mark.parametrize("seats", [1, 2, 37, 60])  # 1: the plural form "one"
def test_with_everything_built_an_event_is_played_whole(app, phone, session, make_event, seats):
    """Position, date and time, title, description and seats left: no <Say> at all."""
    make_event(title="Spieleabend", capacity=60, seats_taken=60 - seats)
    make_event(title="ErzählCafé", starts_in=timedelta(days=1, minutes=59), capacity=None)
    make_event(title="Bewerbungstraining", starts_in=timedelta(hours=5, minutes=7))
    _fill(app, session)
    phone.call()
    phone.to_main()
    reply = phone.press("1")
    assert reply.said() == [] and len(list(reply.root.iter("Play"))) >= 7, reply.xml()
    for _ in range(2):  # the other events, "Veranstaltung 2 von 3" and "3 von 3"
        reply = phone.press("2")
        assert reply.said() == [], reply.xml()
    reply = phone.press("7")  # "Mit der Taste 7 passiert hier nichts."
    assert reply.said() == [], reply.xml()


def test_a_count_beyond_the_built_numbers_is_said_whole(app, phone, session, make_event):
    make_event(title="Spieleabend", capacity=500)
    _fill(app, session)
    phone.call()
    phone.to_main()
    said = phone.press("1").said()
    assert said == ["Es sind noch 500 Plätze frei."]


@pytest.mark.parametrize("days", [365, 90])
def test_with_everything_built_the_name_promise_is_played_whole(
    app, phone, session, make_event, days
):
    """How long a name is kept is a setting: the build speaks it ahead like the data."""
    app.config["RETAIN_NAMES_DAYS"] = days
    make_event()
    _fill(app, session)
    phone.call()
    phone.press("1")
    reply = phone.press("1")
    assert reply.verbs[:3] == ["Play"] * 3 and "Record" in reply.verbs, reply.xml()
    assert reply.said() == [], reply.xml()
