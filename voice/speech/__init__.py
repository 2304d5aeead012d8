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
from voice.speech.engines import engine_names, engine_voices
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
    """Load every language's catalogue, set up a voice and an audio store per language, and
    check ffmpeg once, at start."""
    # Every language's catalogue, German first (the admin shows them all).
    catalogues = languages.load_all(Path(app.config["PROMPTS_DIR"]))
    app.extensions["catalogues"] = catalogues
    for each in catalogues.values():
        dates.register(each)  # how each language says dates: its [dates] section
    if app.config["VOICE_LANGUAGE"] not in catalogues:
        raise ValueError(f"VOICE_LANGUAGE={app.config['VOICE_LANGUAGE']!r}: no catalogue")
    app.extensions["ffmpeg"] = ffmpeg_available()
    usable = app.extensions["ffmpeg"] or app.config["VOICE_TTS_ENGINE"] == "say"
    if not usable:
        log.error(
            "ffmpeg fehlt: Ansagen können nicht gebaut werden und werden mit <Say> gesprochen. "
            "Installieren Sie es mit: apt-get install ffmpeg"
        )
    voices = {code: _voice(app, catalogue, usable) for code, catalogue in catalogues.items()}
    app.extensions["voices"] = voices
    # The service's own language: calls of unknown callers, staff recordings, uploads.
    default = voices[app.config["VOICE_LANGUAGE"]]
    app.extensions["voice"] = default
    app.extensions["audio_store"] = default.store
    app.register_blueprint(bp)
    app.add_template_global(recording_url)


def _voice(app: Flask, catalogue: Catalogue, usable: bool) -> Voice:
    """One language's voice, with its own audio store and cache of staff recordings.

    The stores share one folder (a file's name hashes its language): one URL serves them all,
    and a clean-up keeps what any language needs."""
    language = catalogue.language
    store = None
    if usable:  # also with `say`: staff recordings and uploaded announcements live there
        store = AudioStore(
            Path(app.config["AUDIO_DIR"]),
            language,
            engine_names(app.config["VOICE_TTS_ENGINE"], language),
            engine_voices(app.config),
            audio_settings(app.config),
        )
    # centre id -> prompt id -> audio name of the active staff recordings
    cache: caches.Stamped[Mapping[int | None, Mapping[str, str]]] = caches.Stamped(
        f"prompt_recordings_{language}",
        Path(app.config["AUDIO_DIR"]) / STAMP,
        (PromptRecording, Recording),
        lambda session: recordings.active_by_centre(session, language),
        {},
        shared=caches.versions(app),
        relevant=_of_prompts,
    )
    app.extensions.setdefault("stamped", {})[cache.name] = cache
    return Voice(
        catalogue,
        app.config,
        store,
        audio_url=_audio_url,
        recordings=lambda: cache.get(lambda: db.session),
    )


def _of_prompts(row: object) -> bool:
    """A row the staff recordings depend on: not a resident's recording (those are many)."""
    return not isinstance(row, Recording) or row.purpose == "prompt"


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


def current_voice(language: str | None = None, centre_id: int | None = None) -> Voice:
    """The voice of a language (None: the service's own language, VOICE_LANGUAGE); a language
    without a catalogue gets the service's own. It plays the staff recordings of the centre
    `centre_id` (None: of the default centre)."""
    voices: Mapping[str, Voice] = current_app.extensions["voices"]
    default: Voice = current_app.extensions["voice"]
    voice = voices.get(language, default) if language else default
    return voice.for_centre(centre_id)


__all__ = ["Catalogue", "Voice", "current_voice", "init_app", "load", "recording_url"]
