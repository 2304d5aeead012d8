"""Unregistering someone from an event: asked once, and undone right after if need be.

„Abmelden“ gives the seat to the first on the waiting list at once, so the page asks first
(a confirmation page; with JavaScript, pages.js asks in a dialog instead and sends the form
confirmed). Right after, the list offers „Rückgängig“ for UNDO_FOR: the person gets their seat
back if one is free, else the first place on the waiting list; whoever moved up keeps the
seat (booking.restore). Only the browser that unregistered may undo (its session holds it),
and only then: a later „undo“ would let someone jump the waiting list."""

from __future__ import annotations

import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm
from voice.db import db
from voice.models import Event, Registration, RegistrationStatus, Role
from voice.registrations import booking
from voice.registrations.booking import Outcome

UNDO_FOR = 10 * 60  # seconds
HELPERS = (Role.STAFF, Role.VOLUNTEER)  # who may book and unregister people (registrations.py)


def registration_or_404(event_id: int, registration_id: int) -> Registration:
    """The registration of the URL, when it belongs to the URL's event."""
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event_id or registration.event.centre_id != centre.here().id:
        abort(404)
    return registration


def _first_waiting(event_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITING)
        .order_by(Registration.queued_at, Registration.id)
        .limit(1)
    )


@bp.route(
    "/events/<int:event_id>/registrations/<int:registration_id>/cancel", methods=["GET", "POST"]
)
@require(*HELPERS)
def cancel_registration(event_id: int, registration_id: int) -> ResponseReturnValue:
    """Unregister, once confirmed; otherwise the page that asks (what happens to the seat)."""
    registration = registration_or_404(event_id, registration_id)
    form = ConfirmForm()
    back = url_for("admin.registrations", event_id=event_id)
    if registration.status is RegistrationStatus.CANCELLED:
        return redirect(back)
    if form.validate_on_submit() and request.form.get("confirmed") == "yes":
        promoted = booking.cancel(db.session, registration)
        db.session.commit()
        who = registration.resident.name or "Die Person"
        message = f"{who} ist abgemeldet."
        if promoted is not None:
            message += (
                f" {promoted.resident.name or 'Die oder der Erste'} von der Warteliste rückt nach."
            )
        flash(message, "info")
        session["undo_cancel"] = {"registration": registration.id, "until": time.time() + UNDO_FOR}
        return redirect(back)
    successor = (
        _first_waiting(event_id) if registration.status is RegistrationStatus.BOOKED else None
    )
    return render_template(
        "admin/confirm_unregister.html",
        form=form,
        registration=registration,
        event=registration.event,
        successor=successor,
    )


def undoable(event: Event) -> Registration | None:
    """The registration of this event this account has just cancelled, while it may undo it."""
    undo = session.get("undo_cancel")
    if not isinstance(undo, dict) or float(undo.get("until", 0)) < time.time():
        return None
    registration = db.session.get(Registration, int(undo.get("registration", 0)))
    if registration is None or registration.event_id != event.id:
        return None
    return registration if registration.status is RegistrationStatus.CANCELLED else None


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/restore")
@require(*HELPERS)
def restore_registration(event_id: int, registration_id: int) -> ResponseReturnValue:
    """Undo the cancellation just made: the seat if free, else the top of the waiting list."""
    registration = registration_or_404(event_id, registration_id)
    back = redirect(url_for("admin.registrations", event_id=event_id))
    if not ConfirmForm().validate_on_submit():
        return back
    if undoable(registration.event) is not registration:
        flash("Das lässt sich nicht mehr rückgängig machen. Melden Sie die Person neu an.", "error")
        return back
    result = booking.restore(db.session, registration)
    db.session.commit()
    session.pop("undo_cancel", None)
    who = registration.resident.name or "Die Person"
    flash(
        {
            Outcome.BOOKED: f"Rückgängig gemacht: {who} ist wieder angemeldet.",
            Outcome.WAITING: f"Rückgängig gemacht: Der Platz ist inzwischen vergeben, {who} steht "
            f"auf der Warteliste ganz vorn (Platz {result.position}).",
            Outcome.CLOSED: "Die Veranstaltung ist abgesagt; niemand wurde angemeldet.",
        }.get(result.outcome, f"{who} ist angemeldet."),
        "info",
    )
    return back
