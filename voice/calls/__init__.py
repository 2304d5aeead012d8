"""The resident's call: the /voice webhooks, the menu engine and the menus."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Flask

from voice import telephony
from voice.calls import engine, office_hours
from voice.calls.views import bp


def init_app(app: Flask) -> None:
    """Register the /voice blueprint, read the office hours once, publish the menu labels."""
    telephony.init_app(app)
    tz = ZoneInfo(app.config["TIMEZONE"])
    app.extensions["office_hours"] = office_hours.parse(app.config["OFFICE_HOURS"], tz)
    # The call log on the admin page names menus from here (admin may not import calls).
    app.extensions["menu_labels"] = engine.menu_labels()
    app.register_blueprint(bp)
