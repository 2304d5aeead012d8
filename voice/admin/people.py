"""Nachrichten (residents' recorded messages) and Bewohnerinnen und Bewohner (with DSGVO
export and erasure)."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from voice.admin.access import require
from voice.admin.forms import ConfirmForm, MessageForm, ResidentForm
from voice.admin.registrations import masked
from voice.admin.views import bp
from voice.db import db
from voice.models import Message, Registration, Resident, Role, utcnow
from voice.registrations import erasure


@bp.get("/messages")
@require(Role.STAFF)
def messages():
    """Open messages first, newest first; done ones below."""
    rows = db.session.scalars(select(Message).order_by(Message.created_at.desc())).all()
    names = _names({m.resident_id for m in rows if m.resident_id})
    return render_template(
        "admin/messages.html",
        open=[m for m in rows if m.done_at is None],
        done=[m for m in rows if m.done_at is not None][:100],
        names=names,
        masked=masked,
        form=MessageForm(),
    )


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(Resident.id, Resident.name).where(Resident.id.in_(ids)))
    return {row.id: row.name or "" for row in rows}


@bp.post("/messages/<int:message_id>")
@require(Role.STAFF)
def update_message(message_id: int):
    message = db.get_or_404(Message, message_id)
    form = MessageForm()
    if form.validate_on_submit():
        message.handled_by = (form.handled_by.data or "").strip() or None
        message.done_at = (message.done_at or utcnow()) if form.done.data else None
        db.session.commit()
        flash("Gespeichert.", "info")
    return redirect(url_for("admin.messages"))


@bp.get("/residents")
@require(Role.STAFF)
def residents():
    """Everyone who registered or left their name, by name."""
    query = select(Resident).order_by(Resident.name.is_(None), Resident.name, Resident.id)
    term = request.args.get("q", "").strip()
    if term:
        query = query.where(
            Resident.name.ilike(f"%{term}%") | Resident.phone.contains(term.replace(" ", ""))
        )
    return render_template(
        "admin/residents.html",
        rows=db.session.scalars(query.limit(500)).all(),
        masked=masked,
        term=term,
    )


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@require(Role.STAFF)
def resident(resident_id: int):
    person = db.get_or_404(Resident, resident_id)
    form = ResidentForm(obj=person) if request.method == "GET" else ResidentForm()
    if request.method == "GET":
        form.consent.data = person.consent_at is not None
    if form.validate_on_submit():
        person.name = (form.name.data or "").strip() or None
        person.language = form.language.data
        person.consent_at = (person.consent_at or utcnow()) if form.consent.data else None
        db.session.commit()
        flash("Gespeichert.", "info")
        return redirect(url_for("admin.resident", resident_id=person.id))
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.resident_id == person.id)
        .order_by(Registration.created_at.desc())
    ).all()
    return render_template(
        "admin/resident.html",
        person=person,
        form=form,
        registrations=registrations,
        confirm=ConfirmForm(),
        masked=masked,
    )


@bp.get("/residents/<int:resident_id>/export.json")
@require(Role.STAFF)
def export_resident(resident_id: int) -> Response:
    person = db.get_or_404(Resident, resident_id)
    body = json.dumps(erasure.export(db.session, person), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="bewohner-{person.id}.json"'},
    )


@bp.post("/residents/<int:resident_id>/erase")
@require(Role.STAFF)
def erase_resident(resident_id: int):
    """Erase everything about one person. Their seats go to the waiting list first."""
    person = db.get_or_404(Resident, resident_id)
    if (
        not ConfirmForm().validate_on_submit()
        or request.form.get("confirm_phone", "").replace(" ", "")[-4:] != person.phone[-4:]
    ):
        flash("Zum Löschen bitte die letzten vier Ziffern der Nummer eingeben.", "error")
        return redirect(url_for("admin.resident", resident_id=person.id))
    erasure.erase(db.session, person)
    db.session.commit()
    flash("Alle Angaben zu dieser Person sind gelöscht.", "info")
    return redirect(url_for("admin.residents"))
