"""The info screen for the centre's display: public data only, no login."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template

from voice.db import db
from voice.models import utcnow
from voice.registrations import listings
from voice.speech.dates import spoken_when

bp = Blueprint("screen", __name__)
REFRESH_SECONDS = 60  # what is on the phone menu changes seldom; a minute is soon enough


@bp.get("/screen")
def screen() -> str:
    """The number in very large type, what runs now, what comes next; static/screen.js
    refreshes it in place."""
    now = utcnow()
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    live = listings.first_live(db.session, now)
    upcoming = listings.upcoming_list(db.session, now, limit=6)
    return render_template(
        "screen/screen.html",
        number=current_app.config["PUBLIC_PHONE_NUMBER"],
        live=live,
        upcoming=[e for e in upcoming if live is None or e.id != live.id],
        when=lambda e: spoken_when(e.starts_at, now, tz),
        refresh_seconds=REFRESH_SECONDS,
    )
