"""„So klingt es“ for a text staff typed but have not saved: the speech worker builds it as it
builds a rebuild request, and the page asks for it by a key made from the text.

The typed texts are kept beside the audio (AUDIO_DIR/typed/KEY.txt) for a day, so that the
player can ask again while the worker builds; a text that is saved becomes a current text
the worker keeps built anyway."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from flask import current_app

from voice.speech.store import AudioStore, write_atomically

KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    return Path(current_app.config["AUDIO_DIR"]) / "typed"


def remember(text: str) -> str:
    """Keep the typed text, ask the worker to build it if it is not built; returns its key."""
    text = text.strip()
    key = hashlib.sha256(text.encode()).hexdigest()[:32]
    folder = _folder()
    _forget_old(folder)
    write_atomically(folder / f"{key}.txt", text.encode())
    store: AudioStore | None = current_app.extensions["audio_store"]
    if store is not None and store.find(text) is None and not store.rebuild_pending(text):
        store.request_rebuild(text)
    return key


def recall(key: str) -> str | None:
    """The typed text of a key, or None (an unknown key, or one forgotten after a day)."""
    if not key.isalnum():
        return None
    try:
        return (_folder() / f"{key}.txt").read_text()
    except OSError:
        return None


def _forget_old(folder: Path) -> None:
    if not folder.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for path in folder.glob("*.txt"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed by another request meanwhile
            pass
