"""Speech: the prompt catalogue and how prompts become audio in a call."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from voice.speech.catalogue import Catalogue, load
from voice.speech.voice import Voice


def init_app(app: Flask) -> None:
    """Load the catalogue of the configured language once, at start."""
    path = Path(app.config["PROMPTS_DIR"]) / f"{app.config['VOICE_LANGUAGE']}.toml"
    catalogue = load(path)
    app.extensions["voice"] = Voice(catalogue, app.config)


def current_voice() -> Voice:
    """The voice of the running app."""
    return current_app.extensions["voice"]


__all__ = ["Catalogue", "Voice", "current_voice", "init_app", "load"]
