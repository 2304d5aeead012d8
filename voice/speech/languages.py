"""The languages a call can speak: one catalogue file each in PROMPTS_DIR (`prompts/tr.toml`).

German is the reference every other catalogue is checked against; a fourth language is a new
file and nothing else."""

from __future__ import annotations

from pathlib import Path

from voice.speech.catalogue import Catalogue, load

REFERENCE = "de"


def codes(folder: Path) -> list[str]:
    """The language codes with a catalogue, German first, then by code."""
    found = sorted(path.stem for path in folder.glob("*.toml"))
    return sorted(found, key=lambda code: code != REFERENCE)


def load_all(folder: Path) -> dict[str, Catalogue]:
    """Every language's catalogue, German first."""
    return {code: load(folder / f"{code}.toml") for code in codes(folder)}
