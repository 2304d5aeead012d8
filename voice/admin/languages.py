"""The languages a call can speak, as the admin page names them: each by its own name
("English", "Türkçe"), German first, from the catalogues loaded at start."""

from __future__ import annotations

from flask import current_app

from voice.speech.catalogue import Catalogue
from voice.speech.languages import REFERENCE


def catalogues() -> dict[str, Catalogue]:
    """Every language's catalogue, German first."""
    found: dict[str, Catalogue] = current_app.extensions["catalogues"]
    return found


def names() -> dict[str, str]:
    """Language code -> the language's own name, German first."""
    return {code: c.written("language_name") for code, c in catalogues().items()}


def others() -> dict[str, str]:
    """The languages besides German (staff may type titles in them), by their own names."""
    return {code: name for code, name in names().items() if code != REFERENCE}


def chosen(requested: str | None) -> str:
    """The language a page was asked for (`?sprache=en`); German when it has no catalogue."""
    return requested if requested in catalogues() else REFERENCE
