"""The prompt catalogue: every id the code uses exists with the placeholders it is given."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from voice.config import PROJECT_ROOT
from voice.speech.catalogue import CatalogueError, compare, load, plural_problems
from voice.speech.dates import spoken_when
from voice.speech.languages import load_all

GERMAN = load(PROJECT_ROOT / "prompts" / "de.toml")
ULM = ZoneInfo("Europe/Berlin")
# A prompt id in code: "section.key" as a string literal.
PROMPT_ID = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")


def _ids_in_code() -> set[str]:
    found = set()
    for path in (PROJECT_ROOT / "voice").rglob("*.py"):
        if {"models", "migrations"} & set(path.parts):  # foreign keys ("events.id") are not prompts
            continue
        found |= {m for m in PROMPT_ID.findall(path.read_text()) if m.split(".")[0] in _sections()}
    return found


def _sections() -> set[str]:
    return {prompt_id.split(".")[0] for prompt_id in GERMAN.prompts}


def test_every_prompt_the_code_names_exists():
    used = _ids_in_code()
    assert len(used) > 40
    assert used - set(GERMAN.prompts) == set()


def test_every_prompt_in_the_catalogue_is_used():
    unused = set(GERMAN.prompts) - _ids_in_code()
    assert unused == set()


def test_missing_or_unknown_placeholder_is_an_error():
    assert GERMAN.text("register.already", title="Spieleabend") == (
        "Sie sind bereits angemeldet für Spieleabend."
    )
    with pytest.raises(KeyError, match="register.already"):
        GERMAN.text("register.already")
    with pytest.raises(KeyError, match="register.already"):
        GERMAN.text("register.already", title="x", when="y")


def test_syntax_error_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "de.toml"
    bad.write_text('[main]\nmenu = "Drücken Sie die 1.\n')
    with pytest.raises(CatalogueError, match=r"de\.toml.*line 2"):
        load(bad)


def test_placeholder_must_be_a_plain_name(tmp_path: Path):
    bad = tmp_path / "de.toml"
    bad.write_text('[events]\nseats = "Noch {seats:>3} Plätze"\n')
    with pytest.raises(CatalogueError, match="events.seats"):
        load(bad)


@pytest.mark.parametrize(
    ("moment", "spoken"),
    [
        (datetime(2026, 12, 1, 17, 0, tzinfo=UTC), "Dienstag, den 1. Dezember, um 18 Uhr"),
        (datetime(2026, 11, 24, 17, 30, tzinfo=UTC), "heute, um 18 Uhr 30"),
        (
            datetime(2026, 11, 25, 8, 5, tzinfo=UTC),
            "morgen, Mittwoch, den 25. November, um 9 Uhr 5",
        ),
        (datetime(2027, 7, 3, 16, 0, tzinfo=UTC), "Samstag, den 3. Juli, um 18 Uhr"),  # summer time
    ],
)
def test_dates_are_spoken_as_people_say_them(moment, spoken):
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert spoken_when(moment, now, ULM) == spoken


def test_unspoken_sections_are_not_prompts_and_a_translation_needs_them_too(tmp_path: Path):
    german = tmp_path / "de.toml"
    german.write_text(
        '[keys]\ngoodbye = "Auf Wiederhören!"\n'
        '[words]\nyes = ["ja", "genau"]\n[written]\nlanguage_name = "Deutsch"\n'
    )
    other = tmp_path / "xx.toml"
    other.write_text('[keys]\ngoodbye = "Bye!"\n[written]\nlanguage_name = "X"\nextra = "?"\n')
    reference = load(german)
    assert set(reference.prompts) == {"keys.goodbye"}  # never built as audio nor listed
    assert reference.words("yes") == ["ja", "genau"]
    assert reference.written("language_name") == "Deutsch"
    assert compare(reference, load(other), other) == [
        f"{other}: words.yes is missing (the reference has it)",
        f"{other}: written.extra is not in the reference catalogue",
    ]
    other.write_text("[words]\nyes = 1\n")
    with pytest.raises(CatalogueError, match="words.yes must be a string or a list"):
        load(other)


def test_every_language_names_itself():
    names = {
        code: catalogue.written("language_name")
        for code, catalogue in load_all(PROJECT_ROOT / "prompts").items()
    }
    assert list(names)[0] == "de" and names["de"] == "Deutsch"
    assert names["en"] == "English"


SEATS = '[events]\nseats_left = { one = "Ein Platz.", other = "{count} Plätze." }\n'


def test_a_plural_prompt_takes_the_form_its_count_needs(tmp_path: Path):
    (tmp_path / "de.toml").write_text(SEATS, encoding="utf-8")
    catalogue = load(tmp_path / "de.toml")
    assert catalogue.text("events.seats_left", count=1) == "Ein Platz."
    assert [catalogue.text("events.seats_left", count=n) for n in (0, 2, 21)] == [
        "0 Plätze.",
        "2 Plätze.",
        "21 Plätze.",
    ]
    prompt = catalogue["events.seats_left"]
    assert prompt.fields == {"count"}
    assert prompt.pieces({"count": 1}) == ["Ein Platz."]
    assert prompt.pieces({"count": 3}) == ["3", "Plätze."]
    assert sorted(prompt.literals()) == ["Ein Platz.", "Plätze."]  # every form is built
    with pytest.raises(KeyError, match="whole number"):
        catalogue.text("events.seats_left", count="drei")


def test_plural_forms_follow_the_languages_cldr_rules(tmp_path: Path):
    """Russian has four categories: a translation with German's two is a problem (the
    prompt build stops on it), and the right forms are chosen for 1, 3, 5 and 21."""
    path = tmp_path / "ru.toml"
    path.write_text(SEATS.replace("Ein Platz.", "Одно место."), "utf-8")
    assert plural_problems(load(path), path) == [
        f"{path}:2: events.seats_left must have the plural forms "
        "['few', 'many', 'one', 'other'], has ['one', 'other']"
    ]
    forms = 'one = "{count} место", few = "{count} места", many = "{count} мест", other = "{count}"'
    path.write_text(f"[events]\nseats_left = {{ {forms} }}\n", "utf-8")
    russian = load(path)
    assert plural_problems(russian, path) == []
    said = [russian.text("events.seats_left", count=n) for n in (1, 3, 5, 21)]
    assert said == ["1 место", "3 места", "5 мест", "21 место"]


def test_loading_refuses_what_is_no_plural_form_in_any_language(tmp_path: Path):
    (tmp_path / "de.toml").write_text(SEATS.replace("one =", "eins ="), "utf-8")
    with pytest.raises(CatalogueError, match=r"de.toml: events.seats_left must have plural"):
        load(tmp_path / "de.toml")
    (tmp_path / "xx.toml").write_text(SEATS, "utf-8")
    with pytest.raises(CatalogueError, match="'xx' is not a language Babel knows"):
        load(tmp_path / "xx.toml")


@pytest.mark.parametrize("code", ["de", "en", "tr"])
def test_the_real_catalogues_have_the_plural_forms_of_their_language(code):
    path = PROJECT_ROOT / "prompts" / f"{code}.toml"
    assert plural_problems(load(path), path) == []


def test_a_plural_prompt_needs_its_count(tmp_path: Path):
    (tmp_path / "de.toml").write_text(
        '[events]\nseats_left = { one = "Ein Platz.", other = "Plätze." }\n', "utf-8"
    )
    with pytest.raises(CatalogueError, match=r"need the number \{count\}"):
        load(tmp_path / "de.toml")


def test_a_translation_keeps_plural_forms_where_german_has_them(tmp_path: Path):
    (tmp_path / "de.toml").write_text(SEATS, encoding="utf-8")
    (tmp_path / "en.toml").write_text('[events]\nseats_left = "{count} places."\n', "utf-8")
    problems = compare(load(tmp_path / "de.toml"), load(tmp_path / "en.toml"), Path("en.toml"))
    assert problems == ["en.toml:2: events.seats_left must be plural forms, as in German"]


@pytest.mark.parametrize(
    ("code", "one", "two"),
    [
        ("de", "Es ist noch ein Platz frei.", "Es sind noch 2 Plätze frei."),
        ("en", "There is one place left.", "There are 2 places left."),
        ("tr", "Hâlâ bir boş yer var.", "Hâlâ 2 boş yer var."),
    ],
)
def test_the_real_catalogues_count_seats_in_their_language(code, one, two):
    catalogue = load(PROJECT_ROOT / "prompts" / f"{code}.toml")
    assert catalogue.text("events.seats_left", count=1) == one
    assert catalogue.text("events.seats_left", count=2) == two


@pytest.mark.parametrize("code", ["en", "tr"])
def test_a_translation_pauses_where_german_does(code):
    other = load(PROJECT_ROOT / "prompts" / f"{code}.toml")
    differ = [
        prompt_id
        for prompt_id, prompt in GERMAN.prompts.items()
        if prompt.text.count("|") != other[prompt_id].text.count("|")
    ]
    assert differ == []
