"""The prompt catalogue: every sentence a caller hears, by id, per language (`prompts/*.toml`)."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path


class CatalogueError(Exception):
    """A catalogue file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Prompt:
    """One prompt: its id, its text and the placeholders the text needs."""

    id: str
    text: str
    fields: frozenset[str]

    def render(self, params: dict[str, object]) -> str:
        """The text with its placeholders filled; a missing or unknown one is a bug."""
        given = set(params)
        if given != self.fields:
            raise KeyError(f"prompt {self.id!r} takes {sorted(self.fields)}, got {sorted(given)}")
        return self.text.format(**params)


class Catalogue:
    """All prompts of one language."""

    def __init__(self, language: str, prompts: dict[str, Prompt]) -> None:
        self.language = language
        self.prompts = prompts

    def __getitem__(self, prompt_id: str) -> Prompt:
        return self.prompts[prompt_id]

    def __contains__(self, prompt_id: str) -> bool:
        return prompt_id in self.prompts

    def text(self, prompt_id: str, **params: object) -> str:
        """The rendered text of a prompt."""
        return self.prompts[prompt_id].render(params)


def load(path: Path) -> Catalogue:
    """Read one catalogue file (`prompts/de.toml`), checking its syntax and placeholders."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    prompts: dict[str, Prompt] = {}
    for section, entries in data.items():
        if not isinstance(entries, dict):
            raise CatalogueError(f"{path}: {section!r} must be a [section] of prompts")
        for key, text in entries.items():
            prompt_id = f"{section}.{key}"
            if not isinstance(text, str):
                raise CatalogueError(f"{path}: {prompt_id} must be a string")
            prompts[prompt_id] = Prompt(prompt_id, text, _fields(path, prompt_id, text))
    return Catalogue(path.stem, prompts)


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
