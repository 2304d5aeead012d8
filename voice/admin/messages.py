"""Nachrichten: the residents' recorded messages, open ones first, and who handles them."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import MessageForm
from voice.db import db
from voice.models import Message, RecordingState, Resident, Role, utcnow

FETCHING = "Die Aufnahme wird gerade abgeholt …"


@bp.get("/messages")
@require(Role.STAFF)
def messages() -> ResponseReturnValue:
    """Open messages first, newest first; done ones below."""
    mine = Message.centre_id == centre.here().id
    rows = db.session.scalars(select(Message).where(mine).order_by(Message.created_at.desc())).all()
    names = _names({m.resident_id for m in rows if m.resident_id})
    return render_template(
        "admin/messages.html",
        open=[m for m in rows if m.done_at is None],
        done=[m for m in rows if m.done_at is not None][:100],
        names=names,
        form=MessageForm(),
    )


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(Resident.id, Resident.name).where(Resident.id.in_(ids)))
    return {row.id: row.name or "" for row in rows}


@bp.post("/messages/<int:message_id>")
@require(Role.STAFF)
def update_message(message_id: int) -> ResponseReturnValue:
    message = centre.own_or_404(Message, message_id)
    form = MessageForm()
    if form.validate_on_submit():
        message.handled_by = (form.handled_by.data or "").strip() or None
        message.done_at = (message.done_at or utcnow()) if form.done.data else None
        db.session.commit()
        flash("Gespeichert.", "info")
    return redirect(url_for("admin.messages"))


@bp.get("/messages/<int:message_id>/audio.wav")
@require(Role.STAFF)
def message_audio(message_id: int) -> ResponseReturnValue:
    """The message's recording once it is fetched; 202 while the recordings worker fetches
    it (the page's player appears then by itself), 404 with the reason when it cannot."""
    recording = centre.own_or_404(Message, message_id).recording
    if recording is not None and recording.audio_name:
        return redirect(url_for("speech.audio", name=recording.audio_name))
    if recording is not None and recording.state in (
        RecordingState.RECORDING,
        RecordingState.PENDING,
    ):
        return Response(FETCHING, 202, mimetype="text/plain")
    reason = "Die Aufnahme konnte nicht abgeholt werden."
    if recording is not None and recording.last_error:
        reason += f" {recording.last_error}"
    return Response(reason, 404, mimetype="text/plain")
