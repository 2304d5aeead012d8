"""Audio that staff upload or record in the browser: checked, converted, stored."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from voice.models import Recording, RecordingSource, RecordingState
from voice.speech import audio_settings
from voice.speech.audio import AudioRejected, convert_upload


def store_upload(upload: FileStorage, purpose: str) -> Recording:
    """Convert an uploaded file to telephone audio and store it; returns its new recording.

    AudioRejected (with a message for staff) when it is not usable; then nothing is stored."""
    store = current_app.extensions["audio_store"]
    if store is None:
        raise AudioRejected(
            "Aufnahmen können gerade nicht verarbeitet werden: ffmpeg fehlt auf dem Server."
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        upload.save(path)
        if path.stat().st_size == 0:
            raise AudioRejected("Die Datei ist leer.")
        wav = convert_upload(
            path, audio_settings(current_app.config), current_app.config["AUDIO_MAX_SECONDS"]
        )
    return Recording(
        source=RecordingSource.UPLOAD,
        purpose=purpose,
        state=RecordingState.READY,
        audio_name=store.save_recording(wav),
    )
