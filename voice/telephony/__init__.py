"""The telephony seam: one object per app that speaks for the phone provider."""

from __future__ import annotations

from flask import Flask, current_app

from voice.telephony.base import Telephony
from voice.telephony.simulator.web import bp as simulator_bp
from voice.telephony.twilio import TwilioTelephony


def init_app(app: Flask) -> None:
    """Attach the provider; without Twilio the phone simulator takes its place."""
    app.extensions["telephony"] = TwilioTelephony(app.config["TWILIO_AUTH_TOKEN"])
    if app.config["TELEPHONY_SIMULATED"]:
        app.register_blueprint(simulator_bp)


def current_telephony() -> Telephony:
    """The provider of the running app."""
    return current_app.extensions["telephony"]


__all__ = ["Telephony", "TwilioTelephony", "current_telephony", "init_app"]
