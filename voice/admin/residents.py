"""Bewohnerinnen und Bewohner: who registered or left their name, with DSGVO export and
erasure (the erasure itself is voice.registrations.erasure)."""

from __future__ import annotations

import logging

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import languages
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm, ResidentForm
from voice.centres import directory
from voice.db import db
from voice.models import Registration, Resident, Role, utcnow
from voice.registrations import erasure, export
from voice.registrations.residents import masked

log = logging.getLogger(__name__)


@bp.get("/residents")
@require(Role.STAFF)
def residents() -> ResponseReturnValue:
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
        language_names=languages.names(),
    )


def _language_choices(current: str) -> list[tuple[str, str]]:
    """Every language with a catalogue, by its own name; a resident's language whose file is
    gone stays choosable, so that saving the name does not change it."""
    choices = list(languages.names().items())
    if current not in languages.names():
        choices.append((current, f"{current} (keine Ansagen in dieser Sprache)"))
    return choices


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@require(Role.STAFF)
def resident(resident_id: int) -> ResponseReturnValue:
    person = db.get_or_404(Resident, resident_id)
    form = ResidentForm(obj=person) if request.method == "GET" else ResidentForm()
    form.language.choices = _language_choices(person.language)
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
        centre_name=lambda centre_id: directory().by_id(centre_id).name,
        confirm=ConfirmForm(),
    )


@bp.get("/residents/<int:resident_id>/export.zip")
@require(Role.STAFF)
def export_resident(resident_id: int) -> Response:
    """Everything about one person as a ZIP: the data as JSON and their recordings."""
    person = db.get_or_404(Resident, resident_id)
    body = export.export_zip(db.session, person, current_app.extensions["audio_store"])
    return Response(
        body,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="bewohner-{person.id}.zip"',
            "Cache-Control": "no-store",  # personal data: no copy in a shared cache
        },
    )


@bp.post("/residents/<int:resident_id>/erase")
@require(Role.STAFF)
def erase_resident(resident_id: int) -> ResponseReturnValue:
    """Erase everything about one person. Their seats go to the waiting list first."""
    person = db.get_or_404(Resident, resident_id)
    if (
        not ConfirmForm().validate_on_submit()
        or request.form.get("confirm_phone", "").replace(" ", "")[-4:] != person.phone[-4:]
    ):
        flash("Zum Löschen bitte die letzten vier Ziffern der Nummer eingeben.", "error")
        return redirect(url_for("admin.resident", resident_id=person.id))
    store = current_app.extensions["audio_store"]
    erased = erasure.erase(db.session, person, store=store)
    db.session.commit()
    failed = erasure.remove_outside(
        erased,
        store,
        current_app.extensions["telephony"],
        provider_deleted_fetched=current_app.config["RECORDINGS_DELETE_AT_TWILIO"],
    )
    log.info("erased resident %s: %s recordings", resident_id, erased.recordings)
    if failed:
        flash(
            "Alle Angaben zu dieser Person sind gelöscht. Einige Aufnahmen konnten nicht sofort "
            "entfernt werden (siehe Protokoll); das nächste Aufräumen löscht sie.",
            "error",
        )
    else:
        flash("Alle Angaben zu dieser Person sind gelöscht.", "info")
    return redirect(url_for("admin.residents"))
