"""Live meetings: who is on the phone, muted or not, hands raised; mute, unmute, lower a hand,
remove. The page refreshes itself; the actions go through the telephony seam."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm
from voice.db import db
from voice.meetings import state as meetings
from voice.models import BridgeKind, Event, Role, utcnow

ACTIONS = ("mute", "unmute", "lower", "remove")


@bp.get("/meetings")
@require(Role.STAFF)
def live_meetings() -> ResponseReturnValue:
    """The conference events running now."""
    now = utcnow()
    running = db.session.scalars(
        select(Event)
        .where(
            Event.centre_id == centre.here().id,
            Event.bridge_kind == BridgeKind.CONFERENCE,
            Event.cancelled_at.is_(None),
            Event.starts_at <= now,
            Event.ends_at > now,
        )
        .order_by(Event.starts_at)
    ).all()
    return render_template("admin/meetings.html", running=running)


@bp.get("/meetings/<int:event_id>")
@require(Role.STAFF)
def live_panel(event_id: int) -> ResponseReturnValue:
    event = centre.own_or_404(Event, event_id)
    return render_template("admin/meeting_panel.html", event=event, form=ConfirmForm())


@bp.get("/meetings/<int:event_id>/state.json")
@require(Role.STAFF)
def live_state(event_id: int) -> Response:
    """Everyone on the phone in the meeting, for the panel's refresh."""
    centre.own_or_404(Event, event_id)
    people = meetings.present(db.session, event_id)
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    return jsonify(
        total=len(people),
        hands=sum(p.hand_raised for p in people),
        participants=[
            {
                "call_sid": p.call_sid,
                "label": p.label or "Unbekannt",
                "since": p.joined_at.astimezone(tz).strftime("%H:%M") if p.joined_at else "",
                "muted": p.muted,
                "hand": p.hand_raised,
                "speaking": p.speaking,
            }
            for p in people
        ],
    )


@bp.post("/meetings/<int:event_id>/<call_sid>/<action>")
@require(Role.STAFF)
def live_action(event_id: int, call_sid: str, action: str) -> ResponseReturnValue:
    """mute, unmute, lower (a hand) or remove one caller."""
    event = centre.own_or_404(Event, event_id)
    if action not in ACTIONS or not ConfirmForm().validate_on_submit():
        abort(400)
    person = meetings.participant(db.session, event.id, call_sid)
    telephony = current_app.extensions["telephony"]
    if action in ("mute", "unmute"):
        telephony.update_participant(
            meetings.conference_name(event), call_sid, muted=action == "mute"
        )
    elif action == "lower":
        person.hand_raised = False
    else:
        telephony.hang_up(call_sid)
    db.session.commit()
    return (
        jsonify(ok=True)
        if request.accept_mimetypes.best == "application/json"
        else live_state(event_id)
    )
