"""The prompt catalogue: every id the code uses exists with the placeholders it is given."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from voice.config import PROJECT_ROOT
from voice.speech.catalogue import CatalogueError, compare, load
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
