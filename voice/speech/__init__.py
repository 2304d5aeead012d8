"""Speech: the prompt catalogue, TTS engines, telephone audio and how prompts reach a call."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for

from voice import caches
from voice.db import db
from voice.models import PromptRecording, Recording, RecordingState
from voice.speech import dates, languages, recordings
from voice.speech.catalogue import Catalogue, load
from voice.speech.engines import PicoEngine, engine_names, gtts_voice
from voice.speech.settings import AudioSettings, ffmpeg_available
from voice.speech.store import AudioStore
from voice.speech.views import bp
from voice.speech.voice import Voice

log = logging.getLogger(__name__)
STAMP = "prompt-recordings.changed"  # in AUDIO_DIR: written when staff recordings change


def audio_settings(config: Mapping[str, Any]) -> AudioSettings:
    """The audio settings from the configuration."""
    return AudioSettings(tempo=config["VOICE_TEMPO"], loudness=config["VOICE_LOUDNESS"])


def init_app(app: Flask) -> None:
    """Load the catalogue, set up the audio store, and check ffmpeg once, at start."""
    language = app.config["VOICE_LANGUAGE"]
    # Every language's catalogue, German first (the admin shows them all).
    catalogues = languages.load_all(Path(app.config["PROMPTS_DIR"]))
    app.extensions["catalogues"] = catalogues
    for each in catalogues.values():
        dates.register(each)  # how each language says dates: its [dates] section
    catalogue = catalogues[language]
    engines = engine_names(app.config["VOICE_TTS_ENGINE"])
    app.extensions["ffmpeg"] = ffmpeg_available()
    store = None
    if engines and not app.extensions["ffmpeg"]:
        log.error(
            "ffmpeg fehlt: Ansagen können nicht gebaut werden und werden mit <Say> gesprochen. "
            "Installieren Sie es mit: apt-get install ffmpeg"
        )
    else:
        # Also with `say`: staff recordings and uploaded announcements live in the store.
        voices = {"gtts": gtts_voice(app.config["VOICE_GTTS_TLD"]), "pico": PicoEngine.voice}
        store = AudioStore(
            Path(app.config["AUDIO_DIR"]), language, engines, voices, audio_settings(app.config)
        )
    app.extensions["audio_store"] = store
    # prompt id -> audio name of the active staff recordings
    cache: caches.Stamped[Mapping[str, str]] = caches.Stamped(
        "prompt_recordings",
        Path(app.config["AUDIO_DIR"]) / STAMP,
        (PromptRecording, Recording),
        lambda session: recordings.active(session, language),
        {},
    )
    app.extensions.setdefault("stamped", {})["prompt_recordings"] = cache
    app.extensions["voice"] = Voice(
        catalogue,
        app.config,
        store,
        audio_url=_audio_url,
        recordings=lambda: cache.get(lambda: db.session),
    )
    app.register_blueprint(bp)
    app.add_template_global(recording_url)


def _audio_url(name: str) -> str:
    return public_url(url_for("speech.audio", name=name))


def recording_url(recording: Recording | None) -> str:
    """Where a recording plays: our copy once we have it, else Twilio's; "" when it is gone."""
    if recording is None or recording.state is RecordingState.REMOVED:
        return ""
    if recording.audio_name:
        return url_for("speech.audio", name=recording.audio_name)
    return recording.source_url or ""


def public_url(path: str) -> str:
    """An absolute URL for a path of ours, as Twilio must fetch it."""
    if not path.startswith("/"):
        return path  # already absolute
    base = current_app.config["PUBLIC_BASE_URL"] or request.url_root
    return base.rstrip("/") + path


def current_voice() -> Voice:
    """The voice of the running app."""
    voice: Voice = current_app.extensions["voice"]
    return voice


__all__ = ["Catalogue", "Voice", "current_voice", "init_app", "load", "recording_url"]
