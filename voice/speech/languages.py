"""The languages a call can speak: one catalogue file each in PROMPTS_DIR (`prompts/tr.toml`).

German is the reference every other catalogue is checked against; a fourth language is a new
file and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from voice.speech.catalogue import Catalogue, load

REFERENCE = "de"
# The keys the greeting offers the other languages with, in catalogue order: free in the main
# menu (1-5 are its choices, 8 the staff line, 9 and 0 fixed). A further language is chosen in
# the language menu.
GREETING_KEYS = ("7", "6")


def codes(folder: Path) -> list[str]:
    """The language codes with a catalogue, German first, then by code."""
    found = sorted(path.stem for path in folder.glob("*.toml"))
    return sorted(found, key=lambda code: code != REFERENCE)


def load_all(folder: Path) -> dict[str, Catalogue]:
    """Every language's catalogue, German first."""
    return {code: load(folder / f"{code}.toml") for code in codes(folder)}


def greeting_keys(own: str, codes: Iterable[str]) -> dict[str, str]:
    """Key -> language, as the greeting of a call in `own` offers the other languages."""
    others = [code for code in codes if code != own]
    return dict(zip(GREETING_KEYS, others, strict=False))
