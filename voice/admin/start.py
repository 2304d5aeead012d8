"""The start page after the login: what needs attention today, each with where to act."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from flask.typing import ResponseReturnValue

from voice.admin import attention, centre
from voice.admin.access import require
from voice.admin.blueprint import bp, local_zone
from voice.admin.registrations import REMINDER
from voice.centres import directory
from voice.db import db
from voice.models import Role, utcnow

PURPOSES = {  # what a recording was for, in words
    "message": "Nachricht",
    "name": "Name bei einer Anmeldung",
    "announcement": "Ansage",
    "prompt": "Ansage des Telefons",
}


@bp.get("/")
@require()
def index() -> ResponseReturnValue:
    """The current centre's events of today and tomorrow; for its staff also messages,
    failed calls and recordings, the settings that are missing and numbers no centre has."""
    now = utcnow()
    staff = centre.may(Role.STAFF)
    here = centre.here()
    session = db.session
    return render_template(
        "admin/start.html",
        soon=attention.soon(session, now, local_zone(), here.id),
        tz=local_zone(),
        messages=attention.new_messages(session, here.id) if staff else [],
        unreached=attention.unreached(session, now, here.id) if staff else [],
        unfetched=attention.unfetched(session, now) if staff else [],
        missing=attention.missing_settings(current_app.config, here) if staff else [],
        unclaimed=_unclaimed(now) if staff and (here.is_default or centre.city_wide()) else [],
        reminder_states=REMINDER,
        purposes=PURPOSES,
    )


def _unclaimed(now: datetime) -> list[attention.Unclaimed]:
    """Calls to numbers no centre names; with one centre only, every call is its own."""
    places = directory().places
    if len(places) < 2:
        return []
    return attention.unclaimed(db.session, now, (n for p in places for n in p.numbers))
