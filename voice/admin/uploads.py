"""Audio that staff upload or record in the browser: checked, converted, stored."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from voice.db import db
from voice.models import Recording, RecordingSource, RecordingState
from voice.speech import audio_settings, shared
from voice.speech.settings import AudioRejected
from voice.speech.store import AudioStore

TELL_ADMIN = (
    " Die Aufnahme wurde nicht gespeichert. Bitte sagen Sie der Person Bescheid, die den "
    "Server betreut (Einstellung AUDIO_DIR)."
)


def usable_store() -> AudioStore:
    """The audio store, or AudioRejected saying why staff cannot store audio now."""
    store: AudioStore | None = current_app.extensions["audio_store"]
    if store is None:
        raise AudioRejected(
            "Aufnahmen können gerade nicht verarbeitet werden: ffmpeg fehlt auf dem Server."
        )
    problem = store.problem()
    if problem:
        raise AudioRejected(problem + TELL_ADMIN)
    return store


def not_stored(store: AudioStore, error: OSError) -> AudioRejected:
    """What to tell staff when saving failed although the folder looked usable (full disk)."""
    return AudioRejected(
        f"Der Ordner für Aufnahmen ({store.root}) nimmt nichts an ({error.strerror})." + TELL_ADMIN
    )


def saved_in(store: AudioStore, wav: bytes) -> str:
    """Save a recording; AudioRejected when the folder fails."""
    try:
        return shared.save_recording(db.session, store, wav)
    except OSError as error:
        raise not_stored(store, error) from error


def store_upload(upload: FileStorage, purpose: str) -> Recording:
    """Convert an uploaded file to telephone audio and store it; returns its new recording.

    AudioRejected (with a message for staff) when it is not usable; then nothing is stored."""
    from voice.speech.audio import convert_upload  # numpy and soxr: only for uploads

    store = usable_store()
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
        audio_name=saved_in(store, wav),
    )
