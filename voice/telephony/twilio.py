"""Twilio behind the telephony seam, through the twilio library only."""

from __future__ import annotations

from collections.abc import Mapping

from twilio.request_validator import RequestValidator


class TwilioTelephony:
    """Checks (and, for the simulator, computes) Twilio's X-Twilio-Signature."""

    def __init__(self, auth_token: str) -> None:
        self._validator = RequestValidator(auth_token)

    def is_genuine(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        """True when the signature matches the URL Twilio called and the POSTed parameters."""
        if not signature:
            return False
        return bool(self._validator.validate(url, dict(params), signature))

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """The X-Twilio-Signature Twilio would send for this request."""
        return self._validator.compute_signature(url, dict(params))
