"""The admin page's events: the list, creating, changing, cancelling, and how one sounds."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre, event_service, languages
from voice.admin.access import require
from voice.admin.blueprint import bp, local_zone
from voice.admin.forms import ConfirmForm, EventForm
from voice.db import db
from voice.models import BridgeKind, Event, Role, utcnow
from voice.speech.dynamic import describe_event
from voice.speech.preview import preview_wav, wav_response_or_pending


@bp.get("/events")
@require()
def events() -> ResponseReturnValue:
    """Upcoming and past events."""
    now = utcnow()
    mine = Event.centre_id == centre.here().id
    rows = db.session.scalars(select(Event).where(mine).order_by(Event.starts_at)).all()
    upcoming = [e for e in rows if e.ends_at > now]
    past = [e for e in reversed(rows) if e.ends_at <= now][:50]
    return render_template(
        "admin/events.html",
        upcoming=upcoming,
        past=past,
        tz=local_zone(),
        now=now,
        languages=languages.others(),
    )


def _form_class() -> type[EventForm]:
    return EventForm.with_languages(languages.others())


def _edit(event: Event, form: EventForm, template_title: str) -> ResponseReturnValue:
    if form.validate_on_submit():
        try:
            warnings = event_service.save(
                db.session, event, form.data, local_zone(), form.translations()
            )
        except event_service.EventError as error:
            getattr(form, error.field).errors.append(str(error))
            db.session.rollback()
        else:
            db.session.commit()
            for warning in warnings:
                flash(warning, "warning")
            flash(f"„{event.title}“ ist gespeichert.", "info")
            return redirect(url_for("admin.events"))
    status = 422 if form.errors else 200
    return render_template(
        "admin/event_form.html", form=form, event=event, title=template_title
    ), status


@bp.route("/events/new", methods=["GET", "POST"])
@require(Role.STAFF)
def new_event() -> ResponseReturnValue:
    """Create an event."""
    form = _form_class()()
    if request.method == "GET":
        form.phone_code.data = event_service.free_code(db.session)
    return _edit(Event(seats_taken=0, centre_id=centre.here().id), form, "Neue Veranstaltung")


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@require(Role.STAFF)
def edit_event(event_id: int) -> ResponseReturnValue:
    """Change an event."""
    event = centre.own_or_404(Event, event_id)
    form_class = _form_class()
    form = form_class(obj=event) if request.method == "GET" else form_class()
    if request.method == "GET":
        form.fill_translations(event.translations or {})
        form.starts_at.data = event_service.to_local(event.starts_at, local_zone())
        form.ends_at.data = event_service.to_local(event.ends_at, local_zone())
        form.bridge_kind.data = event.bridge_kind.value
        if event.bridge_kind is BridgeKind.SIP:
            form.sip_address.data = event.bridge_target
        elif event.bridge_kind is BridgeKind.PHONE:
            form.dial_number.data = event.bridge_target
    return _edit(event, form, "Veranstaltung ändern")


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@require(Role.STAFF)
def cancel_event(event_id: int) -> ResponseReturnValue:
    """Cancel an event, after a confirmation."""
    event = centre.own_or_404(Event, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        calls = event_service.cancel(db.session, event)
        db.session.commit()
        flash(f"„{event.title}“ ist abgesagt und wird am Telefon nicht mehr angesagt.", "info")
        if calls:
            flash(f"{calls} Angemeldete werden angerufen und erfahren es.", "info")
        return redirect(url_for("admin.events"))
    return render_template("admin/confirm_cancel.html", form=form, event=event, tz=local_zone())


@bp.get("/events/<int:event_id>/preview.wav")
@require(Role.STAFF, Role.VOLUNTEER)
def preview_event(event_id: int) -> Response:
    """How the event sounds in the phone menu, once the speech worker has built it."""
    event = centre.own_or_404(Event, event_id)
    return wav_response_or_pending(preview_wav(describe_event(event, utcnow(), local_zone())))
