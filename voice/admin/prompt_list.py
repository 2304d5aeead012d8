"""The „Ansagen“ page's content: every prompt as staff read it, grouped by where in a call
the caller hears it, with placeholders as „[Name]“ and a search over all of it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from voice.speech.catalogue import Prompt

# Where the caller hears a catalogue section, in the order of a call.
PLACES = {
    "greeting": "Begrüßung",
    "main": "Hauptmenü",
    "events": "Taste 1: Veranstaltungen",
    "register": "Sich anmelden",
    "mine": "Taste 2: Meine Anmeldungen",
    "join": "Taste 3: Jetzt teilnehmen",
    "meeting": "In der Telefonkonferenz",
    "news": "Taste 4: Neuigkeiten",
    "message": "Taste 5: Nachricht hinterlassen",
    "person": "Taste 0: Mit einem Menschen sprechen",
    "keys": "Überall: Tasten, Stille, Abschied",
    "reminder": "Erinnerungsanrufe",
    "staff": "Mitarbeiterbereich am Telefon",
    "period": "Zeitangaben (Bausteine)",
    "error": "Wenn etwas schiefgeht",
}
# What the call puts in place of each placeholder, in the words of the page.
FIELDS = {
    "caller": "Anrufer",
    "centre": "Quartierszentrale",
    "code": "Nummer",
    "count": "Anzahl",
    "hours": "Sprechzeiten",
    "key": "Taste",
    "name": "Name",
    "names": "Namen",
    "number": "Nummer",
    "period": "Zeitraum",
    "position": "Platz",
    "text": "Text",
    "time": "Uhrzeit",
    "title": "Titel",
    "total": "Gesamtzahl",
    "when": "Wann",
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class Group:
    """The prompts a caller hears in one place."""

    key: str
    place: str
    rows: list[dict[str, object]] = field(default_factory=list)


def sentence(prompt: Prompt) -> str:
    """The prompt as staff read it: pauses left out, placeholders as „[Name]“; a prompt with
    plural forms shows each ("… ein Platz frei. / … [Anzahl] Plätze frei.")."""
    forms = list(prompt.forms.values()) or [prompt.text]
    text = " / ".join(" ".join(form.replace("|", " ").split()) for form in forms)
    return PLACEHOLDER.sub(lambda m: f"[{FIELDS.get(m.group(1), m.group(1))}]", text)


def matches(row: dict[str, object], query: str) -> bool:
    """Whether a row has every word of the search (in its sentence in any language, its id
    or its number)."""
    prompt = row["prompt"]
    assert isinstance(prompt, Prompt)
    haystack = f"{search_text(row)} {row['source']}".casefold()
    return all(word in haystack for word in query.casefold().split())


def search_text(row: dict[str, object]) -> str:
    """What a search looks through: the sentence in every language, the id, the number."""
    prompt = row["prompt"]
    assert isinstance(prompt, Prompt)
    others = row.get("others") or []
    assert isinstance(others, list)
    translated = " ".join(sentence for _code, _name, sentence in others)
    return f"{row['sentence']} {translated} {prompt.id} {row['number']}"


def grouped(rows: Iterable[dict[str, object]], query: str = "") -> list[Group]:
    """The rows (each with a prompt) by place in a call; with a query only those that match."""
    groups: dict[str, Group] = {key: Group(key, place) for key, place in PLACES.items()}
    for row in rows:
        if query and not matches(row, query):
            continue
        prompt = row["prompt"]
        assert isinstance(prompt, Prompt)
        section = prompt.id.split(".", 1)[0]
        group = groups.setdefault(section, Group(section, section))
        group.rows.append(row)
    return [group for group in groups.values() if group.rows]
