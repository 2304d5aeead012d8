"""The resident's call: the /voice webhooks, the menu engine and the menus."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Flask

from voice import telephony
from voice.calls import office_hours
from voice.calls.views import bp


def init_app(app: Flask) -> None:
    """Register the /voice blueprint and read the office hours once."""
    telephony.init_app(app)
    tz = ZoneInfo(app.config["TIMEZONE"])
    app.extensions["office_hours"] = office_hours.parse(app.config["OFFICE_HOURS"], tz)
    app.register_blueprint(bp)
