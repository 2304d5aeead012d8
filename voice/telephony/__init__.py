"""The telephony seam: one object per app that speaks for the phone provider."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, current_app

from voice.telephony.base import Telephony
from voice.telephony.twilio import TwilioTelephony


class SimulatedTelephony:
    """The seam without Twilio: signatures as Twilio makes them, calls on simulated phones."""

    def __init__(self, app: Flask) -> None:
        from voice.telephony.simulator.phone_system import PhoneSystem

        self._twilio = TwilioTelephony("", app.config["TWILIO_AUTH_TOKEN"])
        self.phones = PhoneSystem(app, app.config["PUBLIC_BASE_URL"] or "http://localhost")

    def is_genuine(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        return self._twilio.is_genuine(url, params, signature)

    def place_call(
        self,
        to: str,
        caller: str,
        url: str,
        status_callback: str | None = None,
        *,
        machine_detection: bool = False,
    ) -> str:
        return self.phones.place_call(
            to, caller, url, status_callback, machine_detection=machine_detection
        )

    def update_participant(self, meeting: str, call_sid: str, *, muted: bool) -> None:
        self.phones.update_participant(meeting, call_sid, muted=muted)

    def hang_up(self, call_sid: str) -> None:
        self.phones.hang_up(call_sid)

    def announce(self, meeting: str, url: str) -> None:
        self.phones.announce(meeting, url)

    def fetch_recording(self, url: str) -> bytes:
        return self.phones.fetch_recording(url)

    def delete_recording(self, sid: str) -> None:
        self.phones.recordings.path(sid).unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    """Twilio when its credentials are configured, otherwise the phone simulator."""
    if app.config["TELEPHONY_SIMULATED"]:
        # Loaded only here: a server connected to Twilio never imports the simulator.
        from voice.telephony.simulator.web import bp as simulator_bp

        app.extensions["telephony"] = SimulatedTelephony(app)
        app.register_blueprint(simulator_bp)
    else:
        app.extensions["telephony"] = TwilioTelephony(
            app.config["TWILIO_ACCOUNT_SID"],
            app.config["TWILIO_AUTH_TOKEN"],
            media_hosts=app.config["RECORDINGS_HOSTS"],
            region=app.config["TWILIO_REGION"],
            edge=app.config["TWILIO_EDGE"],
        )


def current_telephony() -> Telephony:
    """The provider of the running app."""
    telephony: Telephony = current_app.extensions["telephony"]
    return telephony


__all__ = ["SimulatedTelephony", "Telephony", "TwilioTelephony", "current_telephony", "init_app"]
