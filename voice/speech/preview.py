"""Hearing text as the phone will say it, for staff: built on request, never in a call."""

from __future__ import annotations

from flask import current_app

from voice.speech import audio_settings
from voice.speech.build import render
from voice.speech.engines import EngineError, PicoEngine


def preview_wav(text: str) -> bytes | None:
    """The text as telephone audio with the offline voice; None without ffmpeg or text."""
    if not text.strip() or not current_app.extensions["ffmpeg"]:
        return None
    try:
        return render(
            PicoEngine(),
            text,
            current_app.config["VOICE_LANGUAGE"],
            audio_settings(current_app.config),
        )
    except EngineError:
        return None
