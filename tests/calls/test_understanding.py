"""The one matching function of voice input, the numbers it reads, and the words of every
menu in every language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voice.calls.engine import MENUS
from voice.calls.heard import CONFIRM, understood
from voice.calls.listening import phrases
from voice.calls.numbers import spoken_digits
from voice.calls.understanding import match, normalise
from voice.config import PROJECT_ROOT
from voice.speech.languages import load_all

CATALOGUES = load_all(PROJECT_ROOT / "prompts")
FILLERS = CATALOGUES["de"].words("fillers")
YES_NO = {"1": ["ja", "Veranstaltungen"], "2": ["nein"], "9": ["nochmal", "noch einmal"]}


@pytest.mark.parametrize(
    "said",
    [
        "ja",
        "Ja.",
        "JA!",
        "  ja  ",
        "Äh, ja bitte.",
        "Ja, ich möchte.",
        "Ja danke",
        "Veranstaltungen",
        "veranstaltung",  # a slip of the recogniser in a long word
        "Veranstaltungen?",
        "die Veranstaltungen bitte",
        "VERANSTALTUNGEN",
    ],
)
def test_tolerant_of_case_punctuation_fillers_and_slips(said):
    assert match(said, YES_NO, FILLERS) == "1"


@pytest.mark.parametrize(
    "said",
    [
        "",
        "...",
        "äh bitte",  # only fillers
        "neun",  # near "nein", but short words must be heard exactly
        "ja nein",  # two meanings: not guessed
        "Blumenkohl",
    ],
)
def test_what_fits_no_key_or_two_is_nothing(said):
    assert match(said, YES_NO, FILLERS) is None


def test_a_longer_phrase_wins_over_the_words_inside_it():
    phrases_ = {"9": ["noch einmal"], "1": ["noch einmal versuchen"]}
    assert match("Bitte noch einmal versuchen.", phrases_, FILLERS) == "1"
    assert match("Noch einmal!", phrases_, FILLERS) == "9"


def test_accents_and_turkish_letters():
    assert normalise("Zurück! Hayır, İptal; ışık") == ["zuruck", "hayir", "iptal", "isik"]
    assert match("HAYIR", {"2": ["hayır"]}, []) == "2"
    assert match("zuruck", {"*": ["zurück"]}, []) == "*"


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("eins zwei drei vier", "de"),
        ("Eins, zwei, drei, vier.", "de"),
        ("eins zwo drei vier", "de"),
        ("zwölf vierunddreißig", "de"),
        ("eintausendzweihundertvierunddreißig", "de"),
        ("1234", "de"),
        ("1 2 3 4", "de"),
        ("12 34", "de"),
        ("Die Nummer ist eins zwei drei vier, bitte.", "de"),
        ("one two three four", "en"),
        ("twelve thirty-four", "en"),
        ("one thousand two hundred and thirty-four", "en"),
        ("bir iki üç dört", "tr"),
        ("on iki otuz dört", "tr"),
        ("bin iki yüz otuz dört", "tr"),
        ("BİR İKİ ÜÇ DÖRT", "tr"),
        ("1 2 3 4", "tr"),
    ],
)
def test_numbers_said_as_words(said, language):
    assert spoken_digits(said, language) == "1234"


@pytest.mark.parametrize(
    ("said", "language", "digits"),
    [
        ("null acht fünfzehn", "de", "0815"),
        ("sıfır sekiz on beş", "tr", "0815"),
        ("iki yüz", "tr", "200"),
        ("bin yüz", "tr", "1100"),
        ("keine Ahnung", "de", ""),
        ("hayır", "tr", ""),
    ],
)
def test_more_numbers(said, language, digits):
    assert spoken_digits(said, language) == digits


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=80), st.sampled_from(sorted(CATALOGUES)))
def test_no_text_breaks_the_matcher_or_the_numbers(said, language):
    catalogue = CATALOGUES[language]
    result = match(said, {"1": catalogue.words("yes")}, catalogue.words("fillers"))
    assert result in (None, "1")
    assert spoken_digits(said, language).isdigit() or spoken_digits(said, language) == ""


def _turn(language: str) -> SimpleNamespace:
    return SimpleNamespace(voice=SimpleNamespace(catalogue=CATALOGUES[language]))


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_word_of_every_menu_means_its_key_in_every_language(language):
    """Each meaning's words: said alone, each phrase a menu names is understood as that
    menu's key (no list of one menu hides a phrase of another)."""
    turn = _turn(language)
    checked = 0
    for menu in MENUS.values():
        for key, options in phrases(turn, menu).items():
            for option in options:
                assert understood(turn, menu, option) == (key, True), (language, menu.name, option)
                checked += 1
    assert checked > 300


def test_the_menus_name_lists_the_catalogue_has():
    names = {words for menu in MENUS.values() for words in menu.words}
    assert names <= {key.removeprefix("words.") for key in CATALOGUES["de"].unspoken}
    assert MENUS[CONFIRM].words == {"yes": "1"}
