"""The start page: what is running, and the way to the phone simulator."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Where `scripts/serve` sends a newcomer."""
    return render_template(
        "home.html",
        simulated=current_app.config["TELEPHONY_SIMULATED"],
        ffmpeg=current_app.extensions["ffmpeg"],
        engine=current_app.config["VOICE_TTS_ENGINE"],
    )
