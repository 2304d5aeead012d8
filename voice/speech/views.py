"""Built audio, served at stable hashed URLs that Twilio (and browsers) may cache for ever."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, send_file

from voice.db import db
from voice.speech import shared
from voice.speech.store import RECORDING_NAME

bp = Blueprint("speech", __name__, url_prefix="/audio")
NAME = re.compile(r"^[0-9a-z]{32}$")
YEAR = 31536000


@bp.get("/<name>.wav")
def audio(name: str) -> Response:
    """One built prompt or staff recording; an unknown name is a 404."""
    store = current_app.extensions["audio_store"]
    if store is None or not NAME.match(name):
        abort(404)
    path = shared.local(db.session, store, name)  # another server's may be ours only there
    if path is None:
        abort(404)
    response = send_file(path, mimetype="audio/wav", etag=True, max_age=YEAR, conditional=True)
    if RECORDING_NAME.fullmatch(name):
        # Someone's voice: no copy in a shared cache, where it would outlive its erasure.
        response.headers["Cache-Control"] = "private, no-store"
    else:
        # The name is a hash of everything that shaped the file: it never changes.
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
