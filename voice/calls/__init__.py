"""The resident's call: the /voice webhooks, the menu engine and the menus."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from voice import caches, telephony
from voice.calls import engine
from voice.calls.menus import staff
from voice.calls.views import bp
from voice.models import User

STAMP = "staff-phones.changed"  # in AUDIO_DIR: written when staff accounts change


def init_app(app: Flask) -> None:
    """Register the /voice blueprint, publish the menu labels, keep the staff numbers. (Each
    centre's office hours and numbers: voice.centres.)"""
    telephony.init_app(app)
    # The call log on the admin page names menus from here (admin may not import calls).
    app.extensions["menu_labels"] = engine.menu_labels()
    app.extensions.setdefault("stamped", {})[staff.STAFF_PHONES] = caches.Stamped(
        staff.STAFF_PHONES,
        Path(app.config["AUDIO_DIR"]) / STAMP,
        (User,),
        staff.staff_phones,
        frozenset[str](),
        shared=caches.versions(app),
    )
    app.register_blueprint(bp)
