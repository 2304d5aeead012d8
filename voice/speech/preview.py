"""Hearing what a call will play, for staff: the built files of a call, one after another.

Nothing is synthesised here (a web request never waits for an engine): a preview is put
together from the audio the speech worker has built, the very files a call plays. Until the
worker has built them all, there is no preview yet, and the page says so and asks again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Response, current_app

from voice.db import db
from voice.speech import shared
from voice.speech.settings import TELEPHONE_RATE
from voice.speech.store import AudioStore
from voice.speech.voice import Line, Voice

if TYPE_CHECKING:  # the audio libraries load with the first preview, not with every worker
    import numpy as np

PENDING = "Wird erstellt …"  # what staff read in place of a player until the audio is built
NEVER = "Keine Vorschau: Twilio liest diesen Text im Anruf selbst vor."


def preview_wav(lines: Iterable[Line]) -> bytes | None:
    """The lines as a call plays them, in one file; None until every piece is built."""
    store: AudioStore | None = current_app.extensions["audio_store"]
    voice: Voice = current_app.extensions["voice"]
    if store is None:
        return None
    import numpy as np
    import soundfile

    from voice.speech.audio import encode

    pause = np.zeros(round(TELEPHONE_RATE * store.settings.pause_ms / 1000), dtype=np.float32)
    pieces: list[np.ndarray] = []
    for line in lines:
        names = voice.audio_names(line.prompt_id, line.params)
        if names is None:
            return None
        for name in names:
            path = shared.local(db.session, store, name)  # a staff recording made elsewhere
            if path is None:
                return None
            try:
                samples, _rate = soundfile.read(path, dtype="float32")
            except (OSError, soundfile.LibsndfileError):
                return None  # removed meanwhile: the worker builds it again
            pieces.append(samples)
        pieces.append(pause)  # between lines, as between the <Play>s of a call
    if not pieces:
        return None
    return encode(np.concatenate(pieces[:-1]))


def wav_response_or_pending(wav: bytes | None) -> Response:
    """The preview, or 202 with a German sentence for the page while the worker builds it
    (404 where nothing is ever built: with `VOICE_TTS_ENGINE=say` Twilio speaks every text)."""
    if wav is None and current_app.config["VOICE_TTS_ENGINE"] == "say":
        return Response(NEVER, 404, mimetype="text/plain")
    if wav is None:
        return Response(PENDING, 202, mimetype="text/plain")
    return Response(wav, mimetype="audio/wav")
