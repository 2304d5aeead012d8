"""Every /voice request must carry a valid X-Twilio-Signature for the URL Twilio called."""

from __future__ import annotations

import logging

from flask import Request, abort, current_app, request

from voice.telephony import current_telephony

log = logging.getLogger(__name__)
SHOWN = 40  # characters of a refused request's CallSid in the log (a real one has 34)


def called_url(req: Request, public_base_url: str) -> str:
    """The URL as Twilio called it: PUBLIC_BASE_URL + path + query, or what the proxy saw."""
    query = req.query_string.decode()
    path = req.path + (f"?{query}" if query else "")
    if public_base_url:
        return public_base_url.rstrip("/") + path
    proto = _first(req.headers.get("X-Forwarded-Proto")) or req.scheme
    host = _first(req.headers.get("X-Forwarded-Host")) or req.host
    return f"{proto}://{host}{path}"


def _first(value: str | None) -> str | None:
    return value.split(",")[0].strip() if value else None


def require_signature() -> None:
    """before_request of the /voice blueprint: 403 before anything is read or written."""
    url = called_url(request, current_app.config["PUBLIC_BASE_URL"])
    signature = request.headers.get("X-Twilio-Signature", "")
    if not current_telephony().is_genuine(url, request.form, signature):
        sid = (request.form.get("CallSid") or "")[:SHOWN]  # an attacker's value: kept short
        log.warning("rejected unsigned or forged webhook %s (CallSid %r)", url[:200], sid)
        abort(403)
