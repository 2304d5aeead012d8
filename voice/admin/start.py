"""The start page after the login: what needs attention today, each with where to act."""

from __future__ import annotations

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from voice.admin import attention
from voice.admin.access import require
from voice.admin.blueprint import bp, local_zone
from voice.admin.registrations import REMINDER
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
    """Today's and tomorrow's events; for staff also messages, failed calls and recordings,
    and the settings that are missing."""
    now = utcnow()
    staff = current_user.may(Role.STAFF)
    return render_template(
        "admin/start.html",
        soon=attention.soon(db.session, now, local_zone()),
        tz=local_zone(),
        messages=attention.new_messages(db.session) if staff else [],
        unreached=attention.unreached(db.session, now) if staff else [],
        unfetched=attention.unfetched(db.session, now) if staff else [],
        missing=attention.missing_settings(current_app.config) if staff else [],
        reminder_states=REMINDER,
        purposes=PURPOSES,
    )
