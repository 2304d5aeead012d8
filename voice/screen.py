"""The info screen for each centre's display (`/screen/<slug>`; `/screen`: the default
centre's): public data only, no login."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, render_template

from voice.centres import Place, directory
from voice.db import db
from voice.models import utcnow
from voice.registrations import listings
from voice.speech.dates import spoken_when

bp = Blueprint("screen", __name__)
REFRESH_SECONDS = 60  # what is on the phone menu changes seldom; a minute is soon enough


@bp.get("/screen")
def screen() -> str:
    """The default centre's screen (the address of a single-centre installation)."""
    return _show(directory().default)


@bp.get("/screen/<slug>")
def centre_screen(slug: str) -> str:
    """One centre's screen: its name, its number, its events."""
    place = directory().by_slug(slug)
    if place is None:
        abort(404)
    return _show(place)


def _show(place: Place) -> str:
    """The number in very large type, what runs now, what comes next; static/screen.js
    refreshes it in place."""
    now = utcnow()
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    live = listings.first_live(db.session, now, centre_id=place.id)
    upcoming = listings.upcoming_list(db.session, now, limit=6, centre_id=place.id)
    return render_template(
        "screen/screen.html",
        centre=place,
        number=place.public_number,
        live=live,
        upcoming=[e for e in upcoming if live is None or e.id != live.id],
        when=lambda e: spoken_when(e.starts_at, now, tz),
        refresh_seconds=REFRESH_SECONDS,
    )
