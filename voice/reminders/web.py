"""Without Twilio: a button in the browser phone places the due reminder calls now, so that
they ring there (for trying the service and for training)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from voice.reminders.cli import make_dialer
from voice.telephony.simulator.web import check_api
from voice.workers import app_object

bp = Blueprint("reminders_sim", __name__, url_prefix="/simulator/api/reminders")


@bp.post("/")
def dial_due() -> Response:
    """Place the reminder calls that are due now."""
    check_api()
    # Signatures are checked against PUBLIC_BASE_URL when it is set; else this page's address.
    base = current_app.config["PUBLIC_BASE_URL"] or request.host_url
    dialer = make_dialer(app_object(), "softphone", base_url=base)
    return jsonify(placed=dialer.run_once())
