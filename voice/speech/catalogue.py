"""The prompt catalogue: every sentence a caller hears, by id, per language (`prompts/*.toml`)."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, localedata
from babel.plural import PluralRule

# Sections that are not spoken prompts: they are never built as audio nor listed as prompts.
# `words`: what a caller may say instead of pressing a key (lists of words), `written`: texts
# for paper and screen in this language (the flyer, the language's own name), `dates`: how
# the language says dates, times and office hours (voice/speech/dates.py fills them in).
UNSPOKEN = ("words", "written", "dates")
# The placeholder whose number chooses a plural form: `seats_left = { one = "Es ist noch ein
# Platz frei.", other = "Es sind noch {count} Plätze frei." }` has one form per CLDR plural
# category of the language (German and English: one, other; Russian: one, few, many, other).
COUNT = "count"
# Every CLDR plural category there is. Loading a catalogue checks a plural prompt's forms
# against these only: which of them a language uses (`plural_categories`) is in its CLDR data,
# megabytes per language that a web worker loads when a caller first hears that language,
# not at start. The prompt build and the tests check the exact forms (`plural_problems`).
CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
# The placeholder of the call's centre's name ("Hier ist das Quartierstelefon der
# Quartierszentrale {centre}."): a prompt with only this one is built whole for each centre
# and may be replaced by a centre's own recording.
CENTRE = "centre"


class CatalogueError(Exception):
    """A catalogue file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Prompt:
    """One prompt: its id, its text and the placeholders the text needs."""

    id: str
    text: str  # the only form; of a plural prompt its `other` form
    fields: frozenset[str]
    line: int = 0  # where it stands in its file, for error messages
    # A plural prompt: its text per CLDR plural category, chosen by the number {count}.
    forms: Mapping[str, str] = field(default_factory=dict, hash=False)
    language: str = ""

    def text_for(self, params: Mapping[str, object]) -> str:
        """The text to fill in: of a plural prompt the form its {count} takes."""
        if not self.forms:
            return self.text
        count = params.get(COUNT)
        if not isinstance(count, int):
            raise KeyError(f"prompt {self.id!r} needs a whole number {{{COUNT}}}, got {count!r}")
        return self.forms.get(_plural(self.language)(count), self.text)

    def render(self, params: Mapping[str, object]) -> str:
        """The text with its placeholders filled; a missing or unknown one is a bug."""
        given = set(params)
        if given != self.fields:
            raise KeyError(f"prompt {self.id!r} takes {sorted(self.fields)}, got {sorted(given)}")
        return self.text_for(params).format(**params)

    def literals(self) -> list[str]:
        """The fixed words between the placeholders (built ahead like whole prompts), of
        every plural form."""
        return [
            piece_text(literal)
            for text in (self.forms.values() if self.forms else [self.text])
            for literal, _name, _spec, _conv in string.Formatter().parse(text)
            if any(ch.isalnum() for ch in literal)
        ]

    def pieces(self, params: Mapping[str, object]) -> list[str]:
        """The prompt as a sequence to play: fixed words and filled-in values, in order.

        Pieces that are only punctuation or white space are left out."""
        self.render(params)  # the same checks as for the whole text
        found = []
        for literal, name, _spec, _conv in string.Formatter().parse(self.text_for(params)):
            if any(ch.isalnum() for ch in literal):
                found.append(piece_text(literal))
            if name is not None:
                found.append(str(params[name]).strip())
        return found


class Catalogue:
    """All prompts of one language."""

    def __init__(
        self,
        language: str,
        prompts: dict[str, Prompt],
        unspoken: dict[str, str | list[str]] | None = None,
    ) -> None:
        self.language = language
        self.prompts = prompts
        # "section.key" -> a text or a list of words, of the UNSPOKEN sections
        self.unspoken = unspoken or {}

    def __getitem__(self, prompt_id: str) -> Prompt:
        return self.prompts[prompt_id]

    def __contains__(self, prompt_id: str) -> bool:
        return prompt_id in self.prompts

    def text(self, prompt_id: str, **params: object) -> str:
        """The rendered text of a prompt."""
        return self.prompts[prompt_id].render(params)

    def written(self, key: str) -> str:
        """A text of the [written] section ("language_name": "Türkçe")."""
        value = self.unspoken[f"written.{key}"]
        return value if isinstance(value, str) else ", ".join(value)

    def words(self, key: str) -> list[str]:
        """A list of the [words] section."""
        value = self.unspoken[f"words.{key}"]
        return [value] if isinstance(value, str) else list(value)


@cache
def _plural(language: str) -> PluralRule:
    """The language's CLDR plural rule: a number -> "one", "few", "other", ..."""
    return Locale.parse(language).plural_form


def plural_categories(language: str) -> set[str]:
    """The CLDR plural categories of a language: {"one", "other"} for German."""
    try:
        return set(_plural(language).tags) | {"other"}
    except (ValueError, UnknownLocaleError) as exc:
        raise CatalogueError(f"{language!r} is not a language Babel knows: {exc}") from exc


def piece_text(literal: str) -> str:
    """Fixed words between values, without the punctuation that joined them to a value."""
    return literal.strip().lstrip(".,;:!?").strip()


def load(path: Path) -> Catalogue:
    """Read one catalogue file (`prompts/de.toml`), checking its syntax and placeholders."""
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    lines = _lines(source)
    prompts: dict[str, Prompt] = {}
    unspoken: dict[str, str | list[str]] = {}
    for section, entries in data.items():
        if not isinstance(entries, dict):
            raise CatalogueError(f"{path}: {section!r} must be a [section] of prompts")
        for key, text in entries.items():
            prompt_id = f"{section}.{key}"
            if section in UNSPOKEN:
                unspoken[prompt_id] = _unspoken(path, prompt_id, text)
                continue
            line = lines.get(prompt_id, 0)
            if isinstance(text, dict):
                prompts[prompt_id] = _plural_prompt(path, prompt_id, text, line)
                continue
            if not isinstance(text, str):
                raise CatalogueError(f"{path}: {prompt_id} must be a string or plural forms")
            fields = _fields(path, prompt_id, text)
            prompts[prompt_id] = Prompt(prompt_id, text, fields, line)
    return Catalogue(path.stem, prompts, unspoken)


def _plural_prompt(path: Path, prompt_id: str, forms: dict[str, object], line: int) -> Prompt:
    """A prompt with one text per plural category (which ones the language needs is checked
    by `plural_problems`)."""
    if not localedata.exists(path.stem):  # a file lookup: no CLDR data is loaded
        raise CatalogueError(f"{path}: {path.stem!r} is not a language Babel knows")
    if (
        not set(forms) <= CATEGORIES
        or "other" not in forms
        or not all(isinstance(text, str) for text in forms.values())
    ):
        raise CatalogueError(
            f"{path}: {prompt_id} must have plural forms among {sorted(CATEGORIES)}, "
            f"`other` included, as strings; has {sorted(forms)}"
        )
    texts = {category: str(text) for category, text in forms.items()}
    fields = frozenset().union(*(_fields(path, prompt_id, text) for text in texts.values()))
    if COUNT not in fields:
        raise CatalogueError(f"{path}: {prompt_id}: plural forms need the number {{{COUNT}}}")
    return Prompt(prompt_id, texts["other"], fields, line, texts, path.stem)


def plural_problems(catalogue: Catalogue, path: Path) -> list[str]:
    """Plural prompts whose forms are not the CLDR plural categories of the catalogue's
    language ("one" and "other" for German; Russian also "few" and "many")."""
    wanted = plural_categories(catalogue.language)
    return [
        f"{path}:{prompt.line}: {prompt.id} must have the plural forms {sorted(wanted)}, "
        f"has {sorted(prompt.forms)}"
        for prompt in catalogue.prompts.values()
        if prompt.forms and set(prompt.forms) != wanted
    ]


def _unspoken(path: Path, key: str, value: object) -> str | list[str]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise CatalogueError(f"{path}: {key} must be a string or a list of strings")


def _lines(source: str) -> dict[str, int]:
    """Line number of each `key = ...` under its `[section]`."""
    found: dict[str, int] = {}
    section = ""
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif "=" in stripped and not stripped.startswith("#"):
            found[f"{section}.{stripped.split('=', 1)[0].strip()}"] = number
    return found


def compare(reference: Catalogue, other: Catalogue, path: Path) -> list[str]:
    """Problems of a translation against the reference: missing ids, unknown ids and
    placeholders that differ, each with file and line."""
    problems = [
        f"{path}: {prompt_id} is missing (it is at line {prompt.line} of the reference)"
        for prompt_id, prompt in reference.prompts.items()
        if prompt_id not in other.prompts
    ]
    problems += [
        f"{path}: {key} is missing (the reference has it)"
        for key in reference.unspoken
        if key not in other.unspoken
    ]
    problems += [
        f"{path}: {key} is not in the reference catalogue"
        for key in other.unspoken
        if key not in reference.unspoken
    ]
    for prompt_id, prompt in other.prompts.items():
        ref = reference.prompts.get(prompt_id)
        if ref is None:
            problems.append(f"{path}:{prompt.line}: {prompt_id} is not in the reference catalogue")
        elif bool(prompt.forms) != bool(ref.forms):
            kind = "plural forms" if ref.forms else "one text"
            problems.append(f"{path}:{prompt.line}: {prompt_id} must be {kind}, as in German")
        elif prompt.fields != ref.fields:
            unknown = sorted(prompt.fields - ref.fields)
            missing = sorted(ref.fields - prompt.fields)
            problems.append(
                f"{path}:{prompt.line}: {prompt_id}: unknown placeholders {unknown}, "
                f"missing placeholders {missing}"
            )
    return problems


def _fields(path: Path, prompt_id: str, text: str) -> frozenset[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise CatalogueError(f"{path}: {prompt_id}: {exc}") from exc
    names = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise CatalogueError(
                f"{path}: {prompt_id}: placeholder {{{name}}} must be a plain name"
            )
        names.add(name)
    return frozenset(names)
